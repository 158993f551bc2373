package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/scenarios"
)

// serveFlags are the flags of `zohoaep serve`.
type serveFlags struct {
	addr           string
	seed           string
	empty          bool
	publicURL      string
	trustedProxies []string
	consent        string
	journalSize    int
	codeLifetime   time.Duration
	throttleStatus int
	tokenMints     int
	crmRecords     []string
	region         string
	frozenAt       string
	durable        durableFlags // serve_durable.go
	caPath         string
	bundle         string
	scenarioReport string
}

func serveCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the emulator (with the embedded demo world unless --seed or --empty)",
		Long: `serve starts the emulator on one listener, every service under its production path, and
prints the base URLs (and, for the demo world, its public credentials) on stdout. It runs
until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish (up to 5s)
and exits 0; a second signal ends it at once. It listens on loopback unless told otherwise.`,
		Example: `  # the demo world on http://127.0.0.1:9595
  zohoaep serve

  # another world, a frozen clock, consent approved at once, JSON logs
  zohoaep serve --seed world.yaml --frozen-at 2026-01-02T03:04:05Z \
    --consent approve:admin@zylker.test --log-format json

  # a million Leads, dataflows called from the EU region, on another port
  ZOHOAEP_CRM_RECORDS=Leads=1000000 ZOHOAEP_REGION=NLD2 zohoaep serve --addr 127.0.0.1:9696`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log := loggerFrom(cmd.Context())
			opts, err := f.options(log)
			if err != nil {
				return usageError(err)
			}
			return serve(cmd, log, &f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", emulator.DefaultAddr, "address to listen on (loopback by default)")
	fl.StringVar(&f.seed, "seed", "", "world to load instead of the demo world (YAML or JSON)")
	fl.BoolVar(&f.empty, "empty", false, "start with an empty world")
	fl.StringVar(&f.publicURL, "public-url", "", "base of the absolute URLs the emulator returns (default: the Host of each request)")
	fl.StringSliceVar(&f.trustedProxies, "trusted-proxy", nil, "IP or CIDR of a proxy whose X-Forwarded-For is believed (repeatable)")
	fl.StringVar(&f.consent, "consent", "interactive", `consent mode: "interactive", "deny" or "approve:<user email>"`)
	fl.IntVar(&f.journalSize, "journal-size", 0, "entries the request journal keeps (default 10000)")
	fl.DurationVar(&f.codeLifetime, "code-lifetime", 0, "grant-code lifetime (default 2m; Zoho's documents say 1, 2 or 3 minutes)")
	fl.IntVar(&f.throttleStatus, "throttle-status", 0, `HTTP status of Zoho's "Access Denied" throttle (default 400; Zoho said 200 in 2020)`)
	fl.IntVar(&f.tokenMints, "access-token-mints", 0, "access tokens one refresh token may mint per 10 minutes before Zoho's throttle (default 10)")
	fl.StringArrayVar(&f.crmRecords, "crm-records", nil, `records a CRM module generates, "Leads=1000000" (repeatable)`)
	fl.StringVar(&f.region, "region", "", "AEP region the dataflows call Zoho from: VA7 (default), NLD2, AUS5, CAN2 or IND2")
	fl.StringVar(&f.frozenAt, "frozen-at", "", "start with the virtual clock frozen at this RFC 3339 time")
	f.durable.register(fl)
	fl.StringVar(&f.bundle, "bundle", "", "start from a repro bundle (zohoaep bundle export): its world, clock, faults and journal")
	fl.StringVar(&f.scenarioReport, "scenario-report", "", "JSON report of a scenario run (scenarios run --format json --out FILE) whose results the web console shows")
	return cmd
}

// options turns the flags into emulator options.
func (f *serveFlags) options(log *slog.Logger) (emulator.Options, error) {
	var opts emulator.Options
	seedDir, err := f.durable.seed(f.seed != "" || f.empty)
	switch {
	case err != nil:
		return opts, err
	case seedDir != nil:
		opts.Seed = seedDir
	case f.seed != "" && f.empty:
		return opts, fmt.Errorf("--seed and --empty exclude each other")
	case f.seed != "":
		st, err := emulator.LoadSeed(f.seed)
		if err != nil {
			return opts, err
		}
		opts.Seed = st
	case !f.empty:
		opts.Seed = emulator.Demo()
	}
	if opts, err = withBundle(opts, f.bundle, f.seed, f.empty); err != nil {
		return opts, err
	}
	for _, spec := range f.crmRecords {
		module, n, ok := strings.Cut(spec, "=")
		count, err := strconv.Atoi(n)
		if !ok || err != nil || opts.Seed == nil {
			return opts, fmt.Errorf(`--crm-records %q: want MODULE=COUNT with a world to scale`, spec)
		}
		if err := opts.Seed.ScaleCRM(module, count); err != nil {
			return opts, fmt.Errorf("--crm-records: %w", err)
		}
	}
	opts.Source.Region = f.region
	opts.TrustedProxies = f.trustedProxies
	opts.PublicURL = f.publicURL
	opts.JournalSize = f.journalSize
	opts.Accounts.CodeLifetime = f.codeLifetime
	opts.Accounts.ThrottleStatus = f.throttleStatus
	opts.Accounts.AccessTokenMints = f.tokenMints
	consent, err := parseConsent(f.consent)
	if err != nil {
		return opts, err
	}
	opts.Accounts.Consent = consent
	if f.caPath, err = f.durable.apply(&opts); err != nil {
		return opts, err
	}
	opts.Logger = log
	opts.Scenarios = scenarios.ForConsole(scenarios.Catalog, f.scenarioReport)
	if f.frozenAt != "" {
		at, err := time.Parse(time.RFC3339, f.frozenAt)
		if err != nil {
			return opts, fmt.Errorf("--frozen-at: %w", err)
		}
		opts.Clock = emulator.NewClock(nil)
		opts.Clock.Freeze()
		opts.Clock.Set(at)
	}
	return opts, nil
}

func parseConsent(s string) (zohoaccounts.Consent, error) {
	mode, user, _ := strings.Cut(s, ":")
	c := zohoaccounts.Consent{Mode: zohoaccounts.ConsentMode(mode), User: user}
	switch {
	case c.Mode == zohoaccounts.ConsentApprove && user == "":
		return c, fmt.Errorf(`--consent approve needs a user: "approve:admin@zylker.test"`)
	case c.Mode != zohoaccounts.ConsentApprove && user != "",
		c.Mode != zohoaccounts.ConsentInteractive && c.Mode != zohoaccounts.ConsentDeny && c.Mode != zohoaccounts.ConsentApprove:
		return c, fmt.Errorf(`--consent is "interactive", "deny" or "approve:<email>", not %q`, s)
	}
	return c, nil
}

// serve runs the emulator until the command's context ends (a signal),
// then shuts it down gracefully.
func serve(cmd *cobra.Command, log *slog.Logger, f *serveFlags, opts emulator.Options) error {
	if os.Getenv("GOGC") == "" {
		// The emulator's live heap is small (about 9 MB with a full
		// journal of refreshes, 14 before the journal's ring held no
		// pointers), and the binary's own pages are another 16-18 MiB of
		// RSS. Collecting at 50% growth instead of 100% costs
		// a few percent of CPU: under 32 connections of refreshes, peak RSS
		// was 39.8-43.5 MiB at GOGC=50 (40.4 or more in 12 of 13 runs; no
		// lower at 40: the heap overshoots its goal while a loaded machine
		// marks), 43-48 MiB at 75, 46-49 MiB at 100 (docs/performance.md,
		// "GC settings"). GOGC set in the environment wins.
		debug.SetGCPercent(50)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// What holds the peak under 40 MiB (38.3-38.7 MiB in the same
		// runs) is a soft memory limit, which makes allocations help the
		// collector before the heap overshoots; it costs up to 15-20% more
		// CPU per refresh than GOGC=50 alone, the lowest cost of the
		// settings measured that met the target. A fixed limit would make the
		// collector run without end once a large world or journal is live
		// (--crm-records, --journal-size), so it follows the live heap:
		// see memoryLimit. GOMEMLIMIT set in the environment wins.
		go followLiveHeap(cmd.Context(), time.Second)
	}
	// No heap profile is ever read from serve: keep no sampled stacks
	// (about 1.4 MiB after a burst of requests).
	runtime.MemProfileRate = 0
	e, err := emulator.New(opts)
	if err != nil {
		// New fails only on what it was given: the world, the options.
		return usageError(err)
	}
	if err := e.Start(f.addr); err != nil {
		return &exitError{code: exitListen, err: errors.Join(fmt.Errorf("listen on %s: %w", f.addr, err), e.Close())}
	}
	demo := f.seed == "" && !f.empty && f.durable.seedDir == "" && f.bundle == "" && !e.Loaded()
	printBanner(cmd.OutOrStdout(), e, demo)
	if opts.Bundle != nil {
		printBundle(cmd.OutOrStdout(), opts.Bundle, e.URL())
	}
	f.durable.started(cmd.OutOrStdout(), e, f.caPath)
	log.Info("serving", "url", e.URL(), "demo", demo)
	go settle(cmd.Context(), log, settleChecks)
	<-cmd.Context().Done()
	log.Info("shutting down", "cause", context.Cause(cmd.Context()))
	if err := errors.Join(e.Close(), f.durable.exit(e)); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	log.Info("stopped")
	return nil
}

// The soft memory limit serve keeps (memoryLimit): never under
// memoryLimitFloor, and always half the live heap and memoryLimitSlack
// above it, so that it only ever caps the overshoot of a collection and
// never makes the collector run without end.
const (
	memoryLimitFloor = 26 << 20
	memoryLimitSlack = 2 << 20
)

// memoryLimit is the soft memory limit for a live heap of live bytes.
func memoryLimit(live uint64) int64 {
	return max(memoryLimitFloor, int64(min(live, 1<<60))*3/2+memoryLimitSlack)
}

// followLiveHeap sets the soft memory limit from the live heap (as of the
// last collection) every period until ctx ends.
func followLiveHeap(ctx context.Context, every time.Duration) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			debug.SetMemoryLimit(memoryLimit(sample[0].Value.Uint64()))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
