package main

import (
	"context"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestMemoryLimitFollowsTheLiveHeap(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		live uint64
		want int64
	}{
		{0, 26 * mib},
		{14 * mib, 26 * mib},     // the demo world with a full journal: the floor
		{20 * mib, 32 * mib},     // 1.5 × live + 2 MiB
		{400 * mib, 602 * mib},   // a large world: never under its own live heap
		{1 << 62, 3<<59 + 2*mib}, // no overflow
	}
	for _, tt := range tests {
		got := memoryLimit(tt.live)
		assert.Equal(t, tt.want, got, "live %d", tt.live)
		assert.Greater(t, got, int64(min(tt.live, 1<<60)), "always above the live heap")
	}
}

func TestFollowLiveHeapSetsTheLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { followLiveHeap(ctx, time.Millisecond); close(done) }()
	assert.Eventually(t, func() bool { return debug.SetMemoryLimit(-1) >= memoryLimitFloor }, 5*time.Second, time.Millisecond)
	cancel()
	<-done
}
