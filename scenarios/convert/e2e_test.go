package convert_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts/cassette"
	"github.com/zohoaep/zohoaep/contracts/proxy"
	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/convert"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

// TestRecordReplayConvert is issue 6's end to end: the reference client
// plays zoho-oauth and crm-reader through the recording proxy against the
// in-process emulator (one token refresh meeting a 503 on the way); the
// cassette is redacted, replayed (the client works against the replay),
// converted into a scenario, and the scenario passes for the reference
// client and fails for broken ones.
func TestRecordReplayConvert(t *testing.T) {
	c, records := record(t)

	// Redacted: no secret of the demo world, no token that is not a
	// placeholder's pseudonym.
	var raw bytes.Buffer
	require.NoError(t, c.Write(&raw))
	for _, secret := range []string{emulator.DemoClientSecret, emulator.DemoUserEmail} {
		assert.NotContains(t, raw.String(), secret)
	}
	pseudonyms := map[string]bool{}
	for _, p := range c.Placeholders {
		pseudonyms[p.Value] = true
	}
	for _, tok := range regexp.MustCompile(`1000\.[0-9a-f]{32}\.[0-9a-f]{32}`).FindAllString(raw.String(), -1) {
		assert.True(t, pseudonyms[tok], "token %s is no placeholder's pseudonym", tok)
	}
	c, err := cassette.Parse(raw.Bytes())
	require.NoError(t, err)

	// Replayed: the reference client works against the cassette alone.
	replay := httptest.NewServer(cassette.Handler(c))
	defer replay.Close()
	clock := &fakeClock{now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	assert.Equal(t, records, play(t, replay.URL, clock.Now, clock.Advance, nil), "the replay serves every record")

	// Converted: a catalogue file that parses, with the inferred world.
	conv, err := convert.Cassette(c, convert.Options{ID: golden, Title: goldenTitle, Why: goldenWhy})
	require.NoError(t, err)
	data, err := conv.YAML("TestRecordReplayConvert's recording (scenarios/convert/e2e_test.go)")
	require.NoError(t, err)
	// The catalogue holds this very conversion.
	path := "../catalog/" + golden + ".yaml"
	if os.Getenv("UPDATE_CATALOG") != "" {
		require.NoError(t, os.WriteFile(path, data, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(data), "the catalogue's %s is what the converter makes of this recording (UPDATE_CATALOG=1 rewrites it)", path)
	for p := range pseudonyms {
		assert.NotContains(t, string(data), p, "a recorded secret in the scenario")
	}
	assert.NotContains(t, string(data), "{{")
	sc, err := scenarios.Parse(data)
	require.NoError(t, err, string(data))
	var intents []string
	var advanced, faulted bool
	for _, st := range sc.Steps {
		intents = append(intents, st.Client)
		advanced = advanced || st.Advance == "61m"
		faulted = faulted || (st.Fault != nil && st.Fault.Action.Status == http.StatusServiceUnavailable && st.Fault.Match.Operation == "token")
	}
	assert.Equal(t, []string{"authorize", "exchange", "call", "", "", "call", "read"}, intents, string(data))
	assert.True(t, advanced, "the refresh before the second call means the hour passed")
	assert.True(t, faulted, "the recorded 503 is a fault rule")
	assert.Equal(t, []scenarios.Role{scenarios.RoleZohoOAuth, scenarios.RoleCRMReader}, sc.Roles)
	assert.Equal(t, records, sc.Steps[len(sc.Steps)-1].Expect.Records)

	// Run: the reference client passes, broken clients fail.
	ref, err := refclient.New()
	require.NoError(t, err)
	rep := scenarios.Execute(context.Background(), ref, []scenarios.Scenario{sc}, scenarios.Options{})
	require.Equal(t, scenarios.Pass, rep.Results[0].Status, "%s\n%+v\n%s", rep.Results[0].Reason, rep.Results[0].Findings, data)
	for _, flaw := range []refclient.Flaw{refclient.NoRetry, refclient.RefreshesEveryCall, refclient.OnlineAccess,
		refclient.SecretInQuery, refclient.NeverRefreshes, refclient.PageOnly} {
		broken, err := refclient.New(flaw)
		require.NoError(t, err)
		rep := scenarios.Execute(context.Background(), broken, []scenarios.Scenario{sc}, scenarios.Options{})
		res := rep.Results[0]
		if assert.Equal(t, scenarios.Fail, res.Status, "the %s client passed: %s", flaw, res.Reason) {
			t.Logf("%s fails: %s: %s", flaw, res.Findings[0].Check, res.Findings[0].Got)
		}
	}
}

// The converted scenario's name in the catalogue.
const (
	golden      = "recorded-refresh-after-outage"
	goldenTitle = "Recorded: consent, exchange, call, a refresh that meets a 503 an hour on, and a full read"
	goldenWhy   = `Converted from a recording (zohoaep proxy) of the reference client against the emulator: a
Zoho Accounts outage answered the refresh an hour after consent with one 503, the client retried,
then read every Lead. A recorded session becomes a scenario this way (zohoaep cassette scenario):
the steps, the expired hour, the outage as a fault rule, each step's outcome and the calls made.
`
)

// record plays the session through the proxy against a fresh emulator
// and returns the proxy's cassette.
func record(t *testing.T) (*cassette.Cassette, int) {
	t.Helper()
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo()})
	require.NoError(t, err)
	e.Clock().Freeze()
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })
	control(t, e.URL(), http.MethodPut, "/_emulator/zoho/consent", map[string]any{"mode": "approve", "user": emulator.DemoUserEmail})

	p, err := proxy.New(proxy.Options{Upstream: e.URL()})
	require.NoError(t, err)
	srv := httptest.NewServer(p)
	defer srv.Close()
	n := play(t, srv.URL, e.Clock().Now, func(d time.Duration) { e.Clock().Advance(d) }, func() {
		// Zoho Accounts has a moment: the refresh meets one 503.
		control(t, e.URL(), http.MethodPost, "/_emulator/faults", map[string]any{
			"match": map[string]any{"service": "zoho-accounts", "operation": "token"}, "limit": map[string]any{"times": 1},
			"action": map[string]any{"status": 503, "body": map[string]any{"error": "internal_error"}}})
	})
	return p.Cassette(), n
}

// play has the reference client authorize (the user's browser following
// its URL), exchange, call, call again an hour later (after hook, which
// may add a fault), and read every Lead, all at base.
func play(t *testing.T, base string, now func() time.Time, advance func(time.Duration), hook func()) int {
	t.Helper()
	ctx := context.Background()
	ref, err := refclient.New()
	require.NoError(t, err)
	sess, err := ref.Open("recorded")
	require.NoError(t, err)
	defer sess.Close()
	env := scenarios.Env{Scenario: "recorded", HTTPClient: &http.Client{Timeout: 30 * time.Second}, Now: now,
		AccountsURL: base, ClientID: emulator.DemoServerClientID, ClientSecret: emulator.DemoClientSecret,
		RedirectURI: emulator.DemoRedirectURI, Scopes: scenarios.DefaultScopes, State: "e2e-state", Module: "Leads", CRMVersion: "v8",
		IMSURL: base, PlatformURL: base, IMSClientID: adobeims.DemoClientID, IMSClientSecret: adobeims.DemoClientSecret,
		IMSOrg: adobeims.DemoOrgID, Sandbox: "prod"}
	oauth := sess.(scenarios.ZohoOAuth)

	env.Role, env.Intent = scenarios.RoleZohoOAuth, scenarios.IntentAuthorize
	out := oauth.Authorize(ctx, env)
	require.True(t, out.OK, out.Detail)
	env.Callback = browse(t, out.URL)

	env.Intent = scenarios.IntentExchange
	require.True(t, oauth.Exchange(ctx, env).OK)
	env.Intent = scenarios.IntentCall
	require.True(t, oauth.Call(ctx, env).OK)
	advance(61 * time.Minute)
	if hook != nil {
		hook()
	}
	out = oauth.Call(ctx, env)
	require.True(t, out.OK, out.Detail)

	env.Role, env.Intent = scenarios.RoleCRMReader, scenarios.IntentRead
	out = sess.(scenarios.CRMReader).Read(ctx, env)
	require.True(t, out.OK, out.Detail)
	require.Greater(t, out.Records, 2000, "past the 2,000 records page and per_page reach")
	return out.Records
}

// browse follows an authorization URL as the user's browser, up to the
// redirect to the app, and returns the redirect's parameters.
func browse(t *testing.T, authURL string) url.Values {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, authURL, nil)
	require.NoError(t, err)
	req.Header.Set("User-Agent", "zohoaep-scenarios-browser")
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.NotEmpty(t, loc.Query().Get("code"))
	return loc.Query()
}

func control(t *testing.T, base, method, path string, body any) {
	t.Helper()
	data, err := json.Marshal(body)
	require.NoError(t, err)
	req, err := http.NewRequest(method, base+path, bytes.NewReader(data))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Less(t, resp.StatusCode, 300, "%s %s", method, path)
}

// fakeClock is the replay's time: the cassette answers, the client
// decides when its token is stale.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
