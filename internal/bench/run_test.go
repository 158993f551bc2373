package bench_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/internal/bench"
)

// served is the demo world on a loopback port, validation and journal on.
func served(t *testing.T, opts emulator.Options) *emulator.Emulator {
	t.Helper()
	opts.Seed = emulator.Demo()
	e, err := emulator.New(opts)
	require.NoError(t, err)
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func TestRunDrivesEveryKind(t *testing.T) {
	e := served(t, emulator.Options{})
	ctx := context.Background()
	f, err := bench.Prepare(ctx, bench.Options{Base: e.URL(), Sessions: 4, PerPage: 20})
	require.NoError(t, err)
	require.NotEmpty(t, f.Connection())

	mix := bench.Mix{{Kind: bench.Refresh, Weight: 1}, {Kind: bench.CRMPage, Weight: 3}, {Kind: bench.IMSToken, Weight: 1}, {Kind: bench.FlowConnection, Weight: 3}, {Kind: bench.FlowExplore, Weight: 1}}
	var every, progress atomic.Int64
	res, err := f.Run(ctx, bench.Config{Workers: 4, Requests: 120, Mix: mix, Seed: 1,
		Every: 40, OnEvery: func(int64) { every.Add(1) },
		Progress: func(bench.Progress) { progress.Add(1) }, ProgressEvery: time.Millisecond})
	require.NoError(t, err)

	total := res.Total()
	assert.EqualValues(t, 120, total.Requests, "no renewal was due on wall time")
	assert.Zero(t, total.Bad(), "last failure: %s", total.LastFailure)
	for _, k := range bench.Kinds {
		kr := res.Kind(k)
		assert.Positive(t, kr.OK, "%s", k)
		assert.EqualValues(t, kr.OK, kr.Latency.Count()-uint64(kr.Throttled), "%s", k)
	}
	// Four refresh tokens, each refreshed more than Zoho's 10 in 10 minutes
	// at this rate? Then some were throttled, and said so.
	assert.EqualValues(t, res.Kind(bench.Refresh).Requests, res.Kind(bench.Refresh).OK+res.Kind(bench.Refresh).Throttled)
	assert.EqualValues(t, 3, every.Load())
	assert.Positive(t, progress.Load())
	bad, err := f.Violations(ctx, 0, 5)
	require.NoError(t, err)
	assert.Empty(t, bad)

	// A request that breaks the contract shows up.
	resp, err := http.Post(e.URL()+"/oauth/v2/token", "text/plain", strings.NewReader("client_id=x"))
	require.NoError(t, err)
	_ = resp.Body.Close()
	mark, err := f.JournalMark(ctx)
	require.NoError(t, err)
	assert.Positive(t, mark)
	bad, err = f.Violations(ctx, mark, 5)
	require.NoError(t, err)
	assert.Empty(t, bad, "nothing after the mark yet")
	resp, err = http.Post(e.URL()+"/oauth/v2/token", "text/plain", strings.NewReader("client_id=x"))
	require.NoError(t, err)
	_ = resp.Body.Close()
	bad, err = f.Violations(ctx, mark, 5)
	require.NoError(t, err)
	require.Len(t, bad, 1)
	assert.Contains(t, bad[0], "POST /oauth/v2/token")
}

func TestRunStopsOnDuration(t *testing.T) {
	base, stop, err := bench.ServeBare()
	require.NoError(t, err)
	t.Cleanup(stop)
	f, err := bench.BareFixture(base, 0)
	require.NoError(t, err)
	start := time.Now()
	res, err := f.Run(context.Background(), bench.Config{Workers: 2, Duration: 100 * time.Millisecond})
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
	b := res.Kind(bench.Bare)
	assert.Positive(t, b.OK)
	assert.Zero(t, b.Bad())

	_, err = f.Run(context.Background(), bench.Config{Workers: 1})
	assert.Error(t, err, "a run without a limit is refused")
}

func TestCompareReportsRatios(t *testing.T) {
	e := served(t, emulator.Options{})
	ctx := context.Background()
	emu, err := bench.Prepare(ctx, bench.Options{Base: e.URL(), Sessions: 2, PerPage: 10})
	require.NoError(t, err)
	base, stop, err := bench.ServeBare()
	require.NoError(t, err)
	t.Cleanup(stop)
	bare, err := bench.BareFixture(base, 0)
	require.NoError(t, err)

	var sides = map[string]bool{}
	plan := bench.Plan{Config: bench.Config{Workers: 2, Requests: 41, Duration: time.Minute,
		Mix: bench.Mix{{Kind: bench.CRMPage, Weight: 1}, {Kind: bench.FlowConnection, Weight: 1}}}, Rounds: 2,
		Progress: func(side string, _ bench.Progress) { sides[side] = true }}
	emuRes, bareRes, err := bench.Compare(ctx, emu, bare, plan)
	require.NoError(t, err)
	assert.EqualValues(t, 41, emuRes.Total().Requests)
	assert.EqualValues(t, 41, bareRes.Kind(bench.Bare).Requests)
	assert.Equal(t, map[string]bool{"bare": true, "emulator": true}, sides)

	r := bench.NewReport(e.URL(), plan.Config.Mix, 2, 2, emuRes, bareRes)
	assert.Zero(t, r.Bad())
	assert.InDelta(t, 1, r.Bare.RateRatio, 1e-9)
	assert.Positive(t, r.Total.RateRatio)
	assert.Positive(t, r.Total.LatencyRatio.P50)
	var text strings.Builder
	require.NoError(t, r.WriteText(&text))
	assert.Positive(t, r.CPU.Process, "this process's CPU per request")
	assert.Zero(t, r.CPU.Target, "not asked for")
	for _, want := range []string{"crm-page", "flow-connection", "all", "bare", "(100.0%)", "rate/s (of bare)", "CPU per request: this process"} {
		assert.Contains(t, text.String(), want)
	}
	var js strings.Builder
	require.NoError(t, r.WriteJSON(&js))
	assert.Contains(t, js.String(), `"rate_ratio"`)
	assert.Contains(t, js.String(), `"p99_ns"`)
	assert.Contains(t, js.String(), `"process_ns"`)
}

func TestPrepareRefusesBadTargets(t *testing.T) {
	for _, base := range []string{"", "127.0.0.1:9595", "ftp://x", "http://"} {
		_, err := bench.Prepare(context.Background(), bench.Options{Base: base})
		assert.Error(t, err, "%q", base)
	}
	_, err := bench.Prepare(context.Background(), bench.Options{Base: "http://127.0.0.1:1", PerPage: 201})
	assert.ErrorContains(t, err, "200")
}

func TestWriteProgress(t *testing.T) {
	p := bench.Progress{Elapsed: 2 * time.Second, Duration: 10 * time.Second, Requests: 500, Throttled: 3, Failed: 1}
	var plain, tty strings.Builder
	bench.WriteProgress(&plain, "emulator", p, false)
	bench.WriteProgress(&tty, "emulator", p, true)
	assert.Equal(t, "emulator: 2s of 10s, 500 requests, 250/s, 3 throttled, 1 failed\n", plain.String())
	assert.True(t, strings.HasPrefix(tty.String(), "\r\x1b[K"))
	assert.NotContains(t, tty.String(), "\n")
}

// seen is one request as the server read it.
type seen struct {
	method, host, path, query, body string
	header                          http.Header
}

// TestLoadSendsWhatClientsSend holds every kind's request, as the server
// reads it, to what a client of the real services sends.
func TestLoadSendsWhatClientsSend(t *testing.T) {
	opts := emulator.Options{Seed: emulator.Demo()}
	e, err := emulator.New(opts)
	require.NoError(t, err)
	var (
		mu   sync.Mutex
		reqs []seen
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if r.Header.Get("User-Agent") == "zohoaep-bench" && !strings.HasPrefix(r.URL.Path, "/_emulator/") {
			mu.Lock()
			reqs = append(reqs, seen{r.Method, r.Host, r.URL.Path, r.URL.RawQuery, string(body), r.Header.Clone()})
			mu.Unlock()
		}
		e.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	f, err := bench.Prepare(ctx, bench.Options{Base: srv.URL, Sessions: 2, PerPage: 20})
	require.NoError(t, err)
	t.Cleanup(f.Close)
	mix := bench.Mix{{Kind: bench.Refresh, Weight: 1}, {Kind: bench.CRMPage, Weight: 1}, {Kind: bench.IMSToken, Weight: 1}, {Kind: bench.FlowConnection, Weight: 1}, {Kind: bench.FlowExplore, Weight: 1}}
	mu.Lock()
	reqs = nil // the set-up's IMS token
	mu.Unlock()
	res, err := f.Run(ctx, bench.Config{Workers: 2, Requests: 60, Mix: mix, Seed: 5})
	require.NoError(t, err)
	total := res.Total()
	require.Zero(t, total.Bad(), total.LastFailure)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, reqs, int(total.Requests))
	host := strings.TrimPrefix(srv.URL, "http://")
	kinds := map[string]int{}
	for _, r := range reqs {
		assert.Equal(t, host, r.host, "%s %s", r.method, r.path)
		switch {
		case r.path == "/oauth/v2/token":
			kinds["refresh"]++
			assert.Equal(t, http.MethodPost, r.method)
			assert.Equal(t, "application/x-www-form-urlencoded", r.header.Get("Content-Type"))
			form, err := url.ParseQuery(r.body)
			require.NoError(t, err)
			assert.Equal(t, "refresh_token", form.Get("grant_type"))
			assert.Equal(t, emulator.DemoSelfClientID, form.Get("client_id"))
			assert.Equal(t, emulator.DemoClientSecret, form.Get("client_secret"))
			assert.NotEmpty(t, form.Get("refresh_token"))
			assert.Empty(t, r.query)
		case r.path == "/ims/token/v3":
			kinds["ims"]++
			assert.Equal(t, http.MethodPost, r.method)
			assert.Equal(t, "application/x-www-form-urlencoded", r.header.Get("Content-Type"))
			assert.Equal(t, "client_credentials", mustQuery(t, r.body).Get("grant_type"))
			assert.Equal(t, adobeims.DemoClientID, mustQuery(t, r.body).Get("client_id"))
		case r.path == "/crm/v8/Leads":
			kinds["crm"]++
			assert.Equal(t, http.MethodGet, r.method)
			q := mustQuery(t, r.query)
			assert.Equal(t, "Last_Name,First_Name,Email,Company,Lead_Status,Lead_Source,Phone,Modified_Time,Created_Time,Owner", q.Get("fields"))
			assert.Equal(t, "20", q.Get("per_page"))
			assert.Contains(t, []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, q.Get("page"))
			assert.Regexp(t, `^Zoho-oauthtoken 1000\.[0-9a-f]+\.[0-9a-f]+$`, r.header.Get("Authorization"))
			assert.Empty(t, r.body)
		case strings.HasPrefix(r.path, "/data/foundation/flowservice/connections/"+f.Connection()):
			kinds["flow"]++
			assert.Equal(t, http.MethodGet, r.method)
			if strings.HasSuffix(r.path, "/explore") {
				assert.Equal(t, "objectType=table&object=Leads", r.query)
			} else {
				assert.Equal(t, "/data/foundation/flowservice/connections/"+f.Connection(), r.path)
			}
			assert.Regexp(t, `^Bearer \S+$`, r.header.Get("Authorization"))
			assert.Equal(t, adobeims.DemoClientID, r.header.Get("X-Api-Key"))
			assert.Equal(t, adobeims.DemoOrgID, r.header.Get("X-Gw-Ims-Org-Id"))
			assert.Equal(t, "prod", r.header.Get("X-Sandbox-Name"))
			assert.Empty(t, r.body)
		default:
			t.Errorf("unexpected request %s %s", r.method, r.path)
		}
	}
	for _, k := range []string{"refresh", "ims", "crm", "flow"} {
		assert.Positive(t, kinds[k], k)
	}
	bad, err := f.Violations(ctx, 0, 5)
	require.NoError(t, err)
	assert.Empty(t, bad, "the contracts find nothing wrong with the load")
}

func mustQuery(t *testing.T, s string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(s)
	require.NoError(t, err)
	return q
}
