package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// loadFlags are the flags of `zohoaep load`.
type loadFlags struct {
	target       string
	bare         bool
	concurrency  int
	duration     time.Duration
	requests     int
	warmup       time.Duration
	noValidation bool
	refreshToken string
	clientID     string
	clientSecret string
	pid          int
	rounds       int
}

// maxLoadDuration bounds a run, so that load always stops by itself.
const maxLoadDuration = 10 * time.Minute

func loadCommand() *cobra.Command {
	var f loadFlags
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Drive concurrent token refreshes and report throughput, latency and memory",
		Long: `load drives N concurrent refresh requests (POST /oauth/v2/token, grant_type=refresh_token)
for a duration or a count, over loopback HTTP with keep-alive connections, and prints
requests/s, latency percentiles and errors.

Without --target it starts the emulator in this process with the demo world (validation and
journal on, the refresh throttle raised so every refresh mints a token) and also reports the
process's peak RSS (VmHWM) and heap in use. With --target it drives a running emulator; the
refresh token comes from --refresh-token or from the demo world's sign-in flow. --bare also
measures a plain net/http handler that answers a fixed token, served in this process, in
rounds alternating with the emulator's, and prints the emulator's throughput as a share of it.`,
		Example: `  # 10s of refreshes against an emulator in this process, beside a bare handler
  zohoaep load --bare --duration 10s

  # a running emulator (its pid for its peak RSS)
  zohoaep load --target http://127.0.0.1:9595 --pid "$(pgrep -f 'zohoaep serve')" --requests 20000`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.check(); err != nil {
				return usageError(err)
			}
			return runLoad(cmd.Context(), cmd.OutOrStdout(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.target, "target", "", "base URL of a running emulator (default: start one in this process)")
	fl.BoolVar(&f.bare, "bare", false, "measure a bare net/http handler answering a fixed token first, for comparison")
	fl.IntVar(&f.concurrency, "concurrency", 16, "requests in flight (one keep-alive connection each)")
	fl.DurationVar(&f.duration, "duration", 10*time.Second, "how long to drive load (at most 10m)")
	fl.IntVar(&f.requests, "requests", 0, "stop after this many requests (0: run for --duration)")
	fl.DurationVar(&f.warmup, "warmup", time.Second, "unmeasured load before each measurement")
	fl.BoolVar(&f.noValidation, "no-validation", false, "in process: turn contract validation off")
	fl.StringVar(&f.refreshToken, "refresh-token", "", "with --target: the refresh token to refresh (default: sign in to the demo world)")
	fl.StringVar(&f.clientID, "client-id", emulator.DemoServerClientID, "with --target: the client the refresh token belongs to")
	fl.StringVar(&f.clientSecret, "client-secret", emulator.DemoClientSecret, "with --target: that client's secret")
	fl.IntVar(&f.rounds, "rounds", 5, "with --bare: alternating rounds of each, sharing --duration and --requests")
	fl.IntVar(&f.pid, "pid", 0, "with --target: also report the peak RSS of this process (Linux /proc)")
	return cmd
}

func (f loadFlags) check() error {
	switch {
	case f.concurrency < 1:
		return fmt.Errorf("--concurrency must be at least 1")
	case f.duration <= 0 || f.duration > maxLoadDuration:
		return fmt.Errorf("--duration must be over 0 and at most %s", maxLoadDuration)
	case f.requests < 0:
		return fmt.Errorf("--requests must not be negative")
	case f.rounds < 1:
		return fmt.Errorf("--rounds must be at least 1")
	case f.target == "" && (f.refreshToken != "" || f.pid != 0):
		return fmt.Errorf("--refresh-token and --pid go with --target")
	case f.target != "" && f.noValidation:
		return fmt.Errorf("--no-validation is for the in-process emulator; start the target without validation instead")
	}
	return nil
}

// side is one thing load is driven at: the emulator, or the bare handler.
type side struct {
	what   string
	target string // the token endpoint's URL
	body   []byte
	tr     *http.Transport
	result loadResult
}

// runLoad measures the emulator and, with --bare, the bare handler in
// alternating rounds, so that a shared machine's changing load weighs on
// both alike.
func runLoad(ctx context.Context, out io.Writer, f loadFlags) error {
	emu, stop, err := emulatorSide(ctx, f)
	if err != nil {
		return err
	}
	defer stop()
	sides := []*side{emu}
	if f.bare {
		base, stopBare, err := serveBare()
		if err != nil {
			return err
		}
		defer stopBare()
		sides = []*side{{
			what:   fmt.Sprintf("bare net/http handler (fixed token), in process, %d in flight", f.concurrency),
			target: base + "/oauth/v2/token", body: refreshBody(f.clientID, f.clientSecret, bareRefreshToken),
			tr: newLoadTransport(f.concurrency),
		}, emu}
	}
	for _, s := range sides {
		defer s.tr.CloseIdleConnections()
		if f.warmup > 0 {
			run(ctx, s.tr, s.target, s.body, f.concurrency, f.warmup, 0)
		}
	}
	rounds := 1
	if f.bare {
		rounds = f.rounds
	}
	for i := range rounds {
		for _, s := range sides {
			limit := 0
			if f.requests > 0 {
				limit = f.requests/rounds + btoi(i < f.requests%rounds)
			}
			r := run(ctx, s.tr, s.target, s.body, f.concurrency, f.duration/time.Duration(rounds), limit)
			s.result.add(&r)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, s := range sides {
		s.result.print(out, s.what)
	}
	r := &emu.result
	switch {
	case f.target == "":
		printMemory(out, "this process (emulator and load generator)", selfStatus)
	case f.pid != 0:
		printMemory(out, fmt.Sprintf("target process %d", f.pid), func() (procStatus, error) { return readProcStatus(f.pid) })
	}
	if r.throttled > 0 {
		fmt.Fprintln(out, "  note          the target throttled refreshes (Zoho: 10 per refresh token per 10 minutes);")
		fmt.Fprintln(out, "                throttled answers went through the whole stack but minted no token")
	}
	if f.bare && sides[0].result.rate() > 0 {
		b := &sides[0].result
		fmt.Fprintf(out, "\nthroughput     %.0f%% of the bare handler's (%.0f/s vs %.0f/s, %d alternating rounds each)\n",
			100*r.rate()/b.rate(), r.rate(), b.rate(), rounds)
	}
	switch {
	case r.requests == 0:
		return errors.New("no request completed")
	case r.errors > 0 || r.other > 0:
		return fmt.Errorf("%d transport errors, %d unexpected answers", r.errors, r.other)
	}
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// emulatorSide is the emulator to drive: started in this process with the
// demo world, or the one at --target, with a refresh token to refresh.
func emulatorSide(ctx context.Context, f loadFlags) (*side, func(), error) {
	tr := newLoadTransport(f.concurrency)
	if f.target != "" {
		base := strings.TrimSuffix(f.target, "/")
		token := f.refreshToken
		if token == "" {
			var err error
			if token, err = demoRefreshToken(ctx, tr, base, f.clientID, f.clientSecret); err != nil {
				return nil, nil, fmt.Errorf("getting a refresh token from %s (or pass --refresh-token): %w", base, err)
			}
		}
		return &side{
			what:   fmt.Sprintf("zohoaep refresh at %s, %d in flight", base, f.concurrency),
			target: base + "/oauth/v2/token", body: refreshBody(f.clientID, f.clientSecret, token), tr: tr,
		}, func() {}, nil
	}
	e, err := emulator.New(emulator.Options{
		Seed:         emulator.Demo(),
		NoValidation: f.noValidation,
		// Every refresh mints a token: Zoho's throttle (10 per refresh
		// token per 10 minutes) would answer the rest "Access Denied".
		Accounts: zohoaccounts.Config{AccessTokenMints: 1 << 30},
	})
	if err != nil {
		return nil, nil, err
	}
	if err := e.Start("127.0.0.1:0"); err != nil {
		return nil, nil, err
	}
	stop := func() { _ = e.Close() }
	token, err := selfClientRefreshToken(ctx, e, tr)
	if err != nil {
		stop()
		return nil, nil, err
	}
	validation := "on"
	if f.noValidation {
		validation = "off"
	}
	return &side{
		what:   fmt.Sprintf("zohoaep refresh, in process (validation %s, journal on), %d in flight", validation, f.concurrency),
		target: e.URL() + "/oauth/v2/token", body: refreshBody(emulator.DemoSelfClientID, emulator.DemoClientSecret, token), tr: tr,
	}, stop, nil
}

func refreshBody(client, secret, token string) []byte {
	return []byte(url.Values{
		"grant_type": {zohoaccounts.GrantRefreshToken}, "client_id": {client},
		"client_secret": {secret}, "refresh_token": {token},
	}.Encode())
}

func newLoadTransport(conns int) *http.Transport {
	return &http.Transport{
		Proxy:               nil, // loopback: never through a proxy
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     time.Minute,
	}
}

// run is one stretch of load: workers send requests back to back until
// d has passed or limit requests are sent (0: no limit). Requests in
// flight at the end complete; ctx (a signal) cancels them.
func run(ctx context.Context, tr http.RoundTripper, target string, body []byte, workers int, d time.Duration, limit int) loadResult {
	var (
		stop  atomic.Bool
		sent  atomic.Int64
		mu    sync.Mutex
		total loadResult
		wg    sync.WaitGroup
	)
	timer := time.AfterFunc(d, func() { stop.Store(true) })
	defer timer.Stop()
	more := func() bool {
		return !stop.Load() && ctx.Err() == nil && (limit == 0 || sent.Add(1) <= int64(limit))
	}
	start := time.Now()
	for range workers {
		wg.Go(func() {
			var r loadResult
			var buf bytes.Buffer
			for more() {
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				t0 := time.Now()
				resp, err := tr.RoundTrip(req)
				if err == nil {
					buf.Reset()
					_, err = buf.ReadFrom(resp.Body)
					_ = resp.Body.Close()
				}
				if err != nil {
					if ctx.Err() == nil {
						r.errors++
						r.lastErr = err
					}
					continue
				}
				r.latency.add(time.Since(t0))
				r.requests++
				r.classify(resp.StatusCode, buf.Bytes())
			}
			mu.Lock()
			total.merge(&r)
			mu.Unlock()
		})
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	return total
}

// serveBare serves the bare handler on a loopback port in this process.
func serveBare() (base string, stop func(), err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: bareHandler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l) }()
	return "http://" + l.Addr().String(), func() { _ = srv.Close() }, nil
}

const bareRefreshToken = "1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24"

// bareToken is the bare handler's fixed answer, shaped like Zoho's.
var bareToken = []byte(`{"access_token":"` + bareRefreshToken + `","scope":"ZohoCRM.modules.ALL","api_domain":"http://127.0.0.1:9595","token_type":"Bearer","expires_in":3600}`)

// bareHandler is the yardstick: no state, no validation, no journal.
func bareHandler() http.Handler {
	length := []string{fmt.Sprint(len(bareToken))}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Content-Type"] = []string{"application/json;charset=UTF-8"}
		h["Content-Length"] = length
		h["Cache-Control"] = []string{"no-store"}
		h["Pragma"] = []string{"no-cache"}
		_, _ = w.Write(bareToken)
	})
}
