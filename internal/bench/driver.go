package bench

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
	"github.com/zohoaep/zohoaep/internal/cputime"
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
	// A run cut short ends its requests in flight at once: their
	// connections are closed, and the next run dials new ones.
	wire := f.loadWire()
	defer context.AfterFunc(ctx, wire.closeAll)()
	start, cpu := time.Now(), cputime.Process()
	progressDone := f.progress(cfg, start, &counts)
	for i := range cfg.Workers {
		wg.Go(func() {
			w := f.newWorker(i, cfg.Seed, &counts, wire)
			defer w.release()
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
	res.Elapsed, res.CPU = time.Since(start), cputime.Process()-cpu
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

// worker is one client: its own random draws, results, request, answer
// and buffers, all reused from one request to the next.
type worker struct {
	id     int
	rng    *rand.Rand
	res    *Result // nil at set-up: nothing is recorded
	counts *counters
	wire   *wire
	req    *fasthttp.Request
	resp   *fasthttp.Response
	buf    []byte // a URL being built
	tok    []byte // the Zoho access token being sent
	auth   []byte // an Authorization header being built
	// lastFailure says, at set-up, why the last answer was not ok.
	lastFailure string
}

// newWorker is worker id of a run (counts nil: set-up, unrecorded).
func (f *Fixture) newWorker(id int, seed uint64, counts *counters, wire *wire) *worker {
	w := &worker{id: id, counts: counts, wire: wire, req: fasthttp.AcquireRequest(), resp: fasthttp.AcquireResponse()}
	// The worker's answers reuse one body buffer, grown to the largest
	// (a CRM page), rather than the shared pool's, which drops large ones.
	w.resp.KeepBodyBuffer = true
	if counts != nil {
		w.rng, w.res = rand.New(rand.NewPCG(seed, uint64(id))), newResult()
	}
	return w
}

func (w *worker) release() {
	w.resp.KeepBodyBuffer = false
	fasthttp.ReleaseRequest(w.req)
	fasthttp.ReleaseResponse(w.resp)
	w.req, w.resp = nil, nil
}

// loadWire is the load client for a run: the fixture's, or a new one if
// a cancelled run cut it.
func (f *Fixture) loadWire() *wire {
	f.wireMu.Lock()
	defer f.wireMu.Unlock()
	if f.wire.isCut() {
		f.wire = newWire(f.base, f.opts.Conns)
	}
	return f.wire
}

// record counts one exchange of w's request, answered in w.resp unless err
// (a transport error) is set; c classes the answer. An exchange that ctx
// cut short is not counted.
func (w *worker) record(ctx context.Context, k Kind, d time.Duration, c class, err error) {
	if err != nil && ctx.Err() != nil {
		return
	}
	if w.res == nil {
		if err != nil {
			w.lastFailure = err.Error()
		} else if c != classOK {
			w.lastFailure = w.failure()
		}
		return
	}
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
		r.LastFailure = w.failure()
		w.counts.failed.Add(1)
	}
}

// failure describes the answer in w.resp.
func (w *worker) failure() string {
	return strconv.Itoa(w.resp.StatusCode()) + " " + excerpt(w.resp.Body())
}
