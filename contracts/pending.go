package contracts

import (
	"runtime"
	"sync"
)

// Pending is an embedded contract being parsed in the background, for a
// server that should answer its first request before it has parsed the
// contracts that request does not need: parsing is most of a start-up.
type Pending struct {
	Name string
	get  func() (*Contract, error)
}

// Background queues the named embedded contract for loading (Load's work,
// once per process) and returns at once. Queued contracts load in the
// order queued, as many at a time as there are processors, so the first
// queued is ready soonest; a caller that needs one still queued loads it
// itself at once.
func Background(name string) *Pending {
	p := &Pending{Name: name, get: sync.OnceValues(func() (*Contract, error) { return Load(name) })}
	queue.mu.Lock()
	defer queue.mu.Unlock()
	queue.pending = append(queue.pending, p)
	if queue.workers < runtime.GOMAXPROCS(0) {
		queue.workers++
		go drain()
	}
	return p
}

// Contract waits for the contract and returns it, or why it did not load.
func (p *Pending) Contract() (*Contract, error) { return p.get() }

var queue struct {
	mu      sync.Mutex
	pending []*Pending
	workers int
}

func drain() {
	for {
		queue.mu.Lock()
		if len(queue.pending) == 0 {
			queue.workers--
			queue.mu.Unlock()
			return
		}
		p := queue.pending[0]
		queue.pending = queue.pending[1:]
		queue.mu.Unlock()
		_, _ = p.get()
	}
}
