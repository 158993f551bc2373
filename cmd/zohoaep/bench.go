package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
	"github.com/zohoaep/zohoaep/internal/bench"
)

// benchFlags are the flags of `zohoaep bench`.
type benchFlags struct {
	target       string
	mix          string
	concurrency  int
	duration     time.Duration
	requests     int64
	warmup       time.Duration
	rounds       int
	perPage      int
	sessions     int
	noValidation bool
	json         bool
	quiet        bool
	pid          int
	bareChild    bool
}

// maxBenchDuration bounds a run, so that bench always stops by itself.
const maxBenchDuration = 10 * time.Minute

func benchCommand() *cobra.Command {
	f := benchFlags{}
	cmd := &cobra.Command{
		Use:     "bench",
		Aliases: []string{"load"},
		Short:   "Drive a mix of realistic traffic and report throughput and latency beside a bare handler",
		Long: `bench drives an emulator over loopback HTTP with keep-alive connections, from
--concurrency workers, with a mix of the traffic a fleet of connectors sends: Zoho token
refreshes, Zoho CRM page reads, Adobe IMS tokens, Flow Service connection reads and explores
(which read Zoho CRM from the AEP region). It prints, per kind, the throughput and the latency
at p50, p90, p99 and max, the answers (ok, throttled by the vendor's own limits, failed) and
transport errors.

It also drives a bare net/http handler that answers a fixed token, at the same concurrency, in
rounds that alternate with the emulator's, and prints every figure as a ratio to the bare
handler's: a share of its throughput, a multiple of its latency. Ratios compare across machines;
absolute figures do not. The bare handler runs where the emulator runs: in this process beside
the in-process emulator, in a child process beside a --target (each side then pays the same
process boundary).

Without --target it starts the demo world in this process on a loopback port (validation and
journal on; Zoho's refresh throttle and Zoho CRM's API credits and concurrency raised, so that
every request does its work). With --target it drives a running emulator's demo world: it
signs in through the control API (a self-client code), so the target's state changes as a
connector's sign-in changes it, and the target's own limits apply (throttled answers are
counted apart). It exits non-zero when any answer failed or broke a contract.

The load goes through fasthttp's client, one keep-alive connection per worker, with requests and
answers reused, so that the load generator takes as little of the machine's CPU from the target as
it can; it reports its own CPU time per request (this process's, which in process includes the
emulator's), and with --pid the target's.

The mix is kind=weight pairs: ` + bench.DefaultMix.String(),
		Example: `  zohoaep bench
  zohoaep bench --mix refresh --concurrency 32 --duration 20s --rounds 10
  zohoaep bench --target http://127.0.0.1:9595 --json > bench.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.bareChild {
				return bench.ServeBareProcess(cmd.InOrStdin(), cmd.OutOrStdout())
			}
			mix, err := f.check()
			if err != nil {
				return err
			}
			return runBench(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), f, mix)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.target, "target", "", "base URL of a running emulator (default: start one in this process)")
	fl.StringVar(&f.mix, "mix", bench.DefaultMix.String(), "kinds of request and their weights")
	fl.IntVar(&f.concurrency, "concurrency", 16, "requests in flight (one keep-alive connection each)")
	fl.DurationVar(&f.duration, "duration", 10*time.Second, "how long to drive each side (at most 10m)")
	fl.Int64Var(&f.requests, "requests", 0, "stop each side after this many requests (0: run for --duration)")
	fl.DurationVar(&f.warmup, "warmup", time.Second, "unmeasured load on each side first")
	fl.IntVar(&f.rounds, "rounds", 5, "alternating rounds of each side, sharing --duration and --requests")
	fl.IntVar(&f.perPage, "per-page", 200, "records per CRM page read (1 to 200)")
	fl.IntVar(&f.sessions, "sessions", 8, "Zoho refresh tokens the workers share (1 to 16)")
	fl.BoolVar(&f.noValidation, "no-validation", false, "in process: turn contract validation off")
	fl.BoolVar(&f.json, "json", false, "print the report as JSON")
	fl.BoolVar(&f.quiet, "quiet", false, "no progress display")
	fl.IntVar(&f.pid, "pid", 0, "with --target: also report the peak RSS of this process (Linux /proc)")
	fl.BoolVar(&f.bareChild, "bare-child", false, "serve the bare handler and print its URL (what bench runs in a child process beside a --target)")
	_ = fl.MarkHidden("bare-child")
	return cmd
}

func (f benchFlags) check() (bench.Mix, error) {
	switch {
	case f.concurrency < 1 || f.concurrency > 4096:
		return nil, errors.New("--concurrency must be from 1 to 4096")
	case f.duration <= 0 || f.duration > maxBenchDuration:
		return nil, fmt.Errorf("--duration must be over 0 and at most %s", maxBenchDuration)
	case f.requests < 0:
		return nil, errors.New("--requests must not be negative")
	case f.warmup < 0 || f.warmup > time.Minute:
		return nil, errors.New("--warmup must be from 0 to 1m")
	case f.rounds < 1 || f.rounds > 1000:
		return nil, errors.New("--rounds must be from 1 to 1000")
	case f.perPage < 1 || f.perPage > 200:
		return nil, errors.New("--per-page must be from 1 to 200")
	case f.sessions < 1 || f.sessions > 16:
		return nil, errors.New("--sessions must be from 1 to 16")
	case f.target == "" && f.pid != 0:
		return nil, errors.New("--pid goes with --target")
	case f.target != "" && f.noValidation:
		return nil, errors.New("--no-validation is for the in-process emulator; start the target without validation instead")
	}
	return bench.ParseMix(f.mix)
}

// benchCRM lifts Zoho CRM's daily API credits and concurrency for an
// in-process run, so that no read is answered 429.
var benchCRM = zohocrm.Config{Editions: map[zohocrm.Edition]zohocrm.EditionLimits{
	zohocrm.Enterprise: {Credits: 1 << 40, Concurrency: 1 << 20},
}}

// startBare serves the bare handler: in this process beside an in-process
// emulator, in a child process beside a target in another process, so
// that both sides of the comparison pay the same process boundary.
func startBare(apart bool) (base string, stop func(), err error) {
	if !apart {
		return bench.ServeBare()
	}
	exe, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	base, _, stopChild, err := bench.StartBareProcess(exec.Command(exe, "bench", "--bare-child"))
	if err != nil {
		return "", nil, err
	}
	return base, func() { _ = stopChild() }, nil
}

// startInProcess starts the demo world on a loopback port.
func startInProcess(f benchFlags) (*emulator.Emulator, error) {
	e, err := emulator.New(emulator.Options{
		Seed:         emulator.Demo(),
		NoValidation: f.noValidation,
		// Every refresh mints a token: Zoho's throttle (10 per refresh
		// token per 10 minutes) would answer the rest "Access Denied".
		Accounts: zohoaccounts.Config{AccessTokenMints: 1 << 30},
		CRM:      benchCRM,
	})
	if err != nil {
		return nil, err
	}
	if err := e.Start("127.0.0.1:0"); err != nil {
		return nil, err
	}
	return e, nil
}

func runBench(ctx context.Context, out, progress io.Writer, f benchFlags, mix bench.Mix) error {
	target, what := f.target, f.target
	if target == "" {
		e, err := startInProcess(f)
		if err != nil {
			return err
		}
		defer e.Close()
		target = e.URL()
		validation := "on"
		if f.noValidation {
			validation = "off"
		}
		what = fmt.Sprintf("in process %s (validation %s, journal on)", target, validation)
	}
	emu, err := bench.Prepare(ctx, bench.Options{Base: target, Conns: f.concurrency, Sessions: f.sessions, PerPage: f.perPage})
	if err != nil {
		return err
	}
	defer emu.Close()
	mark, err := emu.JournalMark(ctx)
	if err != nil {
		return err
	}
	bareURL, stopBare, err := startBare(f.target != "")
	if err != nil {
		return err
	}
	defer stopBare()
	bare, err := bench.BareFixture(bareURL, f.concurrency)
	if err != nil {
		return err
	}
	defer bare.Close()
	plan := bench.Plan{
		Config: bench.Config{Workers: f.concurrency, Duration: f.duration, Requests: f.requests, Mix: mix, Seed: 1},
		Rounds: f.rounds, Warmup: f.warmup,
	}
	if f.pid != 0 {
		plan.TargetCPU = func() (time.Duration, error) { return readProcCPU(f.pid) }
	}
	terminal := !f.quiet && isTerminal(progress)
	if !f.quiet {
		plan.Progress = progressPrinter(progress, terminal)
	}
	emuRes, bareRes, err := bench.Compare(ctx, emu, bare, plan)
	if terminal {
		fmt.Fprintln(progress)
	}
	if err != nil {
		return err
	}
	report := bench.NewReport(what, mix, f.concurrency, f.rounds, emuRes, bareRes)
	switch {
	case f.target == "":
		report.Notes = append(report.Notes, memoryNote("this process (emulator and load generator)", true, selfStatus))
	case f.pid != 0:
		report.Notes = append(report.Notes, memoryNote(fmt.Sprintf("target process %d", f.pid), false,
			func() (procStatus, error) { return readProcStatus(f.pid) }))
	}
	if report.Total.Throttled > 0 {
		report.Notes = append(report.Notes, "throttled answers are the target's own limits (Zoho: 10 refreshes per refresh token per 10 minutes; "+
			"Zoho CRM: API credits and concurrency); they went through the whole stack")
	}
	violations, verr := emu.Violations(ctx, mark, 5)
	if verr != nil {
		report.Notes = append(report.Notes, "journal: "+verr.Error())
	}
	for _, v := range violations {
		report.Notes = append(report.Notes, "contract violation: "+v)
	}
	if f.json {
		err = report.WriteJSON(out)
	} else {
		err = report.WriteText(out)
	}
	if err != nil {
		return err
	}
	switch {
	case report.Total.Requests == 0:
		return errors.New("no request completed")
	case report.Bad() > 0:
		return fmt.Errorf("%d failed answers, %d transport errors", report.Total.Failed, report.Total.Errors)
	case len(violations) > 0:
		return fmt.Errorf("the journal holds contract violations: %s", strings.Join(violations, "; "))
	}
	return nil
}

// readProcCPU is a process's user and system time so far, from fields 14
// and 15 of /proc/<pid>/stat, in clock ticks (USER_HZ, 100 on Linux).
func readProcCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	s := string(data)
	// The command name, in brackets, may hold spaces: fields count from
	// the last bracket.
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: no CPU times", pid)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// progressPrinter writes each side's progress at most once a second on a
// terminal, every five seconds elsewhere.
func progressPrinter(w io.Writer, terminal bool) func(string, bench.Progress) {
	every := 5 * time.Second
	if terminal {
		every = time.Second
	}
	var last time.Time
	return func(side string, p bench.Progress) {
		if now := time.Now(); now.Sub(last) >= every {
			last = now
			bench.WriteProgress(w, side, p, terminal)
		}
	}
}
