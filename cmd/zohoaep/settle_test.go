package main

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestIdleWithSlack(t *testing.T) {
	tests := []struct {
		name      string
		prev, now heapSample
		want      bool
	}{
		{"idle with slack", heapSample{3, 0}, heapSample{3, 8 << 20}, true},
		{"busy: the runtime collected since", heapSample{3, 0}, heapSample{4, 8 << 20}, false},
		{"idle, little slack", heapSample{3, 0}, heapSample{3, 1 << 20}, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, idleWithSlack(tt.prev, tt.now), tt.name)
	}
}

// TestSettleGivesBackFreedHeap leaves freed heap behind, as a burst of
// requests does, and expects settle to give it back while idle.
func TestSettleGivesBackFreedHeap(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		settle(ctx, discard, checkSchedule{early: 5 * time.Millisecond, earlyFor: 50 * time.Millisecond, every: 20 * time.Millisecond})
		close(done)
	}()

	garbage := make([][]byte, 0, 512)
	for range 512 {
		garbage = append(garbage, make([]byte, 32<<10)) // 16 MiB in small spans
	}
	runtime.KeepAlive(garbage)
	garbage = nil
	runtime.GC() // freed, but resident until given back
	assert.Eventually(t, func() bool { return readHeap().freeBytes < trimAbove }, 5*time.Second, 10*time.Millisecond,
		"freed heap still resident: %d bytes", readHeap().freeBytes)
	cancel()
	<-done
}
