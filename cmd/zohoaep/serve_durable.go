package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/zohoaep/zohoaep/emulator"
)

// durableFlags are serve's flags for state that outlives the process
// (--data-dir, --seed-dir, --export-on-exit) and for HTTPS (--tls).
type durableFlags struct {
	dataDir      string
	seedDir      string
	exportOnExit string
	tls          bool
	tlsDir       string
	tlsHosts     []string
}

func (d *durableFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&d.dataDir, "data-dir", "", "keep all state in this directory: every acknowledged change survives a crash, and a restart loads it instead of the seed")
	fl.StringVar(&d.seedDir, "seed-dir", "", "world to load from a seed folder (one YAML file per concern, as 'zohoaep seed export' writes)")
	fl.StringVar(&d.exportOnExit, "export-on-exit", "", "on shutdown, write the whole state here: a seed folder, or one document if the name ends in .json or .yaml")
	fl.BoolVar(&d.tls, "tls", false, "serve HTTPS with a certificate from a local CA (its ca.pem path is printed at start)")
	fl.StringVar(&d.tlsDir, "tls-dir", "", "where the local CA is kept (default: the data dir, else ~/.zohoaep)")
	fl.StringSliceVar(&d.tlsHosts, "tls-host", nil, "extra DNS name or IP the certificate is valid for (repeatable)")
}

// seed loads --seed-dir, if given; other is whether --seed or --empty was.
func (d durableFlags) seed(other bool) (*emulator.State, error) {
	if d.seedDir == "" {
		return nil, nil
	}
	if other {
		return nil, errors.New("--seed-dir excludes --seed and --empty")
	}
	return emulator.LoadSeedDir(d.seedDir)
}

// apply puts the data dir and TLS into opts.
func (d durableFlags) apply(opts *emulator.Options) (caPath string, err error) {
	opts.DataDir = d.dataDir
	if !d.tls {
		if d.tlsDir != "" || len(d.tlsHosts) > 0 {
			return "", errors.New("--tls-dir and --tls-host need --tls")
		}
		return "", nil
	}
	dir := d.tlsDir
	switch {
	case dir != "":
	case d.dataDir != "":
		dir = d.dataDir
	default:
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("--tls: no home directory for the CA; give --tls-dir: %w", err)
		}
		dir = filepath.Join(home, ".zohoaep")
	}
	opts.TLS, caPath, err = emulator.LocalTLS(dir, time.Now(), d.tlsHosts...)
	if err != nil {
		return "", fmt.Errorf("--tls: %w", err)
	}
	return caPath, nil
}

// started tells where the state and the CA are.
func (d durableFlags) started(w io.Writer, e *emulator.Emulator, caPath string) {
	if d.dataDir != "" {
		from := "new, from the seed"
		if e.Loaded() {
			from = "loaded; the seed flags were not used"
		}
		fmt.Fprintf(w, "  data dir             %s (%s)\n", d.dataDir, from)
	}
	if caPath != "" {
		fmt.Fprintf(w, "  TLS CA certificate   %s  (trust it: curl --cacert, SSL_CERT_FILE, NODE_EXTRA_CA_CERTS)\n", caPath)
	}
}

// exit writes --export-on-exit after the emulator has closed.
func (d durableFlags) exit(e *emulator.Emulator) error {
	if d.exportOnExit == "" {
		return nil
	}
	if err := emulator.WriteStateFile(d.exportOnExit, e.Export()); err != nil {
		return fmt.Errorf("--export-on-exit: %w", err)
	}
	return nil
}
