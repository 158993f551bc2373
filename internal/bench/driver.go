package bench

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Config says how long and how hard a run drives.
type Config struct {
	// Workers send requests back to back, each one at a time.
	Workers int
	// Duration stops the run after this long (0: no limit, then Requests
	// must be set). Requests in flight at the end complete.
	Duration time.Duration
	// Requests stops the run after this many draws from the mix (0: no
	// limit). A draw may add a renewal (a refresh before a CRM read when
	// the access token is about to expire), recorded as its own kind.
	Requests int64
	// Mix is what to send (default DefaultMix).
	Mix Mix
	// Seed makes the draws repeatable.
	Seed uint64
	// Every and OnEvery: after every Every-th draw completes, the worker
	// that completed it calls OnEvery with the count so far (a soak advances
	// the virtual clock and samples the heap there).
	Every   int64
	OnEvery func(done int64)
	// Progress, unless nil, is called every ProgressEvery (default 1s)
	// while the run lasts, and once at its end.
	Progress      func(Progress)
	ProgressEvery time.Duration
}

// Progress is a run's running count.
type Progress struct {
	Elapsed   time.Duration
	Duration  time.Duration // the run's limit, if any
	Requests  int64         // exchanges answered or failed so far
	Throttled int64
	Failed    int64 // failed answers and transport errors
}

// errNoLimit is Run's answer to a run that would never stop.
var errNoLimit = errors.New("bench: a run needs a duration or a request count")

// Run drives the fixture for cfg.Duration or cfg.Requests draws, whichever
// comes first, or until ctx is done.
func (f *Fixture) Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Duration <= 0 && cfg.Requests <= 0 {
		return nil, errNoLimit
	}
	cfg.Workers = max(cfg.Workers, 1)
	if len(cfg.Mix) == 0 {
		cfg.Mix = DefaultMix
	}
	total := cfg.Mix.total()
	if total == 0 {
		return nil, errors.New("bench: the mix has no weight")
	}
	var (
		stop   atomic.Bool
		sent   atomic.Int64
		done   atomic.Int64
		counts counters
		mu     sync.Mutex
		res    = newResult()
		wg     sync.WaitGroup
	)
	if cfg.Duration > 0 {
		t := time.AfterFunc(cfg.Duration, func() { stop.Store(true) })
		defer t.Stop()
	}
	more := func() bool {
		return !stop.Load() && ctx.Err() == nil && (cfg.Requests <= 0 || sent.Add(1) <= cfg.Requests)
	}
	start := time.Now()
	progressDone := f.progress(cfg, start, &counts)
	for i := range cfg.Workers {
		wg.Go(func() {
			w := &worker{id: i, rng: rand.New(rand.NewPCG(cfg.Seed, uint64(i))), res: newResult(), counts: &counts}
			for more() {
				f.do(ctx, w, cfg.Mix.pick(w.rng.Uint64N(total)))
				if n := done.Add(1); cfg.Every > 0 && cfg.OnEvery != nil && n%cfg.Every == 0 {
					cfg.OnEvery(n)
				}
			}
			mu.Lock()
			res.merge(w.res)
			mu.Unlock()
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	progressDone()
	return res, ctx.Err()
}

// progress calls cfg.Progress every cfg.ProgressEvery until the returned
// function is called, which reports once more and waits.
func (f *Fixture) progress(cfg Config, start time.Time, c *counters) func() {
	if cfg.Progress == nil {
		return func() {}
	}
	every := cfg.ProgressEvery
	if every <= 0 {
		every = time.Second
	}
	report := func() {
		cfg.Progress(Progress{Elapsed: time.Since(start), Duration: cfg.Duration, Requests: c.requests.Load(),
			Throttled: c.throttled.Load(), Failed: c.failed.Load()})
	}
	quit, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				report()
			case <-quit:
				return
			}
		}
	}()
	return func() {
		close(quit)
		<-exited
		report()
	}
}

// counters are a run's running totals, shared by its workers.
type counters struct {
	requests, throttled, failed atomic.Int64
}

// worker is one client: its own random draws, results and buffer.
type worker struct {
	id     int
	rng    *rand.Rand
	res    *Result
	counts *counters
	buf    bytes.Buffer
}

// record counts one exchange: err is a transport error, else c classes the
// answer and failure (called only for a failed one) describes it.
func (w *worker) record(k Kind, d time.Duration, c class, failure func() string, err error) {
	r := w.res.kind(k)
	r.Requests++
	r.Latency.Add(d)
	w.counts.requests.Add(1)
	switch {
	case err != nil:
		r.Errors++
		r.LastFailure = err.Error()
		w.counts.failed.Add(1)
	case c == classOK:
		r.OK++
	case c == classThrottled:
		r.Throttled++
		w.counts.throttled.Add(1)
	default:
		r.Failed++
		r.LastFailure = failure()
		w.counts.failed.Add(1)
	}
}
