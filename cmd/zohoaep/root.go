package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

func init() {
	// Every command's own PersistentPreRun runs too, after the root's:
	// the root's fills flags from the environment before any of them.
	cobra.EnableTraverseRunHooks = true
}

// newRoot is the root command without its subcommands: the persistent
// logging flags and, before any subcommand runs, its flags filled from
// ZOHOAEP_* variables and the logger built. Subcommands added to it, by
// anyone, get both without doing anything.
func newRoot() *cobra.Command {
	var lf logFlags
	root := &cobra.Command{
		Use:   "zohoaep",
		Short: "Offline emulator and contract-test harness for Zoho CRM to Adobe Experience Platform",
		Long: `zohoaep emulates Zoho Accounts (OAuth 2.0), the Zoho CRM REST API, Adobe IMS and the AEP Flow
Service on one loopback listener, validates every exchange against its OpenAPI contracts,
and scripts the failures production throws at integrations.

Every flag of every command can also be set in the environment as ZOHOAEP_<FLAG>, upper
case with dashes as underscores (--log-level is ZOHOAEP_LOG_LEVEL, --crm-records is
ZOHOAEP_CRM_RECORDS with a comma-separated list). A flag on the command line wins over
its variable; an empty variable counts as unset; a ZOHOAEP_* variable that names no flag
of any command is logged as a warning.

Logs are structured (log/slog) and go to stderr: --log-format text or json.

` + exitCodes,
		Example: `  # the demo world on http://127.0.0.1:9595, with its credentials printed
  zohoaep serve

  # the same, configured the way a container is
  ZOHOAEP_ADDR=127.0.0.1:9696 ZOHOAEP_LOG_FORMAT=json zohoaep serve

  # is the emulator on 127.0.0.1:9595 healthy? (exit code 0 or 1)
  zohoaep health`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			env := environFrom(cmd.Context())
			if err := applyEnv(cmd.Flags(), env.lookup); err != nil {
				return usageError(err)
			}
			l, err := newLogger(cmd.ErrOrStderr(), lf.format, lf.level)
			if err != nil {
				return usageError(err)
			}
			for _, name := range unknownVars(cmd.Root(), env) {
				l.Warn("ignoring "+name+": no flag of any zohoaep command is named so", "variable", name)
			}
			cmd.SetContext(withLogger(cmd.Context(), l))
			return nil
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&lf.format, "log-format", "text", "log format on stderr: text or json")
	pf.StringVar(&lf.level, "log-level", "info", "least severe level logged: debug, info, warn or error")
	return root
}

// execute runs root with args and returns the process's exit code. ctx
// ends on SIGINT or SIGTERM; environ is the environment, as os.Environ.
func execute(ctx context.Context, root *cobra.Command, args []string, environ []string, stdout, stderr io.Writer) int {
	ran := false
	walk(root, func(c *cobra.Command) {
		envUsage(c.Flags())
		envUsage(c.PersistentFlags())
		switch run, runE := c.Run, c.RunE; {
		case runE != nil:
			c.RunE = func(cmd *cobra.Command, args []string) error { ran = true; return runE(cmd, args) }
		case run != nil:
			c.Run = nil
			c.RunE = func(cmd *cobra.Command, args []string) error { ran = true; run(cmd, args); return nil }
		}
	})
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(withEnviron(ctx, environ))
	code := exitCode(err, ran, ctx.Err() != nil)
	var exit *exitError
	if errors.As(err, &exit) && exit.reported {
		return code
	}
	if err != nil {
		fmt.Fprintln(stderr, "zohoaep:", err)
	}
	if code == exitUsage {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}

func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walk(sub, fn)
	}
}

// environment is the process's environment by name.
type environment map[string]string

func (e environment) lookup(name string) (string, bool) {
	v, ok := e[name]
	return v, ok
}

type environKey struct{}

func withEnviron(ctx context.Context, environ []string) context.Context {
	env := environment{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return context.WithValue(ctx, environKey{}, env)
}

// environFrom is the environment execute was given; none outside it.
func environFrom(ctx context.Context) environment {
	env, _ := ctx.Value(environKey{}).(environment)
	return env
}
