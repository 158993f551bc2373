// Package clock is the emulator's virtual clock: one per instance, driving
// every expiry and schedule. It follows real time by default and can be
// frozen, set and advanced, so a one-hour expiry takes no wall time.
package clock

import (
	"sync"
	"time"
)

// Clock is a virtual clock. Its zero value is not usable; use New.
type Clock struct {
	wall func() time.Time

	mu     sync.RWMutex
	frozen bool
	at     time.Time     // the frozen instant, when frozen
	offset time.Duration // virtual minus wall time, when running
}

// New returns a clock that follows wall, or time.Now when wall is nil.
func New(wall func() time.Time) *Clock {
	if wall == nil {
		wall = time.Now
	}
	return &Clock{wall: wall}
}

// State is the clock's observable state, as the control API shows it.
type State struct {
	Now    time.Time `json:"now"`
	Frozen bool      `json:"frozen"`
	Offset string    `json:"offset"` // virtual minus wall time, as a Go duration
}

// Now returns the virtual time.
func (c *Clock) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.nowLocked()
}

func (c *Clock) nowLocked() time.Time {
	if c.frozen {
		return c.at
	}
	return c.wall().Add(c.offset)
}

// State reports the clock's state.
func (c *Clock) State() State {
	c.mu.RLock()
	defer c.mu.RUnlock()
	now := c.nowLocked()
	return State{Now: now, Frozen: c.frozen, Offset: now.Sub(c.wall()).Round(time.Millisecond).String()}
}

// Freeze stops the clock at the current virtual time.
func (c *Clock) Freeze() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at, c.frozen = c.nowLocked(), true
	return c.at
}

// Resume lets a frozen clock run again from where it stands.
func (c *Clock) Resume() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		c.offset, c.frozen = c.at.Sub(c.wall()), false
	}
	return c.nowLocked()
}

// Set moves the clock to t, keeping it frozen or running as it was.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		c.at = t
		return
	}
	c.offset = t.Sub(c.wall())
}

// Advance moves the clock forward by d (backward if d is negative).
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		c.at = c.at.Add(d)
	} else {
		c.offset += d
	}
	return c.nowLocked()
}

// Reset returns the clock to wall time, running.
func (c *Clock) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.frozen, c.offset, c.at = false, 0, time.Time{}
}
