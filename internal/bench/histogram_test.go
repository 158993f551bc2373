package bench

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHistogramQuantiles(t *testing.T) {
	var h Histogram
	for i := 1; i <= 1000; i++ {
		h.Add(time.Duration(i) * time.Millisecond)
	}
	for _, tt := range []struct {
		q    float64
		want time.Duration
	}{
		{0.50, 500 * time.Millisecond},
		{0.90, 900 * time.Millisecond},
		{0.99, 990 * time.Millisecond},
		{1, time.Second},
		{2, time.Second}, // clamped
	} {
		got := h.Quantile(tt.q)
		assert.InEpsilon(t, float64(tt.want), float64(got), 0.005, "p%v = %s", tt.q*100, got)
		assert.LessOrEqual(t, got, tt.want, "a quantile never overstates")
	}
	assert.Equal(t, time.Second, h.Max())
	assert.Equal(t, uint64(1000), h.Count())
	assert.Equal(t, 500500*time.Microsecond, h.Mean())
}

func TestHistogramSmallAndEmpty(t *testing.T) {
	var empty Histogram
	assert.Zero(t, empty.Quantile(0.5))
	assert.Zero(t, empty.Mean())
	assert.Equal(t, Latencies{}, empty.Summary())

	for _, tt := range []struct {
		name string
		add  []time.Duration
		q    float64
		want time.Duration
	}{
		{"one value is every quantile", []time.Duration{7 * time.Microsecond}, 0.99, 7 * time.Microsecond},
		{"below a microsecond counts as zero", []time.Duration{300 * time.Nanosecond}, 0.5, 0},
		{"negative counts as zero", []time.Duration{-time.Second}, 0.5, 0},
		{"nearest rank of two", []time.Duration{time.Microsecond, 9 * time.Microsecond}, 0.5, time.Microsecond},
		{"p0 is the least", []time.Duration{40 * time.Microsecond, 3 * time.Microsecond}, 0, 3 * time.Microsecond},
		{"exact below 1024µs", []time.Duration{1023 * time.Microsecond}, 0.5, 1023 * time.Microsecond},
		{"capped by the max", []time.Duration{1500 * time.Microsecond}, 1, 1500 * time.Microsecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var h Histogram
			for _, d := range tt.add {
				h.Add(d)
			}
			assert.Equal(t, tt.want, h.Quantile(tt.q))
		})
	}
}

func TestHistogramMerge(t *testing.T) {
	var a, b, merged Histogram
	a.Add(3 * time.Microsecond)
	for i := 1; i <= 99; i++ {
		b.Add(time.Duration(i) * 10 * time.Millisecond)
	}
	merged.Merge(&a)
	merged.Merge(&b)
	assert.Equal(t, uint64(100), merged.Count())
	assert.Equal(t, 3*time.Microsecond, merged.Quantile(0))
	assert.Equal(t, 990*time.Millisecond, merged.Max())
	// Merging the smaller into the larger gives the same.
	b.Merge(&a)
	assert.Equal(t, merged.Summary(), b.Summary())
}

func TestHistogramBucketsRoundTrip(t *testing.T) {
	for us := uint64(0); us < 1<<40; us = us*3/2 + 1 {
		v := histValue(histIndex(us))
		require.LessOrEqual(t, v, time.Duration(us)*time.Microsecond, "%dµs", us)
		require.InDelta(t, float64(us), float64(v/time.Microsecond), float64(us)/256+1, "%dµs", us)
	}
}

func TestHistogramJSONIsTheSummary(t *testing.T) {
	var h Histogram
	h.Add(2 * time.Millisecond)
	b, err := json.Marshal(&h)
	require.NoError(t, err)
	assert.JSONEq(t, `{"p50_ns":2000000,"p90_ns":2000000,"p99_ns":2000000,"max_ns":2000000,"mean_ns":2000000}`, string(b))
}

func FuzzHistogram(f *testing.F) {
	f.Add(int64(0), int64(1), int64(1023), 0.5)
	f.Add(int64(5_000_000), int64(1), int64(1<<40), 0.99)
	f.Fuzz(func(t *testing.T, a, b, c int64, q float64) {
		var h Histogram
		for _, v := range []int64{a, b, c} {
			h.Add(time.Duration(v))
		}
		got := h.Quantile(q)
		assert.GreaterOrEqual(t, got, time.Duration(0))
		assert.LessOrEqual(t, got, h.Max())
		s := h.Summary()
		assert.LessOrEqual(t, s.P50, s.P90)
		assert.LessOrEqual(t, s.P90, s.P99)
		assert.LessOrEqual(t, s.P99, s.Max)
	})
}
