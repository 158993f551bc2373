package zohosource

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// Engine is the Zoho CRM connector runtime: flowservice.Live for the
// connection test and explore, and the runner of scheduled dataflows.
type Engine struct {
	fs     *flowservice.Service
	cfg    Config
	now    func() time.Time
	client *http.Client
	egress netip.Addr
	tokens tokenCache

	mu sync.Mutex // one CatchUp or Complete at a time

	loopMu sync.Mutex
	stop   context.CancelFunc
	done   chan struct{}
}

var _ flowservice.Live = (*Engine)(nil)

// New returns an engine over a Flow Service. client gives the HTTP client
// that calls from an egress IP (the emulator's HTTPClientFrom); the engine
// asks it once, for its region's address. now is the virtual clock
// (time.Now when nil). Wire it with fs.SetLive(engine).
func New(fs *flowservice.Service, client func(netip.Addr) *http.Client, cfg Config, now func() time.Time) (*Engine, error) {
	if fs == nil || client == nil {
		return nil, errors.New("zohosource: New needs a Flow Service and a client func")
	}
	cfg = cfg.withDefaults()
	egress := cfg.EgressIP
	if !egress.IsValid() {
		r, ok := LookupRegion(cfg.Region)
		if !ok {
			return nil, fmt.Errorf("zohosource: unknown AEP region %q", cfg.Region)
		}
		egress = r.EgressIP()
	}
	if !validVersion(cfg.APIVersion) {
		return nil, fmt.Errorf("zohosource: unknown Zoho CRM API version %q", cfg.APIVersion)
	}
	switch cfg.Lifecycle {
	case LifecycleImmediate, LifecycleTimed, LifecycleManual:
	default:
		return nil, fmt.Errorf("zohosource: unknown run lifecycle %q", cfg.Lifecycle)
	}
	if now == nil {
		now = time.Now
	}
	c := client(egress)
	if c == nil {
		return nil, errors.New("zohosource: the client func gave no client")
	}
	return &Engine{fs: fs, cfg: cfg, now: now, client: c, egress: egress}, nil
}

// Attach is New followed by fs.SetLive: the engine serves the Flow
// Service's connection test and explore.
func Attach(fs *flowservice.Service, client func(netip.Addr) *http.Client, cfg Config, now func() time.Time) (*Engine, error) {
	e, err := New(fs, client, cfg, now)
	if err != nil {
		return nil, err
	}
	fs.SetLive(e)
	return e, nil
}

// Config returns the engine's configuration, defaults filled in.
func (e *Engine) Config() Config { return e.cfg }

// EgressIP is the address the engine calls Zoho from.
func (e *Engine) EgressIP() netip.Addr { return e.egress }

// validVersion accepts the CRM API versions Zoho serves (reference §12).
func validVersion(v string) bool {
	switch v {
	case "v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8":
		return true
	}
	return false
}

// Start calls CatchUp with the engine's clock every Config.TickEvery of
// wall time until Stop or ctx's end (serve mode). A second Start is a
// no-op.
func (e *Engine) Start(ctx context.Context) {
	e.loopMu.Lock()
	defer e.loopMu.Unlock()
	if e.stop != nil {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	e.stop, e.done = cancel, done
	go func() {
		defer close(done)
		tick := time.NewTicker(e.cfg.TickEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if err := e.CatchUp(ctx, e.now()); err != nil && ctx.Err() == nil {
					e.cfg.Logger.Warn("zohosource: catch-up", "err", err)
				}
			}
		}
	}()
}

// Stop ends Start's loop and waits for it.
func (e *Engine) Stop() {
	e.loopMu.Lock()
	defer e.loopMu.Unlock()
	if e.stop == nil {
		return
	}
	e.stop()
	<-e.done
	e.stop, e.done = nil, nil
}

// ErrNotInProgress is Complete's answer for a run that is not in progress.
var ErrNotInProgress = errors.New("zohosource: the run is not in progress")

// Complete finishes an inProgress run now (Config.LifecycleManual, or a
// timed run ahead of time): it reads its window from Zoho and writes the
// outcome, completed at the engine's clock.
func (e *Engine) Complete(ctx context.Context, t flowservice.Tenant, runID string) (flowservice.Run, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r, ok := e.fs.Run(t, runID)
	if !ok {
		return flowservice.Run{}, fmt.Errorf("%w: run %q", flowservice.ErrUnknown, runID)
	}
	st, ok := stateOf(r)
	if !ok || st.status != flowservice.RunInProgress {
		return flowservice.Run{}, fmt.Errorf("%w: %s", ErrNotInProgress, runID)
	}
	f, ok := e.fs.Flow(t, r.FlowID)
	if !ok {
		return flowservice.Run{}, fmt.Errorf("%w: flow %q", flowservice.ErrUnknown, r.FlowID)
	}
	completed := e.now()
	if completed.Before(st.started) {
		completed = st.started
	}
	return e.finish(ctx, t, f, st, completed)
}
