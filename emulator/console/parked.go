package console

import (
	"slices"
	"sync"

	"github.com/zohoaep/zohoaep/emulator/internal/faults"
)

// parked holds the fault rules switched off in the console: out of the
// emulator's rule set, kept here to be switched on again. A reset of the
// emulator through the control API does not clear them (they are the
// console's, not the world's); the console's own reset button does.
type parked struct {
	mu    sync.Mutex
	rules []faults.Rule
}

func (p *parked) put(r faults.Rule) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = slices.DeleteFunc(p.rules, func(x faults.Rule) bool { return x.ID == r.ID })
	p.rules = append(p.rules, r)
}

func (p *parked) take(id string) (faults.Rule, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, r := range p.rules {
		if r.ID == id {
			p.rules = slices.Delete(p.rules, i, i+1)
			return r, true
		}
	}
	return faults.Rule{}, false
}

func (p *parked) list() []faults.Rule {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.rules)
}

func (p *parked) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = nil
}
