package convert_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts/cassette"
	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/convert"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

const (
	tok1 = "1000.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	tok2 = "1000.cccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddd"
)

// ix builds one recorded exchange; a form is sent as a form body.
func ix(contract, op, method, path, query string, form url.Values, status int, body string) cassette.Interaction {
	x := cassette.Interaction{Contract: contract, Operation: op,
		Request:  cassette.Request{Method: method, Path: path, Query: query, Header: http.Header{}},
		Response: cassette.Response{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: cassette.NewBody([]byte(body))}}
	if form != nil {
		x.Request.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		x.Request.Body = cassette.NewBody([]byte(form.Encode()))
	}
	return x
}

func authorize(loc string) cassette.Interaction {
	x := ix("zoho-accounts", "authorize", "GET", "/oauth/v2/auth", "access_type=offline&prompt=consent&response_type=code&client_id=c&scope=ZohoCRM.modules.ALL%2CZohoCRM.settings.ALL%2CAaaServer.profile.READ&state=s", nil, http.StatusFound, "")
	x.Response.Header.Set("Location", loc)
	return x
}

var (
	consented = authorize("http://127.0.0.1:8000/callback?state=s&code=" + tok1 + "&accounts-server=%7B%7Bbase_url%7D%7D")
	exchanged = ix("zoho-accounts", "token", "POST", "/oauth/v2/token", "", url.Values{"grant_type": {"authorization_code"}, "code": {tok1}, "client_secret": {"s3cr3t-pseudonym"}},
		200, `{"access_token":"`+tok2+`","refresh_token":"`+tok1+`","expires_in":3600}`)
	refreshed = ix("zoho-accounts", "token", "POST", "/oauth/v2/token", "", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok1}, "client_secret": {"s3cr3t-pseudonym"}},
		200, `{"access_token":"`+tok2+`","expires_in":3600}`)
	refused  = ix("zoho-accounts", "token", "POST", "/oauth/v2/token", "", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok1}}, 200, `{"error":"invalid_code"}`)
	info     = ix("zoho-accounts", "userInfo", "GET", "/oauth/user/info", "", nil, 200, `{"ZUID":1}`)
	info503  = ix("zoho-accounts", "userInfo", "GET", "/oauth/user/info", "", nil, 503, `{"error":"internal_error"}`)
	imsToken = ix("adobe-ims", "accessToken", "POST", "/ims/token/v3", "", url.Values{"grant_type": {"client_credentials"}, "client_secret": {"p8e-x"}}, 200, `{"access_token":"eyJx"}`)
	flowCall = func(op, method, path string, status int, body string) cassette.Interaction {
		x := ix("flow-service", op, method, path, "", nil, status, body)
		for k, v := range map[string]string{"Authorization": "Bearer x", "x-api-key": "k", "x-gw-ims-org-id": "o@AdobeOrg", "x-sandbox-name": "dev"} {
			x.Request.Header.Set(k, v)
		}
		return x
	}
)

func TestCassette(t *testing.T) {
	conn := "/data/foundation/flowservice/connections"
	tests := []struct {
		name  string
		calls []cassette.Interaction
		check func(t *testing.T, sc scenarios.Scenario, yaml string)
		// runs: the reference client passes the scenario on the emulator
		// (the inferred world is one the engine builds).
		runs bool
	}{
		{"consent, exchange, call", []cassette.Interaction{consented, exchanged, info}, func(t *testing.T, sc scenarios.Scenario, yaml string) {
			assert.Equal(t, []string{"authorize", "exchange", "call"}, clientSteps(sc))
			assert.Equal(t, "oauth", sc.Class)
			assert.Contains(t, yaml, "access_type: offline")
			assert.Contains(t, yaml, "- client_secret", "kept out of the query: checked")
			assert.NotContains(t, yaml, "s3cr3t-pseudonym")
		}, true},
		{"consent denied", []cassette.Interaction{authorize("http://127.0.0.1:8000/callback?error=access_denied&state=s")}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			require.NotNil(t, sc.Setup.Consent)
			assert.Equal(t, "deny", sc.Setup.Consent.Mode)
		}, true},
		{"a refresh an hour on", []cassette.Interaction{consented, exchanged, info, refreshed, info, info, info}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			require.Len(t, sc.Steps, 5)
			assert.Equal(t, "61m", sc.Steps[3].Advance)
			assert.Equal(t, 3, sc.Steps[4].Repeat, "calls that expect the same fold into a repeat")
		}, true},
		{"a revoked refresh token", []cassette.Interaction{consented, exchanged, refused}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			require.Len(t, sc.Steps, 5)
			assert.Equal(t, "refresh", sc.Steps[2].Revoke)
			assert.Equal(t, "61m", sc.Steps[3].Advance)
			assert.Equal(t, scenarios.KindTokenRevoked, sc.Steps[4].Expect.Fail)
			c := check(t, sc, "calls to zoho-accounts/token (grant_type=refresh_token)")
			assert.Equal(t, 1, *c.Max, "the refused refresh token is tried once")
		}, true},
		{"a 5xx the client retried", []cassette.Interaction{consented, exchanged, info503, info}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			assert.Equal(t, "network", sc.Class)
			f := sc.Steps[2].Fault
			require.NotNil(t, f)
			assert.Equal(t, 503, f.Action.Status)
			assert.Equal(t, map[string]any{"error": "internal_error"}, f.Action.Body)
			assert.Equal(t, 1, f.Limit.Times)
			assert.True(t, sc.Steps[3].Expect.OK)
		}, true},
		{"a 5xx the client gave up on", []cassette.Interaction{consented, exchanged, info, info503, info503}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			assert.Equal(t, []string{"authorize", "exchange", "call", "", "call", ""}, clientSteps(sc))
			assert.Nil(t, sc.Steps[3].Fault.Limit, "no bound while the step lasts")
			assert.Equal(t, scenarios.KindServerError, sc.Steps[4].Expect.Fail)
			assert.True(t, sc.Steps[5].ClearFaults)
		}, true},
		{"an access token refused before its hour", []cassette.Interaction{consented, exchanged, info,
			ix("zoho-accounts", "userInfo", "GET", "/oauth/user/info", "", nil, 401, `{"error":"invalid_oauthtoken"}`), refreshed, info}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			assert.Equal(t, []string{"authorize", "exchange", "call", "", "call"}, clientSteps(sc))
			assert.Equal(t, "access", sc.Steps[3].Revoke)
			assert.True(t, sc.Steps[4].Expect.OK)
		}, true},
		{"an IP the token endpoint refused", []cassette.Interaction{consented, ix("zoho-accounts", "token", "POST", "/oauth/v2/token", "",
			url.Values{"grant_type": {"authorization_code"}}, 200, `{"error":"Access Denied","error_description":"IP not allowed"}`)}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			require.NotNil(t, sc.Setup.Client)
			assert.Equal(t, []string{"203.0.113.0/24"}, sc.Setup.Client.AllowedIPs)
			assert.Equal(t, scenarios.KindIPDenied, sc.Steps[1].Expect.Fail)
		}, true},
		{"a user in the EU data centre", []cassette.Interaction{consented, onPath(exchanged, "/dc/eu/oauth/v2/token"), onPath(info, "/dc/eu/oauth/user/info")}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			require.NotNil(t, sc.Setup.User)
			assert.Equal(t, "eu", sc.Setup.User.DC)
			assert.Equal(t, "eu", check(t, sc, "token calls in the user's data centre").Each.DC)
		}, true},
		{"an exchange without a refresh token", []cassette.Interaction{consented, ix("zoho-accounts", "token", "POST", "/oauth/v2/token", "",
			url.Values{"grant_type": {"authorization_code"}, "code": {tok1}}, 200, `{"access_token":"`+tok2+`"}`)}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			assert.Equal(t, scenarios.KindNoRefreshToken, sc.Steps[1].Expect.Fail)
			// Not run: the fixture asked offline with consent forced, so the
			// emulator, like Zoho, issues a refresh token.
		}, false},
		{"a read of tokens held before", []cassette.Interaction{
			ix("zoho-crm", "listRecords", "GET", "/crm/v7/Contacts", "page=1", nil, 200, `{"data":[{"id":"1"},{"id":"2"}],"info":{"more_records":true}}`),
			ix("zoho-crm", "listRecords", "GET", "/crm/v7/Contacts", "page=2", nil, 200, `{"data":[{"id":"3"}],"info":{"more_records":false}}`),
		}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			assert.Equal(t, []string{"authorize", "exchange", "read"}, clientSteps(sc), "the tokens come first")
			assert.Equal(t, 3, sc.Steps[2].Expect.Records)
			assert.Equal(t, "Contacts", sc.Setup.Env.Module)
			assert.Equal(t, "v7", sc.Setup.Env.CRMVersion)
			assert.Equal(t, "crm", sc.Class)
		}, false},
		{"a redacted value where a protocol value or a sandbox stands", []cassette.Interaction{consented,
			ix("zoho-accounts", "token", "POST", "/oauth/v2/token", "", url.Values{"grant_type": {"s3cr3t-pseudonym"}}, 200, `{"error":"unsupported_grant_type"}`),
			func() cassette.Interaction {
				x := flowCall("listConnections", "GET", "/data/foundation/flowservice/connections", 200, `{"items":[]}`)
				x.Request.Header.Set("x-sandbox-name", "s3cr3t-pseudonym")
				return x
			}()}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			assert.Empty(t, sc.Setup.Env.Sandbox, "not copied")
		}, false},
		{"a call no contract operation matched", []cassette.Interaction{consented, exchanged, info,
			ix("", "", "GET", "/crm/v8/settings/unknown/thing", "", nil, 200, `{}`)}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			assert.Equal(t, []string{"authorize", "exchange", "call", "read"}, clientSteps(sc))
			for _, c := range sc.Journal {
				assert.False(t, c.Match.Service == "zoho-crm" && c.Match.Operation == "" && c.Max != nil, "no service-wide count: %s", c.Name)
			}
		}, false},
		{"a connection explored, deleted while in use", []cassette.Interaction{imsToken,
			flowCall("createConnection", "POST", conn, 200, `{"id":"c1","etag":"\"1\""}`),
			flowCall("testConnection", "GET", conn+"/c1/test", 200, `{"result":true}`),
			flowCall("exploreConnection", "GET", conn+"/c1/explore", 200, `[]`),
			flowCall("deleteConnection", "DELETE", conn+"/c1", 409, `{"code":"x"}`),
		}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			assert.Equal(t, []scenarios.Role{scenarios.RoleAEPConnection}, sc.Roles)
			assert.Equal(t, []string{"connect", "explore", "delete"}, clientSteps(sc))
			assert.Equal(t, scenarios.KindConflict, sc.Steps[2].Expect.Fail)
			assert.Equal(t, "dev", sc.Setup.Env.Sandbox)
			last := check(t, sc, "headers of every flow-service call")
			assert.Equal(t, map[string]string{"x-sandbox-name": "${sandbox}"}, last.Each.HeaderValues)
			assert.Equal(t, []string{"Authorization", "x-api-key", "x-gw-ims-org-id"}, last.Each.Headers)
		}, false},
		{"a dataflow set up and watched", []cassette.Interaction{imsToken,
			flowCall("createConnection", "POST", conn, 200, `{"id":"c1"}`),
			flowCall("testConnection", "GET", conn+"/c1/test", 200, `{"result":true}`),
			flowCall("createSourceConnection", "POST", "/data/foundation/flowservice/sourceConnections", 200, `{"id":"s"}`),
			flowCall("createFlow", "POST", "/data/foundation/flowservice/flows", 200, `{"id":"f"}`),
			flowCall("listRuns", "GET", "/data/foundation/flowservice/runs", 200, `{"items":[]}`),
			flowCall("listRuns", "GET", "/data/foundation/flowservice/runs", 200, `{"items":[]}`),
		}, func(t *testing.T, sc scenarios.Scenario, _ string) {
			assert.Equal(t, []scenarios.Role{scenarios.RoleAEPDataflow}, sc.Roles)
			assert.Equal(t, []string{"create", "watch"}, clientSteps(sc))
			assert.Equal(t, 2, sc.Steps[1].Repeat)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &cassette.Cassette{Version: cassette.Version, Interactions: tt.calls,
				Placeholders: []cassette.Placeholder{{Name: "client_secret_1", Kind: "client_secret", Value: "s3cr3t-pseudonym"}}}
			conv, err := convert.Cassette(c, convert.Options{})
			require.NoError(t, err)
			data, err := conv.YAML(tt.name)
			require.NoError(t, err)
			sc, err := scenarios.Parse(data)
			require.NoError(t, err)
			assert.Equal(t, "recorded-session", sc.ID)
			for _, secret := range []string{tok1, tok2, "s3cr3t-pseudonym", "p8e-x"} {
				assert.NotContains(t, string(data), secret)
			}
			tt.check(t, sc, string(data))
			if tt.runs {
				ref, err := refclient.New()
				require.NoError(t, err)
				res := scenarios.Execute(context.Background(), ref, []scenarios.Scenario{sc}, scenarios.Options{}).Results[0]
				assert.Equal(t, scenarios.Pass, res.Status, "%s %+v\n%s", res.Reason, res.Findings, data)
			}
		})
	}
}

func TestCassetteRefuses(t *testing.T) {
	harness := ix("zoho-accounts", "token", "POST", "/oauth/v2/token", "", url.Values{"grant_type": {"authorization_code"}}, 200, `{}`)
	harness.Request.Header.Set("User-Agent", "zohoaep-scenarios-harness")
	for name, c := range map[string]*cassette.Cassette{
		"nothing":                   nil,
		"no interaction":            {Version: 1},
		"the harness's and control": {Version: 1, Interactions: []cassette.Interaction{harness, ix("", "", "GET", "/_emulator/journal", "", nil, 200, `{}`)}},
		"an unknown service":        {Version: 1, Interactions: []cassette.Interaction{ix("", "", "GET", "/somewhere/else", "", nil, 200, `{}`)}},
	} {
		_, err := convert.Cassette(c, convert.Options{})
		assert.Error(t, err, name)
	}
}

func clientSteps(sc scenarios.Scenario) []string {
	var out []string
	for _, st := range sc.Steps {
		out = append(out, st.Client)
	}
	return out
}

func check(t *testing.T, sc scenarios.Scenario, name string) scenarios.Check {
	t.Helper()
	for _, c := range sc.Journal {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %q", name)
	return scenarios.Check{}
}

func onPath(x cassette.Interaction, path string) cassette.Interaction {
	x.Request.Path = path
	x.Contract, x.Operation = "", "" // as a contract that did not match would leave it
	return x
}
