package emulator_test

import (
	"context"
	"flag"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/internal/bench"
)

// The soak: a long run of mixed traffic through the whole stack over
// loopback, on Zoho's, Zoho CRM's and IMS's own limits, in which no request
// may fail and memory must stay flat (the journal is a bounded ring; token
// stores are bounded by Zoho's limits). CI runs a short version; the long
// one is behind a flag:
//
//	go test -run Soak -timeout 2h ./emulator/ -soak=1000000
var soakRequests = flag.Int("soak", 0, "requests of the long soak (0: the short version)")

// soakMix is a fleet of connectors' traffic, on a virtual clock that
// advances one minute every soakTick requests: a refresh now and then (each
// of the 8 refresh tokens about 4 times per 10 minutes, under Zoho's 10),
// CRM reads and Flow Service reads (under Zoho CRM's 50,000 daily credits),
// an IMS token now and then (and one before the last expires).
var soakMix = bench.Mix{{Kind: bench.Refresh, Weight: 6}, {Kind: bench.CRMPage, Weight: 35}, {Kind: bench.IMSToken, Weight: 2}, {Kind: bench.FlowConnection, Weight: 54}, {Kind: bench.FlowExplore, Weight: 3}}

const soakTick = 50

// heapSample is the live heap after a collection, at a request count.
type heapSample struct {
	done int64
	heap uint64
}

func TestSoak(t *testing.T) {
	requests, journalSize := int64(*soakRequests), 0 // the default ring, 10,000 entries
	if requests <= 0 {
		requests, journalSize = 3000, 500 // small enough to fill the ring in a short run
	}
	if testing.Short() && *soakRequests == 0 {
		requests = 1500
	}
	clock := emulator.NewClock(nil)
	clock.Freeze()
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo(), Clock: clock, JournalSize: journalSize})
	require.NoError(t, err)
	var violations atomic.Int64
	var firstViolation atomic.Pointer[string]
	e.Journal().OnAdd(func(en journal.Entry) {
		if en.Verdict != nil && !en.Verdict.OK() {
			if violations.Add(1) == 1 {
				s := en.Method + " " + en.Path + ": " + en.Verdict.Summary()
				firstViolation.Store(&s)
			}
		}
	})
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })

	ctx := context.Background()
	const workers = 8
	f, err := bench.Prepare(ctx, bench.Options{Base: e.URL(), Conns: workers, Sessions: workers, PerPage: 20, Now: clock.Now})
	require.NoError(t, err)

	const samples = 20
	sampleEvery := max(requests/samples/soakTick*soakTick, soakTick)
	var (
		mu   sync.Mutex
		heap []heapSample
	)
	sample := func(done int64) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		heap = append(heap, heapSample{done, ms.HeapAlloc})
		mu.Unlock()
	}
	sample(0)
	start := time.Now()
	res, err := f.Run(ctx, bench.Config{Workers: workers, Requests: requests, Mix: soakMix, Seed: 7, Every: soakTick,
		OnEvery: func(done int64) {
			clock.Advance(time.Minute)
			if done%sampleEvery == 0 {
				sample(done)
			}
		}})
	require.NoError(t, err)
	elapsed := time.Since(start)

	total := res.Total()
	for _, kr := range res.Kinds() {
		t.Logf("%-16s %8d requests, %8d ok, %5d throttled, %d failed, %d errors; p50 %s p99 %s max %s",
			kr.Kind, kr.Requests, kr.OK, kr.Throttled, kr.Failed, kr.Errors,
			kr.Latency.Quantile(0.5), kr.Latency.Quantile(0.99), kr.Latency.Max())
	}
	t.Logf("%d requests in %s (%.0f/s), virtual clock advanced %s", total.Requests, elapsed.Round(time.Millisecond),
		float64(total.Requests)/elapsed.Seconds(), time.Duration(requests/soakTick)*time.Minute)
	assert.Zero(t, total.Bad(), "no request may fail; last failure: %s", total.LastFailure)
	if v := violations.Load(); v > 0 {
		t.Errorf("%d exchanges broke a contract; the first: %s", v, *firstViolation.Load())
	}
	// Zoho's own throttles are vendor answers, not failures, but the mix
	// keeps under them: a few at most.
	assert.LessOrEqual(t, total.Throttled, total.Requests/100, "throttled answers")
	for _, k := range bench.Kinds {
		assert.Positive(t, res.Kind(k).OK, "%s", k)
	}

	sample(requests)
	mu.Lock()
	defer mu.Unlock()
	assertFlat(t, heap, requests)
}

// assertFlat fails unless the live heap stopped growing once the journal's
// ring filled: over the last three quarters of the run, the least-squares
// slope of the heap may add at most 10 % of the median heap plus 2 MiB
// across that stretch.
func assertFlat(t *testing.T, heap []heapSample, requests int64) {
	t.Helper()
	for _, s := range heap {
		t.Logf("heap after GC at %8d requests: %6.1f MiB", s.done, float64(s.heap)/(1<<20))
	}
	var tail []heapSample
	for _, s := range heap {
		if s.done >= requests/4 {
			tail = append(tail, s)
		}
	}
	require.GreaterOrEqual(t, len(tail), 3, "heap samples")
	var mx, my float64
	for _, s := range tail {
		mx += float64(s.done)
		my += float64(s.heap)
	}
	mx /= float64(len(tail))
	my /= float64(len(tail))
	var sxy, sxx float64
	for _, s := range tail {
		sxy += (float64(s.done) - mx) * (float64(s.heap) - my)
		sxx += (float64(s.done) - mx) * (float64(s.done) - mx)
	}
	slope := sxy / sxx // bytes per request
	span := float64(tail[len(tail)-1].done - tail[0].done)
	growth := slope * span
	allowed := 0.10*my + 2<<20
	t.Logf("heap slope %.3f bytes/request: %.2f MiB over the last %.0f requests (allowed %.2f MiB)",
		slope, growth/(1<<20), span, allowed/(1<<20))
	assert.Less(t, growth, allowed, "the live heap grows")
}
