package contracts

import "sync"

// Pending is an embedded contract being parsed in the background, for a
// server that should answer its first request before it has parsed the
// contracts that request does not need: parsing is most of a start-up.
type Pending struct {
	Name string
	get  func() (*Contract, error)
}

// Background starts loading the named embedded contract (Load's work, once
// per process) and returns at once.
func Background(name string) *Pending {
	p := &Pending{Name: name, get: sync.OnceValues(func() (*Contract, error) { return Load(name) })}
	go func() { _, _ = p.get() }()
	return p
}

// Contract waits for the contract and returns it, or why it did not load.
func (p *Pending) Contract() (*Contract, error) { return p.get() }
