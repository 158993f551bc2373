package emulator_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/internal/bench"
)

// BenchmarkDataDir is the cost of --data-dir (docs/performance.md): a token
// refresh over loopback against the bare handler, the in-memory emulator
// and the emulator with a data dir, in the same run. "parallel" keeps 8
// requests per core in flight, so commits are grouped; "serial" is one
// client waiting for each answer, so every refresh waits for its own
// fsync.
//
// A commit writes the whole part of the service that changed (here Zoho
// Accounts), so its cost grows with that part. With the throttle raised,
// a refresh token's mint history (the window Zoho throttles on) would grow
// by one timestamp per refresh; the virtual clock moves 10 minutes every
// 100 refreshes so that the history stays as short as a client within
// Zoho's limits keeps it, and the part stays the size of a busy demo world
// (logged as zoho-part-bytes).
//
//	go test -run '^$' -bench DataDir -benchtime 2s -count 6 ./emulator/
func BenchmarkDataDir(b *testing.B) {
	for _, mode := range []string{"parallel", "serial"} {
		for _, target := range []string{"bare", "memory", "datadir"} {
			b.Run(mode+"/"+target, func(b *testing.B) {
				var base string
				var clock *emulator.Clock
				form := refreshForm("1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24")
				if target == "bare" {
					base = serveLoopback(b, bench.BareHandler())
				} else {
					opts := emulator.Options{Seed: emulator.Demo(), Accounts: zohoaccounts.Config{AccessTokenMints: noThrottle}}
					if target == "datadir" {
						opts.DataDir = b.TempDir()
					}
					opts.Clock = emulator.NewClock(nil)
					opts.Clock.Freeze()
					e, err := emulator.New(opts)
					if err != nil {
						b.Fatal(err)
					}
					b.Cleanup(func() {
						if part, err := json.Marshal(e.Export().Zoho); err == nil {
							b.ReportMetric(float64(len(part)), "zoho-part-bytes")
						}
						_ = e.Close()
					})
					form = refreshForm(benchRefreshToken(b, e))
					base = startLoopback(b, e)
					clock = opts.Clock
				}
				var n atomic.Int64
				next := func() string {
					if clock != nil && n.Add(1)%100 == 0 {
						clock.Advance(10 * time.Minute)
					}
					return form
				}
				if mode == "parallel" {
					overLoopback(b, base, next)
				} else {
					serially(b, base, next)
				}
			})
		}
	}
}

// serially posts form() to base from one client, one request at a time.
func serially(b *testing.B, base string, form func() string) {
	client := &http.Client{Transport: &http.Transport{}}
	b.Cleanup(client.CloseIdleConnections)
	b.ReportAllocs()
	defer reportCPU(b)()
	var body bytes.Buffer
	for b.Loop() {
		resp, err := client.Post(base+"/oauth/v2/token", "application/x-www-form-urlencoded", strings.NewReader(form()))
		if err != nil {
			b.Fatal(err)
		}
		body.Reset()
		_, _ = body.ReadFrom(resp.Body)
		_ = resp.Body.Close()
		tokenAnswer(b, resp.StatusCode, body.Bytes())
	}
}
