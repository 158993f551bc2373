package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// envPrefix starts the name of every environment variable that stands for
// a flag: --log-level is ZOHOAEP_LOG_LEVEL.
const envPrefix = "ZOHOAEP_"

// envName is the environment variable that stands for the flag name.
func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// applyEnv sets every flag of fs that the command line left alone from its
// ZOHOAEP_* variable, so that containers and CI services, which often
// cannot pass flags, can configure any subcommand, present or future.
// Flags given on the command line win. An empty variable counts as unset.
// A repeatable flag takes a comma-separated list. --help and hidden flags
// (plumbing between zohoaep's own processes) have no variable.
func applyEnv(fs *pflag.FlagSet, lookup func(string) (string, bool)) error {
	var errs []error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed || f.Name == "help" || f.Hidden {
			return
		}
		name := envName(f.Name)
		v, ok := lookup(name)
		if !ok || v == "" {
			return
		}
		values := []string{v}
		if f.Value.Type() == "stringArray" {
			values = strings.Split(v, ",")
		}
		for _, v := range values {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q (for --%s): %w", name, v, f.Name, err))
				return
			}
		}
	})
	return errors.Join(errs...)
}

// envUsage appends to each flag's usage the variable that also sets it,
// so that --help teaches both spellings.
func envUsage(fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Name == "help" || f.Hidden || strings.Contains(f.Usage, envPrefix) {
			return
		}
		f.Usage += " [$" + envName(f.Name) + "]"
	})
}

// notFlags are ZOHOAEP_* variables that name no flag on purpose: the
// image and port of docker-compose.yml and the container tests, the
// scenario harness's process protocol (set for client processes), and
// test switches.
var notFlags = map[string]bool{
	"ZOHOAEP_IMAGE": true, "ZOHOAEP_PORT": true,
	"ZOHOAEP_SCENARIO": true, "ZOHOAEP_ROLE": true, "ZOHOAEP_STEP": true, "ZOHOAEP_INTENT": true,
	"ZOHOAEP_STATE_DIR": true, "ZOHOAEP_NOW": true,
	"ZOHOAEP_SOAK": true, "ZOHOAEP_CHROMIUM": true, "ZOHOAEP_SCREENSHOTS": true, "ZOHOAEP_REQUIRE_PYTHON": true,
}

// unknownVars are the ZOHOAEP_* variables of env that no flag of any
// command under root stands for: most likely misspelt, and otherwise
// silently ignored. Sorted.
func unknownVars(root *cobra.Command, env map[string]string) []string {
	known := map[string]bool{}
	walk(root, func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) { known[envName(f.Name)] = !f.Hidden })
		}
	})
	var unknown []string
	for name := range env {
		if strings.HasPrefix(name, envPrefix) && !known[name] && !notFlags[name] {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	return unknown
}
