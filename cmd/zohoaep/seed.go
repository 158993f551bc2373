package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zohoaep/zohoaep/emulator"
)

func seedCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Export worlds as seed folders (one YAML file per concern) and check them",
		Example: `  # the demo world as a seed folder, to edit and serve with --seed-dir
  zohoaep seed export ./world
  zohoaep seed check ./world`,
	}
	cmd.AddCommand(seedExportCommand(), seedCheckCommand())
	return cmd
}

// seedSource is where `seed export` reads a world.
type seedSource struct {
	from, dataDir, seed, seedDir string
	caCert                       string // for an https --from
}

func seedExportCommand() *cobra.Command {
	var src seedSource
	cmd := &cobra.Command{
		Use:   "export DIR|FILE.json|FILE.yaml",
		Short: "Write a world as a seed folder (or one document): the demo world, a seed, a data dir or a running emulator",
		Example: `  zohoaep seed export ./world                              # the demo world
  zohoaep seed export ./world --from http://127.0.0.1:9595  # a running emulator's state
  zohoaep seed export ./world --data-dir ./state            # a stopped emulator's data dir
  zohoaep serve --seed-dir ./world                          # serve it`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := src.load(cmd)
			if err != nil {
				return err
			}
			if err := emulator.WriteStateFile(args[0], *st); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (it holds client secrets and tokens: keep it private)\n", args[0])
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&src.from, "from", "", "base URL of a running emulator (reads GET /_emulator/state)")
	fl.StringVar(&src.caCert, "cacert", "", "CA certificate to trust for an https --from (the ca.pem that serve --tls prints)")
	fl.StringVar(&src.dataDir, "data-dir", "", "data dir of a stopped emulator")
	fl.StringVar(&src.seed, "seed", "", "a seed file (YAML or JSON)")
	fl.StringVar(&src.seedDir, "seed-dir", "", "a seed folder")
	return cmd
}

func (s seedSource) load(cmd *cobra.Command) (*emulator.State, error) {
	n := 0
	for _, v := range []string{s.from, s.dataDir, s.seed, s.seedDir} {
		if v != "" {
			n++
		}
	}
	switch {
	case n > 1:
		return nil, errors.New("--from, --data-dir, --seed and --seed-dir exclude each other")
	case s.seed != "":
		return emulator.LoadSeed(s.seed)
	case s.seedDir != "":
		return emulator.LoadSeedDir(s.seedDir)
	case s.from != "":
		return fetchState(cmd, s.from, s.caCert)
	case s.dataDir != "":
		e, err := emulator.New(emulator.Options{DataDir: s.dataDir, NoValidation: true})
		if err != nil {
			return nil, err
		}
		st := e.Export()
		return &st, e.Close()
	}
	return emulator.Demo(), nil
}

func fetchState(cmd *cobra.Command, base, caCert string) (*emulator.State, error) {
	client := http.DefaultClient
	if caCert != "" {
		pem, err := os.ReadFile(caCert)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--cacert %s: no certificate in it", caCert)
		}
		client = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	}
	req, err := http.NewRequestWithContext(cmd.Context(), http.MethodGet, strings.TrimSuffix(base, "/")+"/_emulator/state", nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<30))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /_emulator/state: %s", resp.Status)
	}
	return emulator.ParseSeed(body)
}

func seedCheckCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check DIR|FILE",
		Short: "Check that a seed folder or file loads into a world",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			src := seedSource{seedDir: args[0]}
			if strings.HasSuffix(args[0], ".json") || strings.HasSuffix(args[0], ".yaml") || strings.HasSuffix(args[0], ".yml") {
				src = seedSource{seed: args[0]}
			}
			st, err := src.load(cmd)
			if err != nil {
				return err
			}
			e, err := emulator.New(emulator.Options{Seed: st, NoValidation: true})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: a valid world\n", args[0])
			return e.Close()
		},
	}
}
