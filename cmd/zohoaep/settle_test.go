package main

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
// requests does beside the emulator's live heap, and expects settle to
// give it back while idle.
//
// Heap figures are the whole process's, and other tests of this package
// allocate meanwhile (so settle rightly sees no idle moment): the test
// runs alone, in a child process of the test binary.
func TestSettleGivesBackFreedHeap(t *testing.T) {
	if os.Getenv(settleChild) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSettleGivesBackFreedHeap$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), settleChild+"=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		require.Contains(t, string(out), "--- PASS: TestSettleGivesBackFreedHeap", "the child ran the test")
		return
	}
	live := make([][]byte, 0, 320)
	for range 320 {
		live = append(live, make([]byte, 32<<10)) // 10 MiB live, as an emulator's heap
	}
	garbage := make([][]byte, 0, 512)
	for range 512 {
		garbage = append(garbage, make([]byte, 32<<10)) // 16 MiB in small spans
	}
	runtime.KeepAlive(garbage)
	garbage = nil
	runtime.GC() // freed, but resident until given back
	require.Greater(t, readHeap().slack, uint64(trimAbove), "the runtime gave it back by itself")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		settle(ctx, discard, checkSchedule{early: 5 * time.Millisecond, earlyFor: 50 * time.Millisecond, every: 20 * time.Millisecond})
		close(done)
	}()
	assert.Eventually(t, func() bool { return readHeap().slack < trimAbove }, 5*time.Second, 10*time.Millisecond,
		"freed heap still resident: %d bytes", readHeap().slack)
	cancel()
	<-done
	runtime.KeepAlive(live)
}

// settleChild marks the child process that runs TestSettleGivesBackFreedHeap.
const settleChild = "ZOHOAEP_TEST_SETTLE_CHILD"
