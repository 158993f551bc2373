// Package emulatortest is to zohoaep what net/http/httptest is to net/http:
// New serves an emulator on loopback for one test, fails the test on any
// contract violation in the exchanges it sees, and cleans up after it.
package emulatortest

import (
	"sync"
	"testing"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

type config struct {
	opts          emulator.Options
	lenientClient bool
}

// Option changes how New builds the emulator.
type Option func(*config)

// WithOptions sets the emulator's options; the default is the demo world.
func WithOptions(o emulator.Options) Option { return func(c *config) { c.opts = o } }

// AllowRequestViolations tolerates requests that break the contract, for
// tests that send bad input on purpose. Response violations, which are
// the emulator's own bugs, still fail the test.
func AllowRequestViolations() Option { return func(c *config) { c.lenientClient = true } }

// New starts an emulator on 127.0.0.1 with a free port, seeded with the
// demo world unless WithOptions says otherwise. It fails t on any contract
// violation and closes the emulator when t ends.
func New(t testing.TB, opts ...Option) *emulator.Emulator {
	t.Helper()
	c := config{opts: emulator.Options{Seed: emulator.Demo()}}
	for _, o := range opts {
		o(&c)
	}
	e, err := emulator.New(c.opts)
	if err != nil {
		t.Fatalf("emulatortest: %v", err)
	}
	var mu sync.Mutex
	done := false
	e.Journal().OnAdd(func(entry journal.Entry) {
		if entry.Verdict == nil || entry.Verdict.OK() {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if done {
			return
		}
		for _, v := range entry.Verdict.Violations {
			if v.Side == contracts.Request && c.lenientClient {
				continue
			}
			t.Errorf("emulatortest: contract violation in %s %s: %s", entry.Method, entry.Path, v)
		}
	})
	if err := e.Start("127.0.0.1:0"); err != nil {
		t.Fatalf("emulatortest: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("emulatortest: close: %v", err)
		}
		mu.Lock()
		done = true
		mu.Unlock()
	})
	return e
}
