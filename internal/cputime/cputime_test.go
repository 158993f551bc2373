//go:build unix

package cputime_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/zohoaep/zohoaep/internal/cputime"
)

// A fixed amount of busy work shows in the process's CPU time.
func TestProcessCountsWork(t *testing.T) {
	before := cputime.Process()
	x := uint64(1)
	for i := 0; i < 5e7; i++ { // tens of milliseconds on any machine
		x = x*6364136223846793005 + 1442695040888963407
	}
	assert.NotZero(t, x)
	assert.Greater(t, cputime.Process()-before, time.Millisecond)
}
