package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/zohoaep/zohoaep/emulator"
)

// healthFlags are the flags of `zohoaep health`.
type healthFlags struct {
	addr    string
	url     string
	cacert  string
	tls     bool
	tlsDir  string
	dataDir string
	timeout time.Duration
}

func healthCommand() *cobra.Command {
	var f healthFlags
	cmd := &cobra.Command{
		Use:   "health",
		Short: "Exit 0 if the emulator answers GET /_emulator/health with ok, 1 if not",
		Long: `health asks a running emulator for GET /_emulator/health and exits 0 if it answers 200
{"status":"ok"}, 1 otherwise (with the reason on stderr). It is the container image's
HEALTHCHECK (a scratch image has no curl): it reads the same --addr (ZOHOAEP_ADDR) as serve,
and an unspecified host (0.0.0.0, [::] or none) means this machine's loopback. With --tls
(ZOHOAEP_TLS, as serve's) it asks over HTTPS and trusts serve's local CA, found as serve
finds it: ca.pem in --tls-dir, else --data-dir, else ~/.zohoaep; --cacert names another.`,
		Example: `  # the emulator on the default address
  zohoaep health

  # a container's published port, or any base URL
  zohoaep health --url http://127.0.0.1:32768

  # an emulator serving HTTPS (serve --tls), trusting its local CA
  zohoaep health --url https://127.0.0.1:9595 --cacert /data/ca.pem`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			target, err := f.target()
			if err != nil {
				return usageError(err)
			}
			if f.timeout <= 0 {
				return usageErrorf("--timeout must be over 0")
			}
			client, err := f.client()
			if err != nil {
				return usageError(err)
			}
			if err := checkHealth(cmd.Context(), client, target, f.timeout); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "ok")
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", emulator.DefaultAddr, "address the emulator listens on, as given to serve")
	fl.StringVar(&f.url, "url", "", "base URL of the emulator (wins over --addr)")
	fl.StringVar(&f.cacert, "cacert", "", "PEM file of the CA to trust over HTTPS (default: with --tls, serve's local CA; else the system's)")
	fl.BoolVar(&f.tls, "tls", false, "the emulator serves HTTPS (serve --tls): ask over https")
	fl.StringVar(&f.tlsDir, "tls-dir", "", "with --tls: where serve keeps its local CA")
	fl.StringVar(&f.dataDir, "data-dir", "", "with --tls and no --tls-dir: serve's data dir, where it keeps its local CA")
	fl.DurationVar(&f.timeout, "timeout", 3*time.Second, "how long to wait for the answer")
	return cmd
}

// target is the health URL to ask.
func (f healthFlags) target() (string, error) {
	if f.url != "" {
		u, err := url.Parse(f.url)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", fmt.Errorf("--url %q: want http:// or https:// and a host", f.url)
		}
		return strings.TrimSuffix(f.url, "/") + "/_emulator/health", nil
	}
	host, port, err := net.SplitHostPort(f.addr)
	if err != nil {
		return "", fmt.Errorf("--addr %q: %w", f.addr, err)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", fmt.Errorf("--addr %q: the port is not a number from 0 to 65535", f.addr)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip != nil && ip.To4() == nil {
			host = "::1"
		}
	}
	scheme := "http://"
	if f.tls {
		scheme = "https://"
	}
	target := scheme + net.JoinHostPort(host, port) + "/_emulator/health"
	if _, err := url.Parse(target); err != nil {
		return "", fmt.Errorf("--addr %q: not a host and port", f.addr)
	}
	return target, nil
}

// client is the HTTP client to ask with: no proxy, no keep-alive, and
// trusting --cacert if given.
func (f healthFlags) client() (*http.Client, error) {
	tr := &http.Transport{Proxy: nil, DisableKeepAlives: true}
	cacert := f.cacert
	if cacert == "" && f.tls {
		dir := f.tlsDir
		if dir == "" {
			dir = f.dataDir
		}
		if dir == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return nil, fmt.Errorf("--tls: no home directory for the CA; give --tls-dir or --cacert: %w", err)
			}
			dir = filepath.Join(home, ".zohoaep")
		}
		cacert = filepath.Join(dir, "ca.pem")
	}
	if cacert != "" {
		pem, err := os.ReadFile(cacert)
		if err != nil {
			return nil, fmt.Errorf("--cacert: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--cacert %s: no PEM certificate in it", cacert)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: tr}, nil
}

// checkHealth asks url once.
func checkHealth(ctx context.Context, client *http.Client, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("unhealthy: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return fmt.Errorf("unhealthy: reading the answer: %w", err)
	}
	var st struct {
		Status string `json:"status"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &st) != nil || st.Status != "ok" {
		return fmt.Errorf("unhealthy: GET %s answered %d %.200q", url, resp.StatusCode, body)
	}
	return nil
}
