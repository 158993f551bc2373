package durable

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Set is a set of parts, by their index in the Committer's part list.
type Set uint64

// All is every part.
const All = ^Set(0)

// Part is one named piece of state and how to export it.
type Part struct {
	Name   string
	Export func() ([]byte, error)
	// Stamp, if set, is a cheap summary of the part that changes whenever
	// a Touch could matter (a count and version of its records, say): a
	// part only touched is exported only when its stamp moved. A Mark
	// always exports.
	Stamp func() uint64
}

// Options tune a Committer; the zero value works.
type Options struct {
	// Lazy bounds how long a change marked without waiting (Touch) stays
	// unwritten; default 100ms.
	Lazy time.Duration
	// Poll is parts exported every PollEvery whether marked or not, for
	// changes made behind the front door (dataflow runs on their timer);
	// their bytes are written only when they changed.
	Poll      Set
	PollEvery time.Duration // default 1s
}

// Committer writes parts to a Store in group commits.
type Committer struct {
	store *Store
	parts []Part
	opts  Options
	kick  chan struct{}
	stop  chan struct{}
	done  chan struct{}

	closeOnce sync.Once

	mu      sync.Mutex
	cond    *sync.Cond
	dirty   Set    // marked: export
	maybe   Set    // touched: export if the stamp moved
	started uint64 // commits begun
	okGen   uint64 // newest commit that succeeded
	failGen uint64 // newest commit that failed
	failErr error
	closed  bool
	last    map[string][]byte // the bytes last written of each part (writer only)
	stamps  map[int]uint64    // the stamp of each part when last exported (writer only)
	stats   Stats
}

// Stats counts the committer's work.
type Stats struct {
	Commits uint64 // commits begun
	Writes  uint64 // transactions written (commits with a changed part)
	Failed  uint64
}

// ErrClosed reports a Mark after Close.
var ErrClosed = errors.New("durable: committer closed")

// NewCommitter starts the writer. last is what the store holds now (from
// Load or an initial write), so unchanged parts are not rewritten.
func NewCommitter(store *Store, parts []Part, last map[string][]byte, opts Options) (*Committer, error) {
	if len(parts) == 0 || len(parts) > 64 {
		return nil, fmt.Errorf("durable: %d parts; between 1 and 64", len(parts))
	}
	if opts.Lazy <= 0 {
		opts.Lazy = 100 * time.Millisecond
	}
	if opts.PollEvery <= 0 {
		opts.PollEvery = time.Second
	}
	c := &Committer{
		store: store, parts: parts, opts: opts,
		kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
		last: map[string][]byte{}, stamps: map[int]uint64{},
	}
	for k, v := range last {
		c.last[k] = v
	}
	c.cond = sync.NewCond(&c.mu)
	go c.loop()
	return c, nil
}

// Mark records that parts changed and returns the ticket to Wait on: the
// next commit to begin, which will export them.
func (c *Committer) Mark(parts Set) uint64 {
	c.mu.Lock()
	c.dirty |= parts
	ticket := c.started + 1
	c.mu.Unlock()
	select {
	case c.kick <- struct{}{}:
	default:
	}
	return ticket
}

// Touch records that parts may have changed, without hurrying a commit.
func (c *Committer) Touch(parts Set) {
	c.mu.Lock()
	c.maybe |= parts
	c.mu.Unlock()
}

// Wait blocks until the commit ticket (or a later one) is durable, or
// returns the error of the commit that failed.
func (c *Committer) Wait(ticket uint64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		switch {
		case c.okGen >= ticket:
			return nil
		case c.failGen >= ticket:
			return c.failErr
		case c.closed:
			return ErrClosed
		}
		c.cond.Wait()
	}
}

// Commit marks parts and waits for them to be durable.
func (c *Committer) Commit(parts Set) error { return c.Wait(c.Mark(parts)) }

// Stats returns the counters.
func (c *Committer) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

// Close writes every part once more and stops the writer.
func (c *Committer) Close() error {
	c.closeOnce.Do(func() { close(c.stop) })
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.cond.Broadcast()
	if c.failGen > c.okGen {
		return c.failErr
	}
	return nil
}

func (c *Committer) loop() {
	defer close(c.done)
	lazy := time.NewTicker(c.opts.Lazy)
	defer lazy.Stop()
	poll := time.NewTicker(c.opts.PollEvery)
	defer poll.Stop()
	for {
		select {
		case <-c.kick:
		case <-lazy.C:
		case <-poll.C:
			c.Touch(c.opts.Poll)
		case <-c.stop:
			c.mu.Lock()
			c.dirty = All
			c.mu.Unlock()
			c.commit()
			return
		}
		c.commit()
	}
}

// commit writes the dirty parts, if any, as one transaction.
func (c *Committer) commit() {
	c.mu.Lock()
	mask, maybe := c.dirty, c.maybe&^c.dirty
	if mask|maybe == 0 {
		c.mu.Unlock()
		return
	}
	c.dirty, c.maybe = 0, 0
	c.started++
	gen := c.started
	c.stats.Commits++
	c.mu.Unlock()

	changed, err := c.export(mask, maybe)
	if err == nil && len(changed) > 0 {
		err = c.store.Write(changed)
	}

	c.mu.Lock()
	if err != nil {
		c.dirty |= mask // try again with the next commit
		c.maybe |= maybe
		clear(c.stamps) // the stamps taken describe nothing stored
		c.failGen, c.failErr = gen, fmt.Errorf("durable: commit: %w", err)
		c.stats.Failed++
	} else {
		c.okGen = gen
		for k, v := range changed {
			c.last[k] = v
		}
		if len(changed) > 0 {
			c.stats.Writes++
		}
	}
	c.cond.Broadcast()
	c.mu.Unlock()
}

// export returns the parts of mask, and those of maybe whose stamp moved,
// whose bytes differ from the last written.
func (c *Committer) export(mask, maybe Set) (map[string][]byte, error) {
	changed := map[string][]byte{}
	for i, p := range c.parts {
		bit := Set(1) << i
		if (mask|maybe)&bit == 0 {
			continue
		}
		if p.Stamp != nil {
			stamp := p.Stamp() // before the export: a change after it moves the stamp again
			if prev, ok := c.stamps[i]; ok && mask&bit == 0 && prev == stamp {
				continue
			}
			c.stamps[i] = stamp
		}
		b, err := p.Export()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Name, err)
		}
		if prev, ok := c.last[p.Name]; ok && bytes.Equal(prev, b) {
			continue
		}
		changed[p.Name] = b
	}
	return changed, nil
}
