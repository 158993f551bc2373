package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/internal/bench"
)

func okBenchFlags() benchFlags {
	return benchFlags{mix: "refresh", concurrency: 1, duration: time.Second, rounds: 1, perPage: 200, sessions: 8}
}

func TestBenchFlagsAreBounded(t *testing.T) {
	_, err := okBenchFlags().check()
	require.NoError(t, err)
	for name, change := range map[string]func(*benchFlags){
		"no concurrency":        func(f *benchFlags) { f.concurrency = 0 },
		"no duration":           func(f *benchFlags) { f.duration = 0 },
		"an hour":               func(f *benchFlags) { f.duration = time.Hour },
		"negative requests":     func(f *benchFlags) { f.requests = -1 },
		"no rounds":             func(f *benchFlags) { f.rounds = 0 },
		"long warm-up":          func(f *benchFlags) { f.warmup = time.Hour },
		"page of 201":           func(f *benchFlags) { f.perPage = 201 },
		"17 sessions":           func(f *benchFlags) { f.sessions = 17 },
		"pid without target":    func(f *benchFlags) { f.pid = 1 },
		"unvalidated target":    func(f *benchFlags) { f.target, f.noValidation = "http://127.0.0.1:9595", true },
		"unknown kind in mix":   func(f *benchFlags) { f.mix = "refresh,tokens" },
		"all weights zero":      func(f *benchFlags) { f.mix = "refresh=0" },
		"concurrency over 4096": func(f *benchFlags) { f.concurrency = 5000 },
	} {
		f := okBenchFlags()
		change(&f)
		_, err := f.check()
		assert.Error(t, err, name)
	}
}

func TestBenchInProcess(t *testing.T) {
	var out, progress bytes.Buffer
	f := okBenchFlags()
	f.mix, f.concurrency, f.requests, f.rounds, f.perPage, f.duration = bench.DefaultMix.String(), 4, 60, 2, 10, time.Minute
	mix, err := f.check()
	require.NoError(t, err)
	require.NoError(t, runBench(context.Background(), &out, &progress, f, mix))
	text := out.String()
	for _, want := range []string{"refresh", "crm-page", "ims-token", "flow-connection", "flow-explore", "bare", "(100.0%)", "validation on"} {
		assert.Contains(t, text, want)
	}
	assert.Contains(t, text, "      60  ", "60 requests in all")
	if runtime.GOOS == "linux" {
		assert.Contains(t, text, "peak RSS (VmHWM)")
	}
	assert.Contains(t, progress.String(), "bare: ", "plain progress lines off a terminal")
	assert.NotContains(t, progress.String(), "\r")
}

func TestBenchJSON(t *testing.T) {
	var out bytes.Buffer
	f := okBenchFlags()
	f.json, f.quiet, f.requests, f.duration, f.noValidation = true, true, 20, time.Minute, true
	mix, err := f.check()
	require.NoError(t, err)
	require.NoError(t, runBench(context.Background(), &out, &bytes.Buffer{}, f, mix))
	var r bench.Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r), out.String())
	assert.EqualValues(t, 20, r.Total.Requests)
	assert.EqualValues(t, 20, r.Bare.Requests)
	assert.Equal(t, "refresh=1", r.Mix)
	assert.InDelta(t, 1, r.Bare.RateRatio, 1e-9)
	assert.True(t, strings.Contains(r.Target, "validation off"))
}

func TestBenchRefusesUnreachableTarget(t *testing.T) {
	f := okBenchFlags()
	f.target, f.quiet = "http://127.0.0.1:1", true
	mix, err := f.check()
	require.NoError(t, err)
	err = runBench(context.Background(), &bytes.Buffer{}, &bytes.Buffer{}, f, mix)
	assert.ErrorContains(t, err, "sign-in")
}

func TestBenchTargetCountsThrottlesApart(t *testing.T) {
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo()}) // Zoho's own limits
	require.NoError(t, err)
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })
	var out bytes.Buffer
	f := okBenchFlags()
	f.target, f.quiet, f.json, f.requests, f.sessions, f.concurrency, f.duration = e.URL(), true, true, 40, 1, 1, time.Minute
	if runtime.GOOS == "linux" {
		f.pid = os.Getpid()
	}
	mix, err := f.check()
	require.NoError(t, err)
	require.NoError(t, runBench(context.Background(), &out, &bytes.Buffer{}, f, mix))
	var r bench.Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))
	// One refresh token, 10 access tokens per 10 minutes, and the first
	// came with the code exchange: 9 more mint, the rest are Zoho's
	// "Access Denied".
	assert.EqualValues(t, 9, r.Total.OK)
	assert.EqualValues(t, 31, r.Total.Throttled)
	assert.Zero(t, r.Bad())
	assert.NotEmpty(t, r.Notes)
	assert.Positive(t, r.CPU.Process, "the load generator's CPU per request")
	assert.Positive(t, r.CPU.BareProcess)
}

func TestReadProcCPU(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc")
	}
	deadline := time.Now().Add(50 * time.Millisecond)
	for n := 0; time.Now().Before(deadline); n++ {
		_ = strings.Repeat("x", n%64) // busy for a few ticks
	}
	cpu, err := readProcCPU(os.Getpid())
	require.NoError(t, err)
	assert.Positive(t, cpu)
	_, err = readProcCPU(1 << 30)
	assert.Error(t, err)
}
