package zohosource

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// CatchUp runs, in order, every window that has ended by now (the virtual
// clock) of every enabled flow, in every tenant, whose source is Zoho
// CRM, and finishes the runs whose time has come (Config.Lifecycle). A
// flow's state is its runs: the next window follows its newest run's, and
// reads from the high-water mark (window.go), so CatchUp is idempotent
// and calls may overlap (they run one at a time). At most
// Config.MaxWindowsPerCatchUp windows start per flow and call.
//
// Zoho's failures become failed runs, not errors; the error reports a run
// that could not be stored, or ctx's end (the window in hand is then left
// for the next call).
func (e *Engine) CatchUp(ctx context.Context, now time.Time) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	var errs []error
	for _, t := range e.fs.Tenants() {
		for _, f := range e.fs.Flows(t) {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := e.catchUpFlow(ctx, t, f, now); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				errs = append(errs, fmt.Errorf("zohosource: %s flow %s: %w", t, f.ID, err))
			}
		}
	}
	return errors.Join(errs...)
}

// zohoFlow reports whether the flow reads a Zoho CRM source connection.
func zohoFlow(f flowservice.Flow) bool {
	src := f.InheritedAttributes.SourceConnections
	return len(src) > 0 && src[0].ConnectionSpec.ID == flowservice.SpecZohoCRM
}

func (e *Engine) catchUpFlow(ctx context.Context, t flowservice.Tenant, f flowservice.Flow, now time.Time) error {
	if f.State != flowservice.StateEnabled || !zohoFlow(f) {
		return nil
	}
	sched, ok, err := f.Schedule()
	if err != nil || !ok {
		return nil
	}
	last, has := newest(e.fs.Runs(t, f.ID))
	for started := 0; ; {
		if has && last.status == flowservice.RunInProgress {
			done, ok := e.finishAt(last, now)
			if !ok {
				return nil
			}
			r, err := e.finish(ctx, t, f, last, done)
			if err != nil {
				return err
			}
			last, _ = stateOf(r)
			continue
		}
		if started >= e.cfg.MaxWindowsPerCatchUp {
			return nil
		}
		due, ok := nextDue(sched, last.window.Due, has)
		if !ok || due.After(now) {
			return nil
		}
		w := window{Due: due, From: firstFrom(sched), Once: sched.Frequency == flowservice.FrequencyOnce}
		if has {
			w.From = last.highWater()
		}
		r, err := e.begin(ctx, t, f, w)
		if err != nil {
			return err
		}
		started++
		last, has = stateOf(r)
	}
}

// newest is the newest run with a copy window.
func newest(runs []flowservice.Run) (runState, bool) {
	for i := len(runs) - 1; i >= 0; i-- {
		if st, ok := stateOf(runs[i]); ok {
			return st, true
		}
	}
	return runState{}, false
}

// highWater is where the run after this one reads from: its window's end
// when it succeeded, else where it read from.
func (st runState) highWater() time.Time {
	if st.status == flowservice.RunSuccess {
		return st.window.Due
	}
	return st.window.From
}

// finishAt says when an inProgress run finishes, if by now: RunDuration
// after its start (timed), at once (immediate: a run left in progress),
// never (manual: Complete does it).
func (e *Engine) finishAt(st runState, now time.Time) (time.Time, bool) {
	done := st.started.Add(e.cfg.RunDuration)
	switch e.cfg.Lifecycle {
	case LifecycleManual:
		return time.Time{}, false
	case LifecycleTimed:
		return done, !now.Before(done)
	}
	return done, true
}

// begin starts a window's run at its due time: finished at once
// (immediate) or stored in progress.
func (e *Engine) begin(ctx context.Context, t flowservice.Tenant, f flowservice.Flow, w window) (flowservice.Run, error) {
	r := startedRun(t, f, w, w.Due)
	if e.cfg.Lifecycle == LifecycleImmediate {
		o, err := e.execute(ctx, t, f, w, r.ID)
		if err != nil {
			return flowservice.Run{}, err
		}
		conclude(&r, f, o, w.Due.Add(e.cfg.RunDuration))
	}
	return e.fs.AddRun(t, r)
}

// finish executes an inProgress run's window and stores its outcome.
func (e *Engine) finish(ctx context.Context, t flowservice.Tenant, f flowservice.Flow, st runState, completed time.Time) (flowservice.Run, error) {
	o, err := e.execute(ctx, t, f, st.window, st.id)
	if err != nil {
		return flowservice.Run{}, err
	}
	return e.fs.UpdateRun(t, st.id, func(r *flowservice.Run) error {
		if len(r.Activities) == 0 || r.Activities[0].ID != activityCopy || r.Metrics.DurationSummary == nil {
			return fmt.Errorf("zohosource: run %s has no copy activity", st.id)
		}
		conclude(r, f, o, completed)
		return nil
	})
}
