package convert_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts/proxy"
	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/convert"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

// TestRecordConvertAEP: the reference client plays aep-connection
// (connect, explore, delete) through the proxy; the converted scenario
// passes for it and fails for a client that drops x-sandbox-name.
func TestRecordConvertAEP(t *testing.T) {
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo()})
	require.NoError(t, err)
	e.Clock().Freeze()
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })
	access, refresh := selfClientGrant(t, e.URL())

	p, err := proxy.New(proxy.Options{Upstream: e.URL()})
	require.NoError(t, err)
	srv := httptest.NewServer(p)
	defer srv.Close()
	ref, err := refclient.New()
	require.NoError(t, err)
	sess, err := ref.Open("recorded-aep")
	require.NoError(t, err)
	// The connection names the accounts server AEP's runtime calls: the emulator itself.
	env := scenarios.Env{Scenario: "recorded-aep", HTTPClient: &http.Client{}, Now: e.Clock().Now, Role: scenarios.RoleAEPConnection, AccountsURL: e.URL(),
		ClientID: emulator.DemoSelfClientID, ClientSecret: emulator.DemoClientSecret, ZohoAccessToken: access, ZohoRefreshToken: refresh,
		IMSURL: srv.URL, PlatformURL: srv.URL, IMSClientID: adobeims.DemoClientID, IMSClientSecret: adobeims.DemoClientSecret,
		IMSOrg: adobeims.DemoOrgID, Sandbox: "prod", Module: "Leads", CRMVersion: "v8"}
	aep := sess.(scenarios.AEPConnection)
	ctx := context.Background()
	connected := aep.Connect(ctx, env)
	require.True(t, connected.OK, connected.Kind+": "+connected.Detail)
	explored := aep.Explore(ctx, env)
	require.True(t, explored.OK, explored.Detail)
	require.True(t, aep.Delete(ctx, env).OK)

	c := p.Cassette()
	var raw bytes.Buffer
	require.NoError(t, c.Write(&raw))
	for _, secret := range []string{access, refresh, emulator.DemoClientSecret, adobeims.DemoClientSecret} {
		assert.NotContains(t, raw.String(), secret, "redacted")
	}
	conv, err := convert.Cassette(c, convert.Options{ID: "recorded-aep-connection"})
	require.NoError(t, err)
	data, err := conv.YAML("TestRecordConvertAEP")
	require.NoError(t, err)
	sc, err := scenarios.Parse(data)
	require.NoError(t, err)
	assert.Equal(t, []scenarios.Role{scenarios.RoleAEPConnection}, sc.Roles)
	assert.Equal(t, []string{"connect", "explore", "delete"}, clientSteps(sc))
	assert.Equal(t, explored.Records, sc.Steps[1].Expect.Records)
	assert.Equal(t, "aep", sc.Class)

	res := scenarios.Execute(ctx, ref, []scenarios.Scenario{sc}, scenarios.Options{}).Results[0]
	require.Equal(t, scenarios.Pass, res.Status, "%s %+v\n%s", res.Reason, res.Findings, data)
	for _, flaw := range []refclient.Flaw{refclient.DropsSandbox, refclient.SkipsConnectionTest} {
		broken, err := refclient.New(flaw)
		require.NoError(t, err)
		res := scenarios.Execute(ctx, broken, []scenarios.Scenario{sc}, scenarios.Options{}).Results[0]
		if assert.Equal(t, scenarios.Fail, res.Status, "the %s client passed", flaw) {
			t.Logf("%s fails: %s: %s", flaw, res.Findings[0].Check, res.Findings[0].Got)
		}
	}
}

// selfClientGrant gets Zoho tokens for an AEP connection as the demo
// admin would from the API console, straight from the emulator (not
// through the proxy: the user did it elsewhere).
func selfClientGrant(t *testing.T, base string) (access, refresh string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"user": emulator.DemoUserEmail, "scopes": []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"}, "minutes": 3})
	resp, err := http.Post(base+"/_emulator/zoho/clients/"+url.PathEscape(emulator.DemoSelfClientID)+"/codes", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	var code struct {
		Code string `json:"code"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&code))
	resp.Body.Close()
	resp, err = http.PostForm(base+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {emulator.DemoSelfClientID},
		"client_secret": {emulator.DemoClientSecret}, "code": {code.Code}})
	require.NoError(t, err)
	defer resp.Body.Close()
	var tok struct {
		Access  string `json:"access_token"`
		Refresh string `json:"refresh_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	require.NotEmpty(t, tok.Refresh)
	return tok.Access, tok.Refresh
}
