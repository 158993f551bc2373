package main

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHistogramQuantiles(t *testing.T) {
	var h histogram
	for i := 1; i <= 1000; i++ {
		h.add(time.Duration(i) * time.Millisecond)
	}
	for _, tt := range []struct {
		q    float64
		want time.Duration
	}{{0.50, 500 * time.Millisecond}, {0.90, 900 * time.Millisecond}, {0.99, 990 * time.Millisecond}, {1, time.Second}} {
		got := h.quantile(tt.q)
		assert.InEpsilon(t, float64(tt.want), float64(got), 0.005, "p%v = %s", tt.q*100, got)
	}
	assert.Equal(t, time.Second, h.max)

	var small, merged histogram
	small.add(3 * time.Microsecond)
	merged.merge(&small)
	merged.merge(&h)
	assert.Equal(t, 3*time.Microsecond, merged.quantile(0))
	assert.Equal(t, uint64(1001), merged.n)
}

func TestHistogramBucketsRoundTrip(t *testing.T) {
	for us := uint64(0); us < 1<<22; us = us*3/2 + 1 {
		v := histValue(histIndex(us))
		assert.LessOrEqual(t, v, time.Duration(us)*time.Microsecond)
		assert.InDelta(t, float64(us), float64(v/time.Microsecond), float64(us)/256+1, "%dµs", us)
	}
}

func TestLoadFlagsAreBounded(t *testing.T) {
	ok := loadFlags{concurrency: 1, duration: time.Second, rounds: 1}
	assert.NoError(t, ok.check())
	for _, f := range []loadFlags{
		{concurrency: 0, duration: time.Second, rounds: 1},
		{concurrency: 1, duration: 0, rounds: 1},
		{concurrency: 1, duration: time.Hour, rounds: 1},
		{concurrency: 1, duration: time.Second, requests: -1, rounds: 1},
		{concurrency: 1, duration: time.Second, rounds: 0},
		{concurrency: 1, duration: time.Second, rounds: 1, refreshToken: "t"},
		{concurrency: 1, duration: time.Second, rounds: 1, target: "http://x", noValidation: true},
	} {
		assert.Error(t, f.check(), "%+v", f)
	}
}

func TestLoadRunsAndStops(t *testing.T) {
	var out strings.Builder
	f := loadFlags{concurrency: 4, duration: 10 * time.Second, requests: 40, rounds: 2, bare: true,
		clientID: "1000.X", clientSecret: "s"}
	require.NoError(t, runLoad(context.Background(), &out, f))
	assert.Contains(t, out.String(), "40 tokens, 0 throttled, 0 other; 0 errors")
	assert.Contains(t, out.String(), "of the bare handler's")
	if runtime.GOOS == "linux" {
		assert.Contains(t, out.String(), "peak RSS (VmHWM)")
	}
}
