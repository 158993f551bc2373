package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/bundle"
	"github.com/zohoaep/zohoaep/scenarios"
)

func bundleCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "bundle", Short: "Repro bundles: a running emulator's world and journal in one file",
		Example: `  # after a failing CI run: the emulator's world, clock, faults and journal in one file
  zohoaep bundle export --emulator http://127.0.0.1:9595 -o failure.json.gz
  zohoaep bundle failures failure.json.gz

  # replay it offline
  zohoaep serve --bundle failure.json.gz`}
	cmd.AddCommand(bundleExportCommand(), bundleFailuresCommand())
	return cmd
}

func bundleExportCommand() *cobra.Command {
	var from, out string
	var tenants []string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write a running emulator's state, clock, fault rules and journal to one file",
		Long: `export reads the state (every service's data, the virtual clock and the fault rules) and the
journal of the emulator at --emulator through its control API and writes them to -o as one
gzip-compressed JSON file. zohoaep serve --bundle FILE brings the same world back. The state
holds the world's secrets, as GET /_emulator/state does: keep bundles out of public places.

With --tenant (a Zoho org id, which brings its tenant's IMS org, or an IMS org id; repeat it for
several), the bundle holds those tenants alone: their journal entries and their part of the state,
without the other tenants' data and secrets.`,
		Example: `  zohoaep bundle export --emulator http://127.0.0.1:9595 -o failure.json.gz
  zohoaep bundle export --tenant 870628120 -o team-a.json.gz   # one tenant of a shared emulator`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var b *bundle.Bundle
			var err error
			if len(tenants) > 0 {
				b, err = bundle.ExportTenants(cmd.Context(), nil, from, time.Now(), 0, tenants...)
			} else {
				b, err = bundle.Export(cmd.Context(), nil, from, time.Now())
			}
			if err != nil {
				return err
			}
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			if err := b.Write(f); err != nil {
				_ = f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: the world of %s, %d journal entries, %d failed\n", out, from, len(b.Journal), len(b.Failures()))
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "emulator", "http://"+emulator.DefaultAddr, "base URL of the running emulator")
	cmd.Flags().StringVarP(&out, "output", "o", "zohoaep-bundle.json.gz", "file to write")
	cmd.Flags().StringArrayVar(&tenants, "tenant", nil, "only this tenant's journal and state (a Zoho or IMS org id; repeatable)")
	return cmd
}

func bundleFailuresCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "failures FILE",
		Short: "List a bundle's failed exchanges",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := readBundle(args[0])
			if err != nil {
				return err
			}
			for _, e := range b.Failures() {
				fmt.Fprintf(cmd.OutOrStdout(), "#%d %s %s %s %s -> %d %.200s\n", e.Seq, e.VirtualTime.Format(time.RFC3339), e.Service, e.Method, e.Path, e.Status, e.RespBody)
			}
			return nil
		},
	}
}

func readBundle(path string) (*bundle.Bundle, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return bundle.Parse(data)
}

// withBundle starts the emulator from a repro bundle (serve --bundle):
// its state is the world and the seed, so no demo world.
func withBundle(opts emulator.Options, path string, seed string, empty bool) (emulator.Options, error) {
	if path == "" {
		return opts, nil
	}
	if seed != "" || empty {
		return opts, fmt.Errorf("--bundle excludes --seed and --empty")
	}
	b, err := readBundle(path)
	if err != nil {
		return opts, fmt.Errorf("--bundle: %w", err)
	}
	opts.Bundle, opts.Seed = b, nil
	return opts, nil
}

// printBundle says, under the banner, what a repro bundle holds: the
// scenario that left it, if one did, and its failed exchanges.
func printBundle(w io.Writer, b *bundle.Bundle, base string) {
	source := b.Source
	if source == "" {
		source = "an in-process emulator"
	}
	fmt.Fprintf(w, "\nRepro bundle of %s (%s), %d journal entries, %d failed exchanges\n",
		source, b.CreatedAt.Format(time.RFC3339), len(b.Journal), len(b.Failures()))
	if s, ok := scenarios.BundledOf(b); ok {
		fmt.Fprintf(w, "  scenario  %s (%s) with client %s: %s\n", s.Result.ID, s.Result.Status, s.Client, s.Result.Title)
		for _, f := range s.Result.Findings {
			fmt.Fprintf(w, "  ✗ %s: %s\n", f.Check, f.Says)
		}
		if s.Result.Reason != "" {
			fmt.Fprintf(w, "  %s\n", s.Result.Reason)
		}
	}
	fmt.Fprintf(w, "  its journal: %s/_emulator/ui/journal (or: zohoaep bundle failures FILE)\n", base)
}
