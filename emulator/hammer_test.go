package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
	"github.com/zohoaep/zohoaep/internal/bench"
)

// TestHammer is for the race detector (go test -race): every service is
// driven over loopback while the control API and the Go API reset the
// world and one tenant, move the clock, add and remove fault rules, export
// and import the state and read and clear the journal, all at once.
// Besides staying race-free, no exchange the faults did not answer may be
// a 5xx or break its contract, and no connection may be cut.
func TestHammer(t *testing.T) {
	duration := 3 * time.Second
	if testing.Short() {
		duration = time.Second
	}
	// 300 Leads, so that each of the many dataflow backfills (every state
	// import brings back a flow that has not run) reads two pages.
	seed := emulator.Demo()
	seed.CRM.Data[0].Spec.Modules = []crmdata.ModuleSpec{{APIName: crmdata.Leads, Generate: 300}}
	e, err := emulator.New(emulator.Options{Seed: seed, JournalSize: 2000})
	require.NoError(t, err)
	var unexpected atomic.Int64
	var firstUnexpected atomic.Pointer[string]
	e.Journal().OnAdd(func(en journal.Entry) {
		bad := ""
		switch {
		case en.Fault != "":
		case en.Status >= 500:
			bad = fmt.Sprintf("%s %s %s: %d %.300s", en.Service, en.Method, en.Path, en.Status, en.RespBody)
		case en.Verdict != nil && !en.Verdict.OK():
			bad = fmt.Sprintf("%s %s %s: %d: %s", en.Service, en.Method, en.Path, en.Status, en.Verdict.Summary())
		}
		if bad != "" && unexpected.Add(1) == 1 {
			firstUnexpected.Store(&bad)
		}
	})
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })
	// The dataflow first (seeding the Flow Service tenant replaces it). Its
	// backfill runs once here, so that the snapshot holds the run and each
	// import brings back only hourly windows to catch up.
	seedDataflow(t, e)
	require.NoError(t, e.RunDue(context.Background()))
	tr := bench.NewTransport(16)
	t.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	f, err := bench.Prepare(context.Background(), bench.Options{Base: e.URL(), Client: client, Sessions: 4, PerPage: 20})
	require.NoError(t, err)
	// The world with the fixture's tokens and connection, and a dataflow
	// whose hourly runs read Zoho CRM as the clock moves: imported again
	// and again, it brings them back after each reset.
	signedIn, err := json.Marshal(e.Export())
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	c := &controller{t: t, base: e.URL(), client: client}
	var wg sync.WaitGroup
	loop := func(every time.Duration, step func(i int)) {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				step(i)
				select {
				case <-ctx.Done():
				case <-time.After(every):
				}
			}
		})
	}
	loop(300*time.Millisecond, func(i int) {
		if i%2 == 0 {
			c.do(http.MethodPost, "/_emulator/reset", `{"tenant":"`+emulator.DemoOrgID+`"}`, http.StatusOK)
		} else {
			c.do(http.MethodPost, "/_emulator/reset", "", http.StatusOK)
		}
	})
	loop(200*time.Millisecond, func(int) { c.do(http.MethodPut, "/_emulator/state", string(signedIn), http.StatusOK) })
	loop(60*time.Millisecond, func(int) { c.do(http.MethodGet, "/_emulator/state", "", http.StatusOK) })
	loop(20*time.Millisecond, func(i int) {
		switch i % 4 {
		case 0:
			c.do(http.MethodPost, "/_emulator/clock/advance", `{"by":"7m"}`, http.StatusOK)
		case 1:
			c.do(http.MethodPost, "/_emulator/clock/freeze", "", http.StatusOK)
		case 2:
			c.do(http.MethodPost, "/_emulator/clock/set", `{"time":"`+time.Now().Add(time.Hour).Format(time.RFC3339)+`"}`, http.StatusOK)
		case 3:
			c.do(http.MethodPost, "/_emulator/clock/resume", "", http.StatusOK)
		}
	})
	rules := []string{
		`{"match":{"service":"zoho-crm","operation":"listRecords"},"action":{"error":"INVALID_TOKEN"},"limit":{"probability":0.3,"seed":1}}`,
		`{"match":{"service":"zoho-accounts","operation":"token"},"action":{"error":"invalid_code"},"limit":{"times":3}}`,
		`{"match":{"service":"flow-service"},"action":{"delay":"1ms"},"limit":{"times":20}}`,
		`{"match":{"service":"adobe-ims"},"action":{"status":503,"body":{"error_code":"503","message":"down"}},"limit":{"times":2}}`,
	}
	loop(25*time.Millisecond, func(i int) {
		var made struct {
			ID string `json:"id"`
		}
		if c.do(http.MethodPost, "/_emulator/faults", rules[i%len(rules)], http.StatusCreated, &made) && i%3 == 0 {
			c.do(http.MethodDelete, "/_emulator/faults/"+made.ID, "", http.StatusNoContent, http.StatusNotFound)
		}
		if i%10 == 9 {
			c.do(http.MethodDelete, "/_emulator/faults", "", http.StatusOK, http.StatusNoContent)
		}
		c.do(http.MethodGet, "/_emulator/faults", "", http.StatusOK)
	})
	loop(10*time.Millisecond, func(i int) {
		c.do(http.MethodGet, "/_emulator/journal?limit=25", "", http.StatusOK)
		c.do(http.MethodGet, "/_emulator/zoho/tokens", "", http.StatusOK)
		if i%20 == 19 {
			c.do(http.MethodDelete, "/_emulator/journal", "", http.StatusOK, http.StatusNoContent)
		}
	})
	// The Go API, beside the HTTP one.
	loop(50*time.Millisecond, func(i int) {
		st := e.Export()
		_ = e.Journal().Query(journal.Filter{Limit: 10})
		_ = e.Faults().List()
		e.Clock().Advance(time.Second)
		if i%5 == 4 {
			if err := e.Import(st); err != nil {
				t.Errorf("Go API import: %v", err)
			}
		}
	})

	// The context ends the run: a run duration equal to its deadline
	// raced it (on a loaded machine the run's own timer could fire first).
	res, err := f.Run(ctx, bench.Config{Workers: 8, Duration: 2 * duration, Seed: 3})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	cancel()
	wg.Wait()

	total := res.Total()
	t.Logf("%d requests: %d ok, %d throttled, %d failed (resets and faults answer many), %d transport errors; %d control calls",
		total.Requests, total.OK, total.Throttled, total.Failed, total.Errors, c.calls.Load())
	for _, kr := range res.Kinds() {
		t.Logf("%-16s %5d requests, %5d ok, %5d failed; last failure: %.200s", kr.Kind, kr.Requests, kr.OK, kr.Failed, kr.LastFailure)
	}
	assert.Positive(t, total.OK, "some traffic got through")
	assert.Zero(t, total.Errors, "no connection was cut; last: %s", total.LastFailure)
	if n := unexpected.Load(); n > 0 {
		t.Errorf("%d exchanges not answered by a fault were a 5xx or broke their contract; the first: %s", n, *firstUnexpected.Load())
	}
	runs := 0
	for _, r := range e.FlowService().Runs(demoTenant, zohosource.DemoFlowID) {
		if r.Metrics.StatusSummary.Status == flowservice.RunSuccess {
			runs++
		}
	}
	t.Logf("%d successful dataflow runs in the end state", runs)
	// Whatever happened, the world still works.
	c.do(http.MethodPost, "/_emulator/reset", "", http.StatusOK)
	c.do(http.MethodGet, "/_emulator/health", "", http.StatusOK)
	_, err = bench.Prepare(context.Background(), bench.Options{Base: e.URL(), Client: client, Sessions: 1})
	assert.NoError(t, err)
}

// seedDataflow adds the demo dataflow (hourly, from now) to the demo IMS
// org's prod sandbox, with a Zoho grant of its own.
func seedDataflow(t *testing.T, e *emulator.Emulator) {
	t.Helper()
	code, err := e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{ClientID: emulator.DemoSelfClientID,
		User: emulator.DemoUserEmail, Scopes: []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"}})
	require.NoError(t, err)
	resp, err := e.HTTPClient().PostForm(e.URL()+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"},
		"client_id": {emulator.DemoSelfClientID}, "client_secret": {emulator.DemoClientSecret}, "code": {code.Code}})
	require.NoError(t, err)
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	_ = resp.Body.Close()
	require.NoError(t, err)
	demo := zohosource.Demo{Tenant: demoTenant, AccountsURL: "https://accounts.zoho.com",
		ClientID: emulator.DemoSelfClientID, ClientSecret: emulator.DemoClientSecret,
		AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, StartTime: e.Clock().Now().Truncate(time.Second)}
	require.NoError(t, e.FlowService().Seed(flowservice.State{Tenants: []flowservice.TenantState{demo.TenantState()}}))
}

// controller calls the control API and counts its calls.
type controller struct {
	t      *testing.T
	base   string
	client *http.Client
	calls  atomic.Int64
}

// do sends one call; it fails the test unless the status is one of the
// allowed ones, and decodes the answer into out (the last of allowed, if
// it is not an int).
func (c *controller) do(method, path, body string, allowed ...any) bool {
	c.calls.Add(1)
	var out any
	var statuses []int
	for _, a := range allowed {
		if s, ok := a.(int); ok {
			statuses = append(statuses, s)
		} else {
			out = a
		}
	}
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader([]byte(body)))
	if err != nil {
		c.t.Error(err)
		return false
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.client.Do(req)
	if err != nil {
		c.t.Errorf("%s %s: %v", method, path, err)
		return false
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	for _, s := range statuses {
		if resp.StatusCode == s {
			if out != nil {
				_ = json.Unmarshal(data, out)
			}
			return true
		}
	}
	c.t.Errorf("%s %s: %d %.300s", method, path, resp.StatusCode, data)
	return false
}
