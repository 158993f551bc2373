package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestClock(t *testing.T) {
	wall := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := New(func() time.Time { return wall })

	assert.Equal(t, wall, c.Now(), "follows wall time by default")

	c.Advance(time.Hour)
	assert.Equal(t, wall.Add(time.Hour), c.Now(), "advance while running")
	wall = wall.Add(time.Minute)
	assert.Equal(t, wall.Add(time.Hour), c.Now(), "keeps running after advance")

	frozenAt := c.Freeze()
	wall = wall.Add(time.Minute)
	assert.Equal(t, frozenAt, c.Now(), "frozen clock ignores wall time")
	assert.True(t, c.State().Frozen)

	c.Advance(2 * time.Hour)
	assert.Equal(t, frozenAt.Add(2*time.Hour), c.Now(), "advance while frozen")

	target := time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)
	c.Set(target)
	assert.Equal(t, target, c.Now(), "set while frozen")

	c.Resume()
	wall = wall.Add(time.Second)
	assert.Equal(t, target.Add(time.Second), c.Now(), "resumes from the frozen instant")

	c.Reset()
	assert.Equal(t, wall, c.Now(), "reset returns to wall time")
	assert.False(t, c.State().Frozen)
}
