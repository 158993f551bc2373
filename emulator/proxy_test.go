package emulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/contracts/cassette"
	"github.com/zohoaep/zohoaep/contracts/proxy"
	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
)

// session is a connector's session: a self-client grant code, the token
// exchange, a CRM page, a refresh, an IMS token and a Flow Service list.
// It returns the statuses and the secrets it saw, so a test can look for
// them.
func session(t *testing.T, client *http.Client, base string) (statuses []int, secrets []string) {
	t.Helper()
	do := func(method, path, contentType, body string, header http.Header) map[string]any {
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		require.NoError(t, err)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		for k, vs := range header {
			req.Header[k] = vs
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		statuses = append(statuses, resp.StatusCode)
		var doc map[string]any
		_ = json.Unmarshal(data, &doc)
		return doc
	}
	str := func(doc map[string]any, key string) string {
		s, _ := doc[key].(string)
		require.NotEmpty(t, s, "%s in %v", key, doc)
		return s
	}
	form := "application/x-www-form-urlencoded"
	code := str(do(http.MethodPost, "/_emulator/zoho/clients/"+emulator.DemoSelfClientID+"/codes", "application/json",
		`{"user":"`+emulator.DemoUserEmail+`","scopes":["ZohoCRM.modules.ALL","ZohoCRM.settings.ALL"]}`, nil), "code")
	tok := do(http.MethodPost, "/oauth/v2/token", form, url.Values{"grant_type": {"authorization_code"},
		"client_id": {emulator.DemoSelfClientID}, "client_secret": {emulator.DemoClientSecret}, "code": {code}}.Encode(), nil)
	access, refresh := str(tok, "access_token"), str(tok, "refresh_token")
	page := do(http.MethodGet, "/crm/v8/Leads?fields=Last_Name,Email&per_page=3", "", "", http.Header{"Authorization": {"Zoho-oauthtoken " + access}})
	rows, _ := page["data"].([]any)
	require.Len(t, rows, 3)
	lead := rows[0].(map[string]any)
	again := str(do(http.MethodPost, "/oauth/v2/token", form, url.Values{"grant_type": {"refresh_token"},
		"client_id": {emulator.DemoSelfClientID}, "client_secret": {emulator.DemoClientSecret}, "refresh_token": {refresh}}.Encode(), nil), "access_token")
	ims := str(do(http.MethodPost, "/ims/token/v3", form, url.Values{"grant_type": {"client_credentials"},
		"client_id": {adobeims.DemoClientID}, "client_secret": {adobeims.DemoClientSecret}, "scope": {"openid,AdobeID,read_organizations"}}.Encode(), nil), "access_token")
	do(http.MethodGet, "/data/foundation/flowservice/connections", "", "", http.Header{"Authorization": {"Bearer " + ims},
		"X-Api-Key": {adobeims.DemoClientID}, "X-Gw-Ims-Org-Id": {adobeims.DemoOrgID}, "X-Sandbox-Name": {"prod"}})
	do(http.MethodGet, "/crm/v8/Leads?fields=Last_Name,Email&per_page=3", "", "", http.Header{"Authorization": {"Zoho-oauthtoken 1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef"}})
	return statuses, []string{code, access, refresh, again, ims, emulator.DemoClientSecret, adobeims.DemoClientSecret,
		emulator.DemoUserEmail, lead["Email"].(string), lead["Last_Name"].(string)}
}

// TestRecordRedactReplay records a session through the validating proxy
// against the emulator, checks that the cassette keeps no secret, token or
// personal value, and replays it: the same statuses, and answers that
// still keep the contracts.
func TestRecordRedactReplay(t *testing.T) {
	e := emulatortest.New(t)
	var seen []cassette.Interaction
	p, err := proxy.New(proxy.Options{Upstream: e.URL(), OnExchange: func(x cassette.Interaction) { seen = append(seen, x) }})
	require.NoError(t, err)
	front := httptest.NewServer(p)
	defer front.Close()

	statuses, secrets := session(t, contracts.NewTransport(t, nil).Client(), front.URL)
	assert.Equal(t, []int{201, 200, 200, 200, 200, 200, 401}, statuses)

	c := p.Cassette()
	require.Len(t, c.Interactions, len(statuses))
	assert.Len(t, seen, len(statuses))
	var doc bytes.Buffer
	require.NoError(t, c.Write(&doc))
	for _, s := range secrets {
		assert.NotContains(t, doc.String(), s, "the cassette keeps no secret")
		assert.NotContains(t, doc.String(), url.QueryEscape(s))
	}
	assert.NotContains(t, doc.String(), front.URL, "the proxy's address is {{base_url}}")
	for _, x := range c.Interactions {
		require.NotNil(t, x.Verdict, "%s %s", x.Request.Method, x.Request.Path)
		assert.True(t, x.Verdict.OK(), x.Verdict.Summary())
	}
	// The access token minted in the exchange's answer is the one the CRM
	// request carries: one pseudonym, first seen in a response.
	var minted cassette.Placeholder
	for _, ph := range c.Placeholders {
		if strings.Contains(c.Interactions[1].Response.Text, ph.Value) && strings.Contains(c.Interactions[2].Request.Header.Get("Authorization"), ph.Value) {
			minted = ph
		}
	}
	assert.Equal(t, "response", minted.FirstSide, "%+v", c.Placeholders)
	assert.Equal(t, 2, minted.Interaction)

	parsed, err := cassette.Parse(doc.Bytes())
	require.NoError(t, err)
	replay := httptest.NewServer(cassette.Handler(parsed))
	defer replay.Close()
	again, _ := session(t, contracts.NewTransport(t, nil).Client(), replay.URL)
	assert.Equal(t, statuses, again)
}
