package console_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/console"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// A person signs in and accepts on Zoho's consent page; the app's
// callback receives the code, which exchanges for tokens that the Tokens
// view then lists.
func TestBrowserConsent(t *testing.T) {
	b := newBrowser(t)
	u := newUI(t)
	codes := make(chan url.Values, 1)
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case codes <- r.URL.Query():
		default:
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<!DOCTYPE html><h1 id="callback">The app received its code</h1>`))
	}))
	t.Cleanup(cb.Close)
	cl, err := u.e.Accounts().RegisterClient(zohoaccounts.Client{Name: "Browser Test App", Type: zohoaccounts.ServerBased,
		OrgID: emulator.DemoOrgID, DCs: []string{"us"}, RedirectURIs: []string{cb.URL + "/callback"}})
	require.NoError(t, err)
	conf := &oauth2.Config{ClientID: cl.ID, ClientSecret: cl.Secret, RedirectURL: cb.URL + "/callback",
		Scopes:   []string{"ZohoCRM.modules.ALL", "AaaServer.profile.READ"},
		Endpoint: oauth2.Endpoint{AuthURL: u.e.URL() + "/oauth/v2/auth", TokenURL: u.e.URL() + "/oauth/v2/token", AuthStyle: oauth2.AuthStyleInParams}}

	b.do(chromedp.Navigate(conf.AuthCodeURL("browser-state", oauth2.AccessTypeOffline)),
		chromedp.WaitVisible(css("#accept")))
	b.screenshot("consent")
	assert.Equal(t, "Browser Test App", b.text("#app-name"))
	scopes := b.text("#scopes")
	assert.Contains(t, scopes, "ZohoCRM.modules.ALL")
	assert.Contains(t, scopes, "AaaServer.profile.READ")

	// A wrong password first: the page says so and keeps the e-mail.
	b.do(chromedp.SendKeys(css("#email"), emulator.DemoUserEmail), chromedp.SendKeys(css("#password"), "wrong"),
		chromedp.Click(css("#accept")), chromedp.WaitVisible(css("#problem")))
	assert.Contains(t, b.text("#problem"), "Invalid email address or password")
	b.do(chromedp.SendKeys(css("#password"), emulator.DemoUserPassword), chromedp.Click(css("#accept")),
		chromedp.WaitVisible(css("#callback")))
	b.screenshot("callback")

	var q url.Values
	select {
	case q = <-codes:
	case <-time.After(5 * time.Second):
		t.Fatal("the callback never received the code")
	}
	assert.Equal(t, "browser-state", q.Get("state"))
	assert.Equal(t, "us", q.Get("location"))
	tok, err := conf.Exchange(context.Background(), q.Get("code"))
	require.NoError(t, err)
	require.NotEmpty(t, tok.RefreshToken)

	b.do(chromedp.Navigate(u.e.URL()+console.Prefix+"tokens"), chromedp.WaitVisible(css(".grant")))
	b.screenshot("tokens")
	grant := b.text(".grant")
	assert.Contains(t, grant, "Browser Test App")
	assert.Contains(t, grant, emulator.DemoUserEmail)
	assert.Contains(t, grant, zohoaccounts.Fingerprint(tok.RefreshToken))
	assert.Contains(t, grant, zohoaccounts.Fingerprint(tok.AccessToken))
	assert.NotContains(t, grant, tok.RefreshToken)
}

// Zoho CRM is connected to Platform through the Sources workflow, as a
// person would: the catalogue, a new account with tokens from the
// authorization helper, a table and its preview, the mapping and the
// schedule; the dataflow's runs appear and a new one succeeds once the
// clock is advanced.
func TestBrowserSourcesWorkflow(t *testing.T) {
	b := newBrowser(t)
	u := newUI(t)
	u.e.Clock().Freeze()
	b.do(chromedp.Navigate(u.e.URL()+console.Prefix+"sources"), chromedp.WaitVisible(css("#setup-zoho")))
	b.screenshot("catalogue")
	b.do(chromedp.Click(css("#setup-zoho")), chromedp.WaitVisible(css("#helper")),
		chromedp.SendKeys(css("#h-secret"), emulator.DemoClientSecret),
		chromedp.SendKeys(css("#h-email"), emulator.DemoUserEmail),
		chromedp.SendKeys(css("#h-password"), emulator.DemoUserPassword),
		chromedp.Click(css("#authorize")), chromedp.WaitVisible(css("#helped")))
	assert.Contains(t, b.text("#helped"), "admin@zylker.test consented")
	b.screenshot("account")
	b.do(chromedp.SetValue(css("#a-name"), "Zylker CRM (browser)"),
		chromedp.Click(css("#connect")), chromedp.WaitVisible(css("#preview")))
	assert.Equal(t, "Connected: Zylker CRM (browser)", b.text("#flash"))
	assert.Contains(t, b.text("#tables"), "Leads")
	preview := b.text("#preview")
	assert.Contains(t, preview, "preview of 10 of 100 records")
	assert.Contains(t, preview, "Modified_Time")
	b.screenshot("tables")

	b.do(chromedp.Click(css("#table-Contacts")), chromedp.WaitVisible(css("#preview")))
	b.waitText("#preview h2", "Contacts")
	b.do(chromedp.Click(css("#table-Leads")))
	b.waitText("#preview h2", "Leads")
	b.do(chromedp.Click(css("#next-dataflow")), chromedp.WaitVisible(css("#dataflow-form")))
	b.screenshot("mapping")
	b.do(chromedp.SetValue(css("#s-name"), "Zylker Leads (browser)"), chromedp.Click(css("#create-dataflow")),
		chromedp.WaitVisible(css("#runs")))
	assert.Equal(t, "Dataflow created", b.text("#flash"))
	assert.Contains(t, b.text("#flow h2"), "Zylker Leads (browser)")
	b.waitText("#runs", "success") // the backfill
	backfill := b.text("#runs")
	b.screenshot("backfill")

	b.do(chromedp.Click(css("#advance-1h")), chromedp.WaitVisible(css("#runs")))
	b.waitText("#flash", "Clock advanced by 1h0m0s")
	b.poll(`document.querySelectorAll('#runs tr.run.success').length === 2`)
	b.screenshot("runs")
	runs := b.text("#runs")
	assert.NotEqual(t, backfill, runs)
	end := u.e.Clock().Now().UTC().Format("2006-01-02 15:04:05")
	assert.Contains(t, runs, "→ "+end, "the new window ends at the advanced clock")
}

// Revoking the dataflow's refresh token in the Tokens view makes its next
// run fail; the journal shows why.
func TestBrowserRevokeFailsNextRun(t *testing.T) {
	b := newBrowser(t)
	u := newUI(t)
	u.e.Clock().Freeze()
	flow := createFlow(t, u, connect(t, u)) // the form steps are the test above
	q := demoTenant().Encode()

	tokens := u.e.Accounts().Tokens(zohoaccounts.TokenFilter{ClientID: emulator.DemoServerClientID, Kind: "refresh"})
	require.Len(t, tokens, 1)
	id := tokens[0].ID
	b.do(chromedp.Navigate(u.e.URL()+console.Prefix+"tokens"), chromedp.WaitVisible(css(`[id="token-`+id+`"]`)))
	b.screenshot("tokens")
	b.do(chromedp.Click(css(`[id="token-`+id+`"] .head button.danger`)), chromedp.WaitVisible(css("#flash")))
	assert.Equal(t, "Revoked "+id, b.text("#flash"))
	assert.Empty(t, u.e.Accounts().Tokens(zohoaccounts.TokenFilter{ClientID: emulator.DemoServerClientID}))

	b.do(chromedp.Navigate(u.e.URL()+console.Prefix+"sources/flows/"+flow+"?"+q), chromedp.WaitVisible(css("#advance-1h")),
		chromedp.Click(css("#advance-1h")), chromedp.WaitVisible(css("#flash")))
	b.waitText("#runs", "failed")
	b.waitText("#runs", "CONNECTOR-1001-500")
	b.screenshot("failed-run")

	b.do(chromedp.Navigate(u.e.URL()+console.Prefix+"journal?failed=on&service=zoho-accounts"),
		chromedp.WaitVisible(css("#journal-rows details.entry")))
	b.screenshot("journal")
	row := b.text("#journal-rows details.entry summary")
	assert.Contains(t, row, "POST /oauth/v2/token")
	assert.Contains(t, row, "token")
	b.do(chromedp.Click(css("#journal-rows details.entry summary")))
	b.waitText("#journal-rows details.entry .detail", "invalid_code")
	detail := b.text("#journal-rows details.entry .detail")
	assert.Contains(t, detail, "grant_type=refresh_token")
	assert.Contains(t, detail, "from 20.42.2.1", "the request came from the AEP region's egress IP")
	assert.NotContains(t, detail, emulator.DemoClientSecret)
	b.screenshot("journal-entry")

	// Live: a new failure shows on top without reloading.
	first := b.text("#journal-rows details.entry summary .seq")
	_, err := http.PostForm(u.e.URL()+"/oauth/v2/token", url.Values{"grant_type": {"refresh_token"},
		"client_id": {emulator.DemoServerClientID}, "client_secret": {emulator.DemoClientSecret}, "refresh_token": {"1000.nope"}})
	require.NoError(t, err)
	b.poll(`document.querySelector('#journal-rows details.entry summary .seq').textContent !== '` + first + `'`)
	assert.Contains(t, b.text("#journal-rows details.entry summary"), "POST /oauth/v2/token", "the new failure is on top")
	assert.Contains(t, b.attr("#journal-rows details.entry", "class"), "fresh")
}

// A person adds a fault rule with the Overview's form, a client's next
// CRM read meets it, and the reset button takes the world back.
func TestBrowserFaultRuleAndReset(t *testing.T) {
	b := newBrowser(t)
	u := newUI(t, emulatortest.AllowRequestViolations())
	tokens := selfClientTokens(t, u.e)
	b.do(chromedp.Navigate(u.e.URL()+console.Prefix+"overview"), chromedp.WaitVisible(css("#fault-form")),
		chromedp.SetValue(css("#fault-service"), "zoho-crm"),
		chromedp.SetValue(css("#fault-action"), "status"),
		chromedp.SendKeys(css("#fault-status"), "503"),
		chromedp.SendKeys(css("#fault-times"), "1"))
	b.screenshot("fault-form")
	b.do(chromedp.Click(css("#fault-add")), chromedp.WaitVisible(css("#flash")))
	assert.Contains(t, b.text("#flash"), "added")
	rules := u.e.Faults().List()
	require.Len(t, rules, 1)
	assert.Equal(t, "zoho-crm", rules[0].Match.Service)
	assert.Equal(t, 503, rules[0].Action.Status)
	b.waitText("#faults", "status 503")

	read := func() int {
		req, err := http.NewRequest(http.MethodGet, u.e.URL()+"/crm/v8/Leads?fields=Email", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+tokens.access)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusServiceUnavailable, read(), "the rule answers once")
	assert.Equal(t, http.StatusOK, read())

	b.do(chromedp.Navigate(u.e.URL()+console.Prefix+"overview"), chromedp.WaitVisible(css("#reset-world")),
		chromedp.Click(css("#reset-world")), chromedp.WaitVisible(css("#flash")))
	assert.Contains(t, b.text("#flash"), "back to its seed")
	assert.Empty(t, u.e.Faults().List())
	assert.Equal(t, http.StatusUnauthorized, read(), "the access token went with the reset")
	b.screenshot("after-reset")
}
