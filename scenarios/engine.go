package scenarios

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Options configure a run of scenarios.
type Options struct {
	// Target is where they run (default: a fresh in-process emulator each).
	Target Target
	// Parallel bounds the scenarios running at once (default: the number
	// of CPUs). Against a serving emulator, scenarios that move the clock
	// (the instance's) run after the others, one at a time.
	Parallel int
	// KeepClock, against a serving emulator, skips the scenarios that
	// would move its clock, which every tenant shares.
	KeepClock bool
	// StepTimeout bounds one client step (default 30s).
	StepTimeout time.Duration
	// Progress, when set, sees each result as it lands.
	Progress func(Result)
	// Bundles, when set, is a directory where each scenario that fails or
	// errors once its emulator is up leaves a repro bundle (bundle.go).
	Bundles string
}

// Execute runs the scenarios against the client and reports, in the
// scenarios' order.
func Execute(ctx context.Context, client Client, list []Scenario, opts Options) Report {
	rep := Report{Client: client.Name(), Started: time.Now(), Results: make([]Result, len(list))}
	n := opts.Parallel
	if n <= 0 {
		n = runtime.NumCPU()
	}
	var serial []int
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := func(i int, r Result) {
		rep.Results[i] = r
		if opts.Progress != nil {
			mu.Lock()
			opts.Progress(r)
			mu.Unlock()
		}
	}
	for i, sc := range list {
		if sc.Serial || opts.Target.URL != "" && movesClock(sc) {
			serial = append(serial, i)
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			done(i, runOne(ctx, client, sc, opts))
		}()
	}
	wg.Wait()
	for _, i := range serial {
		done(i, runOne(ctx, client, list[i], opts))
	}
	rep.Duration = time.Since(rep.Started)
	return rep
}

// plays reports whether the client plays every role the scenario needs.
func plays(client Client, sc Scenario) (Role, bool) {
	have := client.Roles()
	for _, r := range sc.Roles {
		if !slices.Contains(have, r) {
			return r, false
		}
	}
	return "", true
}

// runOne runs one scenario on a world of its own.
func runOne(ctx context.Context, client Client, sc Scenario, opts Options) (res Result) {
	started := time.Now()
	res = Result{ID: sc.ID, Title: sc.Title, Class: sc.Class, Roles: sc.Roles}
	defer func() { res.Duration = time.Since(started) }()
	if missing, ok := plays(client, sc); !ok {
		res.Status, res.Reason = Skip, fmt.Sprintf("the client does not play %s", missing)
		return res
	}
	fail := func(err error) Result {
		if reason, ok := isSkip(err); ok {
			res.Status, res.Reason = Skip, reason
		} else {
			res.Status, res.Reason = Error, err.Error()
		}
		return res
	}
	if opts.KeepClock && opts.Target.URL != "" && movesClock(sc) {
		res.Status, res.Reason = Skip, "moves the clock, which every tenant of the serving emulator shares (--keep-clock)"
		return res
	}
	target := opts.Target
	if l, ok := client.(interface{ NeedsListener() bool }); ok && l.NeedsListener() {
		target.Listen = true
	}
	w, err := openWorld(ctx, target, sc)
	if err != nil {
		return fail(err)
	}
	defer w.close()
	if opts.Bundles != "" {
		defer func() { // before the world closes: its state is the evidence
			if res.Status != Fail && res.Status != Error {
				return
			}
			path, err := w.writeBundle(ctx, opts.Bundles, client.Name(), sc, res)
			if err != nil {
				res.Reason = strings.TrimPrefix(res.Reason+"; ", "; ") + "no repro bundle: " + err.Error()
				return
			}
			res.Bundle = path
		}()
	}
	if err := w.apply(ctx, sc); err != nil {
		return fail(fmt.Errorf("setup: %w", err))
	}
	env := w.baseEnv(sc)
	if needsAEP(sc) {
		if err := w.grant(ctx, &env); err != nil {
			return fail(fmt.Errorf("setup: %w", err))
		}
	}
	sess, err := client.Open(sc.ID)
	if err != nil {
		return fail(fmt.Errorf("open a session: %w", err))
	}
	defer sess.Close()

	r := runner{w: w, sc: sc, sess: sess, env: env, opts: opts}
	if err := r.steps(ctx); err != nil {
		return fail(err)
	}
	entries, err := w.journal(ctx, 0)
	if err != nil {
		return fail(err)
	}
	res.Steps = r.results
	for i := range r.findings {
		r.findings[i].Evidence = excerpts(lastOf(during(entries, r.stepSeq, r.stepOf[i]), 3))
	}
	res.Findings = append(r.findings, checkJournal(sc, entries, r.stepSeq, env)...)
	res.Status = Pass
	if len(res.Findings) > 0 {
		res.Status = Fail
	}
	return res
}

func needsAEP(sc Scenario) bool {
	return slices.Contains(sc.Roles, RoleAEPConnection) || slices.Contains(sc.Roles, RoleAEPDataflow)
}

// runner carries one scenario's steps.
type runner struct {
	w        *world
	sc       Scenario
	sess     Session
	env      Env
	opts     Options
	step     int
	results  []StepResult
	findings []Finding
	stepOf   []int   // the step (0-based) of each finding
	stepSeq  []int64 // the journal's last sequence number before each step, and after the last
}

func (r *runner) steps(ctx context.Context) error {
	defer func() { r.stepSeq = append(r.stepSeq, r.w.lastSeq(ctx)) }()
	for i, st := range r.sc.Steps {
		r.stepSeq = append(r.stepSeq, r.w.lastSeq(ctx))
		var err error
		switch {
		case st.Client != "":
			r.client(ctx, i+1, st)
		case st.Advance != "":
			err = r.w.control(ctx, http.MethodPost, "/_emulator/clock/advance", map[string]string{"by": st.Advance}, nil)
		case st.Fault != nil:
			err = r.w.control(ctx, http.MethodPost, "/_emulator/faults", r.w.scoped(*st.Fault), nil)
		case st.ClearFaults:
			err = r.w.clearFaults(ctx)
		case st.Revoke != "":
			err = r.w.revoke(ctx, st.Revoke)
		case st.Regrant:
			err = r.w.grant(ctx, &r.env)
		case st.Reconsent > 0:
			err = r.w.reconsent(ctx, r.env, st.Reconsent)
		case st.Mint > 0:
			err = r.w.mint(ctx, r.env, st.Mint)
		case st.Touch:
			err = r.w.touch(ctx, r.env)
		}
		if err != nil {
			return fmt.Errorf("step %d: %w", i+1, err)
		}
	}
	return nil
}

// client asks the client for one intent (Repeat times) and checks the
// outcome.
func (r *runner) client(ctx context.Context, n int, st Step) {
	times := max(st.Repeat, 1)
	timeout := r.opts.StepTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	for range times {
		r.step++
		env := r.env
		env.Role, env.Intent, env.Step = r.sc.roleOf(st), st.Client, r.step
		sctx, cancel := context.WithTimeout(ctx, timeout)
		out := dispatch(sctx, r.sess, env)
		cancel()
		r.results = append(r.results, StepResult{Step: n, Role: env.Role, Intent: env.Intent, Outcome: out})
		if f, ok := expectation(n, st, out); !ok {
			r.findings = append(r.findings, f)
			r.stepOf = append(r.stepOf, n-1)
		}
		if env.Intent == IntentAuthorize && out.OK {
			cb, note, err := r.w.browse(ctx, out.URL)
			if err != nil {
				r.findings = append(r.findings, Finding{Check: fmt.Sprintf("step %d: authorize", n),
					Says: "The client's authorization URL could not be followed.", Got: err.Error()})
			}
			r.env.Callback = cb
			_ = note
		}
	}
}

// expectation checks an outcome against a step's Expect.
func expectation(n int, st Step, out Outcome) (Finding, bool) {
	e := st.Expect
	if e == nil {
		return Finding{}, true
	}
	name := fmt.Sprintf("step %d: %s", n, st.Client)
	got := describe(out)
	says := e.Says
	switch {
	case e.OK && !out.OK:
		if says == "" {
			says = "The client failed at what it should have done."
		}
		return Finding{Check: name, Says: says, Got: got}, false
	case e.Fail != "" && out.OK:
		if says == "" {
			says = "The client reported success where it should have reported a " + e.Fail + " failure."
		}
		return Finding{Check: name, Says: says, Got: got}, false
	case e.Fail != "" && e.Fail != "any" && out.Kind != e.Fail:
		if says == "" {
			says = "The client misread the failure: it should have reported " + e.Fail + "."
		}
		return Finding{Check: name, Says: says, Got: got}, false
	case e.Records > 0 && out.Records != e.Records:
		if says == "" {
			says = fmt.Sprintf("The client read %d records where there are %d.", out.Records, e.Records)
		}
		return Finding{Check: name, Says: says, Got: got}, false
	}
	return Finding{}, true
}

func describe(o Outcome) string {
	s := "success"
	if !o.OK {
		s = "failure " + o.Kind
	}
	if o.Records > 0 {
		s += fmt.Sprintf(", %d records", o.Records)
	}
	if o.Detail != "" {
		s += ": " + o.Detail
	}
	return s
}
