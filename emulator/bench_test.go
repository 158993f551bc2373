package emulator_test

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/internal/bench"
	"github.com/zohoaep/zohoaep/internal/cputime"
)

// The benchmarks of docs/performance.md: a refresh and an authorization-code
// exchange through the whole stack (landing, routing, contract validation of
// request and response, the Zoho Accounts state, redaction, the journal),
// in process and over loopback, with and without validation, beside a bare
// net/http handler that answers a fixed token, measured in the same run:
//
//	go test -run '^$' -bench . -benchtime 2s -count 5 ./emulator/
//
// Zoho throttles refreshes at 10 access tokens per refresh token per 10
// minutes, and keeps 15 live access tokens per refresh token (the oldest is
// evicted). The benchmarks raise the throttle through the Config field
// (Options.Accounts.AccessTokenMints) and leave the clock running on wall
// time, so every refresh mints a token and the live-token cap evicts as in
// production.

// benchParallelism is goroutines per GOMAXPROCS in the parallel
// benchmarks: enough requests in flight to keep both ends of a loopback
// connection busy.
const benchParallelism = 8

// noThrottle lets one refresh token mint as many access tokens as a
// benchmark asks for.
const noThrottle = 1 << 30

func benchEmulator(b *testing.B, validated bool) *emulator.Emulator {
	b.Helper()
	e, err := emulator.New(emulator.Options{
		Seed:         emulator.Demo(),
		NoValidation: !validated,
		Accounts:     zohoaccounts.Config{AccessTokenMints: noThrottle},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = e.Close() })
	e.IMS().Warm() // the process's IMS key, else generated in the background while timed
	return e
}

// benchCodes generates n self-client grant codes, as Zoho's API console does.
func benchCodes(b *testing.B, e *emulator.Emulator, n int) []string {
	b.Helper()
	codes := make([]string, n)
	for i := range codes {
		c, err := e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{
			ClientID: emulator.DemoSelfClientID, User: emulator.DemoUserEmail,
			Scopes: []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"}, Lifetime: zohoaccounts.SelfClientCodeLifetimes[len(zohoaccounts.SelfClientCodeLifetimes)-1],
		})
		if err != nil {
			b.Fatal(err)
		}
		codes[i] = c.Code
	}
	return codes
}

func codeForm(code string) string {
	return url.Values{"grant_type": {"authorization_code"}, "client_id": {emulator.DemoSelfClientID},
		"client_secret": {emulator.DemoClientSecret}, "code": {code}}.Encode()
}

func refreshForm(token string) string {
	return url.Values{"grant_type": {"refresh_token"}, "client_id": {emulator.DemoSelfClientID},
		"client_secret": {emulator.DemoClientSecret}, "refresh_token": {token}}.Encode()
}

// benchRefreshToken exchanges a self-client code for a refresh token.
func benchRefreshToken(b *testing.B, e *emulator.Emulator) string {
	b.Helper()
	w := &discardWriter{}
	e.Handler().ServeHTTP(w, formRequest(codeForm(benchCodes(b, e, 1)[0])))
	var tok struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.Unmarshal(w.body.Bytes(), &tok); err != nil || tok.RefreshToken == "" {
		b.Fatalf("code exchange: %d %s", w.status, w.body.String())
	}
	return tok.RefreshToken
}

// formRequest is a token request as the server hands it to a handler.
func formRequest(form string) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:9595/oauth/v2/token", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "127.0.0.1:40000"
	req.RequestURI = "/oauth/v2/token"
	return req
}

// discardWriter is the cheapest ResponseWriter that still keeps the body,
// so a benchmark can check the answer.
type discardWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *discardWriter) Header() http.Header {
	if w.header == nil {
		w.header = http.Header{}
	}
	return w.header
}
func (w *discardWriter) WriteHeader(s int) { w.status = s }
func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(p)
}

func (w *discardWriter) reset() {
	clear(w.header)
	w.status = 0
	w.body.Reset()
}

// tokenAnswer fails b unless the answer carries an access token.
func tokenAnswer(b *testing.B, status int, body []byte) {
	if status != http.StatusOK || !bytes.Contains(body, []byte(`"access_token":"1000.`)) {
		b.Errorf("not a token: %d %s", status, body)
	}
}

// inProcess runs form(i) through h in parallel, without a socket.
func inProcess(b *testing.B, h http.Handler, form func() string) {
	b.ReportAllocs()
	b.SetParallelism(benchParallelism)
	defer reportCPU(b)()
	b.RunParallel(func(pb *testing.PB) {
		w := &discardWriter{}
		for pb.Next() {
			w.reset()
			h.ServeHTTP(w, formRequest(form()))
			tokenAnswer(b, w.status, w.body.Bytes())
		}
	})
}

// reportCPU resets the timer and returns the function that reports the
// process's CPU time (user and system, all goroutines: client, server,
// garbage collector) per operation as cpu-ns/op. On a shared machine it is
// steadier than ns/op, and on an idle one with n cores the throughput it
// allows is n*1e9/cpu-ns/op requests per second.
func reportCPU(b *testing.B) func() {
	start := cputime.Process()
	b.ResetTimer()
	return func() {
		b.StopTimer()
		if used := cputime.Process() - start; used > 0 && b.N > 0 {
			b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

// serveLoopback serves h on a loopback port with a plain http.Server.
func serveLoopback(b *testing.B, h http.Handler) string {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(l) }()
	b.Cleanup(func() { _ = srv.Close() })
	return "http://" + l.Addr().String()
}

// startLoopback serves e on a loopback port as `zohoaep serve` does.
func startLoopback(b *testing.B, e *emulator.Emulator) string {
	b.Helper()
	if err := e.Start("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	return e.URL()
}

// overLoopback posts form() to base in parallel over keep-alive connections.
func overLoopback(b *testing.B, base string, form func() string) {
	tr := &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	target := base + "/oauth/v2/token"
	b.ReportAllocs()
	b.SetParallelism(benchParallelism)
	defer reportCPU(b)()
	b.RunParallel(func(pb *testing.PB) {
		var body bytes.Buffer
		for pb.Next() {
			resp, err := client.Post(target, "application/x-www-form-urlencoded", strings.NewReader(form()))
			if err != nil {
				b.Error(err)
				return
			}
			body.Reset()
			_, _ = body.ReadFrom(resp.Body)
			_ = resp.Body.Close()
			tokenAnswer(b, resp.StatusCode, body.Bytes())
		}
	})
}

// noViolations fails b if the journal holds a contract violation.
func noViolations(b *testing.B, e *emulator.Emulator) {
	b.Helper()
	if bad := e.Journal().Query(journal.Filter{ViolationsOnly: true, Limit: 1}); len(bad) > 0 {
		b.Fatalf("contract violation: %s", bad[0].Verdict.Summary())
	}
}

var benchModes = []struct {
	name      string
	validated bool
}{{"validated", true}, {"unvalidated", false}}

func BenchmarkRefresh(b *testing.B) {
	for _, where := range []string{"inprocess", "loopback"} {
		for _, m := range benchModes {
			b.Run(where+"/"+m.name, func(b *testing.B) {
				e := benchEmulator(b, m.validated)
				form := refreshForm(benchRefreshToken(b, e))
				next := func() string { return form }
				if where == "inprocess" {
					inProcess(b, e.Handler(), next)
				} else {
					overLoopback(b, startLoopback(b, e), next)
				}
				b.StopTimer()
				noViolations(b, e)
			})
		}
	}
}

func BenchmarkCodeExchange(b *testing.B) {
	for _, where := range []string{"inprocess", "loopback"} {
		for _, m := range benchModes {
			b.Run(where+"/"+m.name, func(b *testing.B) {
				e := benchEmulator(b, m.validated)
				// One fresh code per exchange, generated before the timer
				// starts (and before RunParallel, where StopTimer cannot be).
				forms := make([]string, b.N)
				for i, c := range benchCodes(b, e, b.N) {
					forms[i] = codeForm(c)
				}
				var n atomic.Int64
				next := func() string { return forms[n.Add(1)-1] }
				if where == "inprocess" {
					inProcess(b, e.Handler(), next)
				} else {
					overLoopback(b, startLoopback(b, e), next)
				}
				b.StopTimer()
				noViolations(b, e)
			})
		}
	}
}

func BenchmarkBareHandler(b *testing.B) {
	form := refreshForm("1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24")
	next := func() string { return form }
	b.Run("inprocess", func(b *testing.B) { inProcess(b, bench.BareHandler(), next) })
	b.Run("loopback", func(b *testing.B) { overLoopback(b, serveLoopback(b, bench.BareHandler()), next) })
}
