package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

// scenarioFlags are the flags of `zohoaep scenarios run`.
type scenarioFlags struct {
	client   string
	emulator string
	only     []string
	skip     []string
	parallel int
	list     bool
	keep     bool
	format   string
	out      string
	bundles  string
}

// scenarioUsage is a mistake in the command line: exit status 2.
type scenarioUsage struct{ error }

func scenariosCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "Run the catalogue of integration-failure scenarios against a client",
		Example: `  # the reference client against a fresh in-process emulator per scenario
  zohoaep scenarios run --client builtin:reference

  # a client of your own (process protocol), JUnit for CI, against a serving emulator
  zohoaep scenarios run --client 'python3 client.py' --format junit --out report.xml \
    --emulator http://127.0.0.1:9595

  # keep a repro bundle of every failure, then start an emulator from one
  zohoaep scenarios run --client 'python3 client.py' --bundles failures/
  zohoaep serve --bundle failures/refresh-throttled.bundle.json.gz

  zohoaep scenarios list`,
	}
	cmd.AddCommand(scenariosRunCommand(), scenariosListCommand())
	return cmd
}

func scenariosListCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the scenarios: id, class, roles, title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			list, err := scenarios.Catalog()
			if err != nil {
				return err
			}
			return scenarios.List(cmd.OutOrStdout(), list)
		},
	}
}

func scenariosRunCommand() *cobra.Command {
	var f scenarioFlags
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run scenarios against a client and report (exit 0 all pass, 1 any fails, 2 usage)",
		Long: `run starts a fresh in-process emulator per scenario (or uses --emulator), plays each
scenario's steps with the client, and reports what it did wrong.

--client is builtin:reference (the Go reference client), builtin:<flaw> (a deliberately
broken one: ` + flawList() + `), or a shell command that plays the process protocol
(docs/scenarios.md), e.g. 'python3 scenarios/examples/python/zoho_oauth_client.py'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if code := runScenarios(cmd.Context(), f, cmd.OutOrStdout(), cmd.ErrOrStderr()); code != 0 {
				return reportedExit(code) // runScenarios said why
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.client, "client", "builtin:reference", "the client: builtin:reference, builtin:<flaw>, or a command (process protocol)")
	fl.StringVar(&f.emulator, "emulator", "", "URL of an emulator already serving (a container, a shared CI one): each scenario runs in a tenant of its own, deleted after; the instance is never reset")
	fl.BoolVar(&f.keep, "keep-clock", false, "with --emulator: skip the scenarios that would move the shared emulator's clock")
	fl.StringSliceVar(&f.only, "only", nil, "run only these scenario ids (comma-separated)")
	fl.StringSliceVar(&f.skip, "skip", nil, "skip these scenario ids (comma-separated)")
	fl.IntVar(&f.parallel, "parallel", 0, "scenarios at once (default: the number of CPUs)")
	fl.BoolVar(&f.list, "list", false, "list the selected scenarios and exit")
	fl.StringVar(&f.format, "format", "console", "report format: console, json or junit")
	fl.StringVar(&f.out, "out", "", "write the report to this file (default: standard output)")
	fl.StringVar(&f.bundles, "bundles", "", "leave a repro bundle in this directory for every scenario that fails (zohoaep serve --bundle FILE replays it)")
	return cmd
}

func flawList() string {
	var names []string
	for _, f := range refclient.Flaws() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// runScenarios is the run command's body; it returns the exit status.
func runScenarios(ctx context.Context, f scenarioFlags, stdout, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintln(stderr, "zohoaep:", err)
		var u scenarioUsage
		if errors.As(err, &u) {
			return 2
		}
		return 1
	}
	if !slices.Contains(scenarios.Formats, f.format) {
		return fail(scenarioUsage{fmt.Errorf("--format %q: want console, json or junit", f.format)})
	}
	if f.parallel < 0 {
		return fail(scenarioUsage{errors.New("--parallel: at least 1")})
	}
	if f.keep && f.emulator == "" {
		return fail(scenarioUsage{errors.New("--keep-clock: only with --emulator (an in-process emulator's clock is the scenario's own)")})
	}
	all, err := scenarios.Catalog()
	if err != nil {
		return fail(err)
	}
	list, err := scenarios.Select(all, f.only, f.skip)
	if err != nil {
		return fail(scenarioUsage{err})
	}
	if f.list {
		if err := scenarios.List(stdout, list); err != nil {
			return fail(err)
		}
		return 0
	}
	client, err := clientFor(ctx, f.client)
	if err != nil {
		return fail(err)
	}
	w, color := stdout, isTerminal(stdout)
	if f.out != "" {
		file, err := os.Create(f.out)
		if err != nil {
			return fail(err)
		}
		defer file.Close()
		w, color = file, false
	}
	opts := scenarios.Options{Target: scenarios.Target{URL: f.emulator}, Parallel: f.parallel, KeepClock: f.keep, Bundles: f.bundles}
	if isTerminal(stderr) {
		update, clear := scenarios.Progress(stderr, len(list), true)
		opts.Progress = update
		defer clear()
	}
	rep := scenarios.Execute(ctx, client, list, opts)
	if opts.Progress != nil {
		fmt.Fprint(stderr, "\r\x1b[K")
	}
	if err := rep.Write(w, f.format, color && f.format == "console"); err != nil {
		return fail(err)
	}
	if !rep.OK() {
		return 1
	}
	return 0
}

// clientFor resolves --client.
func clientFor(ctx context.Context, spec string) (scenarios.Client, error) {
	if name, ok := strings.CutPrefix(spec, "builtin:"); ok {
		c, err := refclient.Builtin(name)
		if err != nil {
			return nil, scenarioUsage{fmt.Errorf("--client %s: want builtin:reference or builtin:<flaw> (%s)", spec, flawList())}
		}
		return c, nil
	}
	if strings.TrimSpace(spec) == "" {
		return nil, scenarioUsage{errors.New("--client: empty")}
	}
	return scenarios.NewProcess(ctx, spec)
}
