package bench

import (
	"encoding/json"
	"math/bits"
	"time"
)

// Histogram counts latencies in microsecond buckets: exact below 1024 µs,
// then 512 buckets per power of two (under 0.2 % error), so its memory
// stays fixed however long a run is. The zero value is empty and ready.
type Histogram struct {
	counts []uint64
	n      uint64
	sum    time.Duration
	max    time.Duration
}

const (
	histExact = 1024
	histSub   = 512
)

func histIndex(us uint64) int {
	if us < histExact {
		return int(us)
	}
	shift := bits.Len64(us) - 10 // us>>shift is in [512, 1024)
	return histExact + (shift-1)*histSub + int(us>>shift) - histSub
}

// histValue is the lowest latency bucket i holds.
func histValue(i int) time.Duration {
	if i < histExact {
		return time.Duration(i) * time.Microsecond
	}
	shift := (i-histExact)/histSub + 1
	m := uint64((i-histExact)%histSub + histSub)
	return time.Duration(m<<shift) * time.Microsecond
}

// Add counts one latency; a negative one counts as zero.
func (h *Histogram) Add(d time.Duration) {
	d = max(d, 0)
	i := histIndex(uint64(d / time.Microsecond))
	if i >= len(h.counts) {
		h.counts = append(h.counts, make([]uint64, i+1-len(h.counts))...)
	}
	h.counts[i]++
	h.n++
	h.sum += d
	h.max = max(h.max, d)
}

// Merge adds o's counts to h.
func (h *Histogram) Merge(o *Histogram) {
	if len(o.counts) > len(h.counts) {
		h.counts = append(h.counts, make([]uint64, len(o.counts)-len(h.counts))...)
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.sum += o.sum
	h.max = max(h.max, o.max)
}

// Count is the number of latencies added.
func (h *Histogram) Count() uint64 { return h.n }

// Max is the longest latency added.
func (h *Histogram) Max() time.Duration { return h.max }

// Mean is the average latency.
func (h *Histogram) Mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return h.sum / time.Duration(h.n)
}

// Quantile is the latency at or below which a share q (0 to 1) of the
// latencies fell, by the nearest rank; 0 when the histogram is empty.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	q = min(max(q, 0), 1)
	rank := max(uint64(q*float64(h.n)+0.5), 1)
	var seen uint64
	for i, c := range h.counts {
		if seen += c; seen >= rank {
			return min(histValue(i), h.max)
		}
	}
	return h.max
}

// Latencies is a histogram's summary, as reports show it.
type Latencies struct {
	P50  time.Duration `json:"p50_ns"`
	P90  time.Duration `json:"p90_ns"`
	P99  time.Duration `json:"p99_ns"`
	Max  time.Duration `json:"max_ns"`
	Mean time.Duration `json:"mean_ns"`
}

// Summary is the histogram's percentiles, maximum and mean.
func (h *Histogram) Summary() Latencies {
	return Latencies{P50: h.Quantile(0.50), P90: h.Quantile(0.90), P99: h.Quantile(0.99), Max: h.max, Mean: h.Mean()}
}

// MarshalJSON writes the summary, not the buckets.
func (h *Histogram) MarshalJSON() ([]byte, error) { return json.Marshal(h.Summary()) }
