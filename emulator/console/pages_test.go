package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/console"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

func newUI(t *testing.T, opts ...emulatortest.Option) *ui {
	return &ui{t: t, e: emulatortest.New(t, opts...)}
}

func TestPages(t *testing.T) {
	u := newUI(t)
	for _, tc := range []struct {
		path   string
		status int
		want   []string
	}{
		{"overview", http.StatusOK, []string{`id="nav-overview" class="on"`, "Zylker", "810000001", emulator.DemoServerClientID,
			"server_based", "interactive", adobeims.DemoOrgID, "prod", "VA7", "No fault rules", `id="clock-freeze"`, `id="advance-1h"`}},
		{"tokens", http.StatusOK, []string{`id="no-tokens"`, "15 live access tokens per refresh token", "10 access tokens per refresh token per 10m0s"}},
		{"journal", http.StatusOK, []string{`id="journal-filter"`, "keeps the last 10000 exchanges"}},
		{"sources", http.StatusOK, []string{`id="setup-zoho"`, "Zoho CRM accounts", "No dataflows in this sandbox"}},
		{"sources/zoho/account?org=" + url.QueryEscape(adobeims.DemoOrgID), http.StatusOK, []string{`id="new-account"`,
			`id="a-accountsUrl" value="` + u.e.URL() + `"`, emulator.DemoServerClientID}},
		{"scenarios", http.StatusOK, []string{`id="no-catalogue"`}},
		{"", http.StatusFound, nil},
		{"nothing-here", http.StatusNotFound, []string{"nothing here at /_emulator/ui/nothing-here"}},
		{"journal?limit=0", http.StatusBadRequest, []string{"limit &#34;0&#34;"}},
		{"journal/abc", http.StatusBadRequest, []string{"not a journal sequence number"}},
		{"journal/99999", http.StatusNotFound, []string{"not (or no longer) in the journal"}},
		{"sources?org=nobody", http.StatusBadRequest, []string{"no sandbox"}},
		{"sources/zoho/nope/tables?org=" + url.QueryEscape(adobeims.DemoOrgID), http.StatusNotFound, nil},
		{"static/console.css", http.StatusOK, []string{"--accent"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			status, body := u.get(tc.path)
			require.Equal(t, tc.status, status, problem(body))
			for _, w := range tc.want {
				assert.Contains(t, body, w)
			}
			if strings.HasPrefix(body, "<!DOCTYPE html>") {
				for _, attr := range []string{`src="http`, `href="http`, `src="//`, `href="//`, "@import", "url("} {
					assert.NotContains(t, body, attr, "no external assets")
				}
			}
		})
	}
}

func TestPagesShowNoSecrets(t *testing.T) {
	u := newUI(t)
	tok := selfClientTokens(t, u.e)
	for _, path := range []string{"overview", "tokens", "journal?limit=1000", "sources"} {
		body := u.page(path)
		assert.NotContains(t, body, emulator.DemoClientSecret, path)
		assert.NotContains(t, body, adobeims.DemoClientSecret, path)
		assert.NotContains(t, body, tok.access, path)
		assert.NotContains(t, body, tok.refresh, path)
	}
	for _, e := range u.e.Journal().Query(journalAll()) {
		body := u.page("journal/" + itoa(e.Seq))
		assert.NotContains(t, body, emulator.DemoClientSecret)
		assert.NotContains(t, body, tok.access)
		assert.NotContains(t, body, tok.refresh)
	}
	tokens := u.page("tokens")
	assert.Contains(t, tokens, zohoaccounts.Fingerprint(tok.refresh), "tokens are shown by fingerprint")
	assert.Contains(t, tokens, zohoaccounts.Fingerprint(tok.access))
}

func TestClockControls(t *testing.T) {
	u := newUI(t)
	clk := u.e.Clock()
	assert.Equal(t, "overview?flash=Clock+frozen", u.act("clock", url.Values{"action": {"freeze"}}))
	at := clk.Now()
	require.True(t, clk.State().Frozen)
	u.act("clock", url.Values{"action": {"advance"}, "by": {"1h"}})
	assert.Equal(t, at.Add(time.Hour), clk.Now())
	to := u.act("clock", url.Values{"action": {"set"}, "time": {"2030-01-02T03:04:05"}, "back": {console.Prefix + "tokens"}})
	assert.True(t, strings.HasPrefix(to, "tokens?"), to)
	assert.Equal(t, time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), clk.Now())
	assert.Contains(t, u.page("overview"), "2030-01-02 03:04:05 UTC")
	u.act("clock", url.Values{"action": {"resume"}, "back": {"https://elsewhere.example/"}})
	assert.False(t, clk.State().Frozen)

	for _, bad := range []url.Values{
		{"action": {"advance"}, "by": {"soon"}},
		{"action": {"set"}, "time": {"yesterday"}},
		{"action": {"rewind"}},
	} {
		status, _, body := u.post("clock", bad)
		assert.Equal(t, http.StatusBadRequest, status, bad.Encode())
		assert.Contains(t, body, `id="problem"`)
	}
}

func TestFaultSwitches(t *testing.T) {
	u := newUI(t)
	_, err := u.e.Faults().Add(faults.Rule{ID: "slow-token", Match: faults.Match{Service: "zoho-accounts", Operation: "token"},
		Action: faults.Action{Error: "invalid_code"}, Limit: faults.Limit{Times: 3}})
	require.NoError(t, err)
	body := u.page("overview")
	assert.Contains(t, body, `id="switch-slow-token"`)
	assert.Contains(t, body, `aria-checked="true"`)
	assert.Contains(t, body, "error invalid_code")

	u.act("faults/slow-token", url.Values{"on": {"false"}})
	assert.Empty(t, u.e.Faults().List(), "switched off: out of the rule set")
	assert.Contains(t, u.page("overview"), `aria-checked="false"`)

	u.act("faults/slow-token", url.Values{"on": {"true"}})
	rules := u.e.Faults().List()
	require.Len(t, rules, 1)
	assert.Equal(t, "invalid_code", rules[0].Action.Error)
	assert.Equal(t, 3, rules[0].Limit.Times)

	status, _, _ := u.post("faults/nope", url.Values{"on": {"false"}})
	assert.Equal(t, http.StatusNotFound, status)
	status, _, _ = u.post("faults/nope", url.Values{"on": {"true"}})
	assert.Equal(t, http.StatusNotFound, status)
}

func TestRevoke(t *testing.T) {
	u := newUI(t)
	tok := selfClientTokens(t, u.e)
	id := zohoaccounts.Fingerprint(tok.refresh)
	body := u.page("tokens")
	assert.Contains(t, body, "Zylker Self Client")
	assert.Contains(t, body, "1/10", "one access token minted in the throttle window")
	assert.Contains(t, body, "59m59s left")

	to := u.act("tokens/revoke", url.Values{"id": {id}})
	assert.Contains(t, to, "flash=Revoked")
	assert.Empty(t, u.e.Accounts().Tokens(zohoaccounts.TokenFilter{}), "the refresh token took its access token along")
	assert.Contains(t, u.page("tokens"), `id="no-tokens"`)

	status, _, body := u.post("tokens/revoke", url.Values{"id": {id}})
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, body, "no live token")
	status, _, _ = u.post("tokens/revoke", url.Values{})
	assert.Equal(t, http.StatusBadRequest, status)
}

func TestCrossOriginPostsRefused(t *testing.T) {
	u := newUI(t)
	req, err := http.NewRequest(http.MethodPost, u.e.URL()+console.Prefix+"clock", strings.NewReader("action=freeze"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://attacker.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.False(t, u.e.Clock().State().Frozen)
}

func TestScenarios(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	list := console.ScenariosFunc(func() []console.Scenario {
		return []console.Scenario{
			{ID: "oauth-expired-code", Title: "An expired grant code", Story: "The code waits three minutes & is refused.", Class: "oauth",
				LastResult: &console.Result{Status: "pass", Summary: "4 of 4 steps", At: at, Duration: time.Second}},
			{ID: "dataflow-revoked", Title: "A revoked refresh token", Story: "The run fails.", Class: "dataflow",
				LastResult: &console.Result{Status: "fail", Summary: "step 3: the run succeeded"}},
			{ID: "crm-paging", Title: "Paging past 2,000", Story: "page_token takes over.", Class: "crm"},
			{ID: "pkce", Title: "PKCE", Story: "A public client.", Class: "oauth", LastResult: &console.Result{Status: "skip", Summary: "the client has no browser role"}},
		}
	})
	u := newUI(t, emulatortest.WithOptions(emulator.Options{Seed: emulator.Demo(), Scenarios: list}))
	body := u.page("scenarios")
	for _, w := range []string{`id="scenario-oauth-expired-code"`, "The code waits three minutes &amp; is refused.",
		"4 of 4 steps", "2026-01-02 03:04:05", "step 3: the run succeeded", "Not run yet.", "1 passed", "1 failed", "1 skipped or errored", `<p class="result skip"><b>skip</b>`} {
		assert.Contains(t, body, w)
	}
}

func TestTokensShowGrantCodes(t *testing.T) {
	u := newUI(t)
	u.e.Clock().Freeze()
	code, err := u.e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{ClientID: emulator.DemoSelfClientID,
		User: emulator.DemoUserEmail, Scopes: []string{"ZohoCRM.modules.ALL"}, Lifetime: 5 * time.Minute})
	require.NoError(t, err)
	body := u.page("tokens")
	assert.Contains(t, body, "Grant codes")
	assert.Contains(t, body, zohoaccounts.Fingerprint(code.Code))
	assert.NotContains(t, body, code.Code)
	assert.Contains(t, body, "<td>5m0s</td>", "time left on the virtual clock")
	u.e.Clock().Advance(6 * time.Minute)
	assert.NotContains(t, u.page("tokens"), zohoaccounts.Fingerprint(code.Code), "an expired code is gone")
}

func TestConsentMode(t *testing.T) {
	u := newUI(t)
	u.act("consent", url.Values{"mode": {"approve"}, "user": {"sales@zylker.test"}})
	assert.Equal(t, zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: "sales@zylker.test"}, u.e.Accounts().Consent())
	assert.Contains(t, u.page("overview"), `<b id="consent-mode">approve</b> as sales@zylker.test`)
	u.act("consent", url.Values{"mode": {"deny"}, "user": {"sales@zylker.test"}})
	assert.Equal(t, zohoaccounts.Consent{Mode: zohoaccounts.ConsentDeny}, u.e.Accounts().Consent())
	for _, bad := range []url.Values{{"mode": {"approve"}, "user": {"nobody@zylker.test"}}, {"mode": {"maybe"}}} {
		status, _, body := u.post("consent", bad)
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Contains(t, problem(body), "consent:")
	}
	assert.Equal(t, zohoaccounts.ConsentDeny, u.e.Accounts().Consent().Mode, "a refused change changes nothing")
}
