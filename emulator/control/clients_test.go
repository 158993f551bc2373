package control

import (
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

const clients = "/_emulator/zoho/clients"

var (
	clientIDRE     = regexp.MustCompile(`^1000\.[A-Z0-9]{30}$`)
	clientSecretRE = regexp.MustCompile(`^[0-9a-f]{42}$`)
)

// TestRegisterClient registers every client type of the API console.
func TestRegisterClient(t *testing.T) {
	tests := []struct {
		name   string
		body   map[string]any
		want   expect
		status int
		code   string
		check  func(t *testing.T, c zohoaccounts.Client)
	}{
		{name: "server_based", status: 201, body: map[string]any{"org_id": usOrg, "type": "server_based",
			"name": "Connector", "redirect_uris": []string{"https://app.example/cb"}, "dcs": []string{"eu"}},
			check: func(t *testing.T, c zohoaccounts.Client) {
				assert.Equal(t, zohoaccounts.ServerBased, c.Type)
				assert.Equal(t, "us", c.HomeDC)
				assert.Equal(t, []string{"us", "eu"}, c.DCs, "the home DC is always enabled")
			}},
		{name: "type defaults to server_based", status: 201, body: map[string]any{"org_id": euOrg,
			"redirect_uris": []string{"https://app.example/cb"}},
			check: func(t *testing.T, c zohoaccounts.Client) {
				assert.Equal(t, zohoaccounts.ServerBased, c.Type)
				assert.Equal(t, "eu", c.HomeDC, "the org's DC")
				assert.Equal(t, "server_based client", c.Name)
			}},
		{name: "javascript", status: 201, body: map[string]any{"org_id": usOrg, "type": "javascript",
			"redirect_uris": []string{"https://spa.example/cb"}}},
		{name: "mobile with a custom scheme", status: 201, body: map[string]any{"org_id": usOrg, "type": "mobile",
			"redirect_uris": []string{"com.acme.app:/oauth"}}},
		{name: "non_browser_mobile", status: 201, body: map[string]any{"org_id": usOrg, "type": "non_browser_mobile"}},
		{name: "self_client", status: 201, body: map[string]any{"org_id": euOrg, "type": "self_client"},
			check: func(t *testing.T, c zohoaccounts.Client) { assert.Empty(t, c.RedirectURIs) }},
		{name: "chosen id, secret and consent", status: 201, body: map[string]any{"org_id": euOrg, "type": "non_browser_mobile",
			"client_id": "1000.CHOSEN", "client_secret": "s3cret", "consent": map[string]string{"mode": "deny"},
			"dc_secrets": map[string]string{"eu": "eu-secret"}, "allowed_ips": []string{"198.51.100.7"}},
			check: func(t *testing.T, c zohoaccounts.Client) {
				assert.Equal(t, "1000.CHOSEN", c.ID)
				assert.Equal(t, "s3cret", c.Secret)
				assert.Equal(t, &zohoaccounts.Consent{Mode: zohoaccounts.ConsentDeny}, c.Consent)
				assert.Equal(t, map[string]string{"eu": "eu-secret"}, c.DCSecrets)
			}},
		{name: "server_based without redirect", status: 400, code: CodeInvalid, body: map[string]any{"org_id": usOrg, "type": "server_based"}},
		{name: "javascript without redirect", status: 400, code: CodeInvalid, body: map[string]any{"org_id": usOrg, "type": "javascript"}},
		{name: "self_client with redirect", status: 400, code: CodeInvalid, body: map[string]any{"org_id": euOrg, "type": "self_client",
			"redirect_uris": []string{"https://app.example/cb"}}},
		{name: "second self_client in an org", status: 409, code: CodeConflict, body: map[string]any{"org_id": usOrg, "type": "self_client"}},
		{name: "relative redirect", status: 400, code: CodeInvalid, body: map[string]any{"org_id": usOrg, "redirect_uris": []string{"/cb"}}},
		{name: "taken id", status: 409, code: CodeConflict, body: map[string]any{"org_id": usOrg, "client_id": webID,
			"redirect_uris": []string{"https://app.example/cb"}}},
		{name: "unknown org", status: 404, code: CodeNotFound, body: map[string]any{"org_id": "42", "type": "self_client"}},
		{name: "secret for a DC not enabled", status: 400, code: CodeInvalid, body: map[string]any{"org_id": usOrg,
			"type": "self_client", "dc_secrets": map[string]string{"in": "x"}}},
		{name: "unknown type", want: badRequest, status: 400, code: CodeInvalid, body: map[string]any{"org_id": usOrg, "type": "desktop"}},
		{name: "unknown DC", want: badRequest, status: 400, code: CodeInvalid, body: map[string]any{"org_id": euOrg,
			"type": "self_client", "dcs": []string{"mars"}}},
		{name: "unknown consent mode", want: badRequest, status: 400, code: CodeInvalid, body: map[string]any{"org_id": euOrg,
			"type": "self_client", "consent": map[string]string{"mode": "sometimes"}}},
		{name: "no org", want: badRequest, status: 400, code: CodeInvalid, body: map[string]any{"type": "non_browser_mobile"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.accounts.Export()
			rec := f.do(t, http.MethodPost, clients, tt.body, tt.want)
			if tt.status != http.StatusCreated {
				requireError(t, rec, tt.status, tt.code)
				assert.Equal(t, before, f.accounts.Export(), "a refused request changes nothing")
				return
			}
			require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
			c := result[zohoaccounts.Client](t, rec)
			if _, chosen := tt.body["client_id"]; !chosen {
				assert.Regexp(t, clientIDRE, c.ID)
				assert.Regexp(t, clientSecretRE, c.Secret)
			}
			assert.EqualValues(t, tt.body["org_id"], c.OrgID)
			if tt.check != nil {
				tt.check(t, c)
			}
			stored := result[zohoaccounts.Client](t, f.do(t, http.MethodGet, clients+"/"+c.ID, nil))
			assert.Equal(t, c, stored)
		})
	}
}

func TestClients(t *testing.T) {
	f := newFixture(t)

	list := result[clientList](t, f.do(t, http.MethodGet, clients, nil))
	require.Len(t, list.Clients, 2)
	assert.Equal(t, []string{selfID, webID}, []string{list.Clients[0].ID, list.Clients[1].ID})
	assert.Equal(t, webSecret, list.Clients[1].Secret, "the control API shows secrets")
	assert.JSONEq(t, `{"clients":[]}`, f.do(t, http.MethodGet, clients+"?org_id="+euOrg, nil).Body.String())
	assert.Len(t, result[clientList](t, f.do(t, http.MethodGet, clients+"?org_id="+usOrg, nil)).Clients, 2)
	requireError(t, f.do(t, http.MethodGet, clients+"?org_id=42", nil), 404, CodeNotFound)

	// Replace: an empty secret, org and type keep theirs; per-client consent.
	rec := f.do(t, http.MethodPut, clients+"/"+webID, map[string]any{"name": "Renamed",
		"redirect_uris": []string{"https://app.example/new"}, "consent": map[string]string{"mode": "approve", "user": aliceEmail}})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	web := result[zohoaccounts.Client](t, rec)
	assert.Equal(t, zohoaccounts.Client{ID: webID, Secret: webSecret, Name: "Renamed", Type: zohoaccounts.ServerBased,
		OrgID: usOrg, HomeDC: "us", DCs: []string{"us"}, RedirectURIs: []string{"https://app.example/new"},
		Consent: &zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: aliceEmail}}, web)
	got, err := f.accounts.GetClient(webID)
	require.NoError(t, err)
	assert.Equal(t, web, got)

	rec = f.do(t, http.MethodPut, clients+"/"+webID, map[string]any{"client_id": webID, "client_secret": "rotated",
		"redirect_uris": []string{"https://app.example/new"}})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "rotated", result[zohoaccounts.Client](t, rec).Secret)

	require.Equal(t, http.StatusNoContent, f.do(t, http.MethodDelete, clients+"/"+webID, nil).Code)
	requireError(t, f.do(t, http.MethodGet, clients+"/"+webID, nil), 404, CodeNotFound)
}

func TestClientErrors(t *testing.T) {
	tests := []struct {
		name, method, path string
		body               any
		want               expect
		status             int
		code               string
	}{
		{"get: unknown", http.MethodGet, clients + "/1000.NOPE", nil, conforming, 404, CodeNotFound},
		{"replace: unknown", http.MethodPut, clients + "/1000.NOPE", map[string]any{"type": "self_client"}, conforming, 404, CodeNotFound},
		{"replace: other id", http.MethodPut, clients + "/" + webID, map[string]any{"client_id": selfID}, conforming, 400, CodeInvalid},
		{"replace: drop the redirect", http.MethodPut, clients + "/" + webID, map[string]any{"name": "x"}, conforming, 400, CodeInvalid},
		{"replace: into a second self client", http.MethodPut, clients + "/" + webID, map[string]any{"type": "self_client"}, conforming, 409, CodeConflict},
		{"replace: consent as a stranger", http.MethodPut, clients + "/" + selfID,
			map[string]any{"consent": map[string]string{"mode": "approve", "user": "eve@evil.test"}}, conforming, 400, CodeInvalid},
		{"replace: unknown field", http.MethodPut, clients + "/" + selfID, map[string]any{"scopes": []string{}}, badRequest, 400, CodeInvalidJSON},
		{"delete: unknown", http.MethodDelete, clients + "/1000.NOPE", nil, conforming, 404, CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.accounts.Export()
			requireError(t, f.do(t, tt.method, tt.path, tt.body, tt.want), tt.status, tt.code)
			assert.Equal(t, before, f.accounts.Export(), "a refused request changes nothing")
		})
	}
}

func TestGenerateSelfClientCode(t *testing.T) {
	codes := clients + "/" + selfID + "/codes"
	tests := []struct {
		name   string
		path   string
		body   any
		want   expect
		status int
		code   string
		life   time.Duration
	}{
		{name: "default lifetime", body: map[string]any{"user": aliceEmail, "scopes": []string{crmScope}}, status: 201, life: 3 * time.Minute},
		{name: "5 minutes", body: map[string]any{"user": aliceEmail, "scopes": []string{crmScope, "openid"}, "minutes": 5}, status: 201, life: 5 * time.Minute},
		{name: "10 minutes for an org", body: map[string]any{"user": aliceEmail, "scopes": []string{crmScope}, "minutes": 10,
			"org_id": usOrg, "description": "CRM sync"}, status: 201, life: 10 * time.Minute},
		{name: "4 minutes", body: map[string]any{"user": aliceEmail, "scopes": []string{crmScope}, "minutes": 4}, want: badRequest, status: 400, code: CodeInvalid},
		{name: "0 minutes", body: map[string]any{"user": aliceEmail, "scopes": []string{crmScope}, "minutes": 0}, want: badRequest, status: 400, code: CodeInvalid},
		{name: "a million minutes", body: map[string]any{"user": aliceEmail, "scopes": []string{crmScope}, "minutes": 1000000}, want: badRequest, status: 400, code: CodeInvalid},
		{name: "no scopes", body: map[string]any{"user": aliceEmail, "scopes": []string{}}, want: badRequest, status: 400, code: CodeInvalid},
		{name: "bad scope", body: map[string]any{"user": aliceEmail, "scopes": []string{"crm"}}, status: 400, code: CodeInvalid},
		{name: "no user", body: map[string]any{"scopes": []string{crmScope}}, want: badRequest, status: 400, code: CodeInvalid},
		{name: "unknown user", body: map[string]any{"user": "eve@evil.test", "scopes": []string{crmScope}}, status: 404, code: CodeNotFound},
		{name: "unknown org", body: map[string]any{"user": aliceEmail, "scopes": []string{crmScope}, "org_id": "42"}, status: 404, code: CodeNotFound},
		{name: "not a self client", path: clients + "/" + webID + "/codes", body: map[string]any{"user": aliceEmail, "scopes": []string{crmScope}},
			status: 400, code: CodeInvalid},
		{name: "unknown client", path: clients + "/1000.NOPE/codes", body: map[string]any{"user": aliceEmail, "scopes": []string{crmScope}},
			status: 404, code: CodeNotFound},
		{name: "lifetime as a duration", body: map[string]any{"user": aliceEmail, "scopes": []string{crmScope}, "lifetime": "5m"},
			want: badRequest, status: 400, code: CodeInvalidJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.clock.Freeze()
			path := codes
			if tt.path != "" {
				path = tt.path
			}
			rec := f.do(t, http.MethodPost, path, tt.body, tt.want)
			if tt.status != http.StatusCreated {
				requireError(t, rec, tt.status, tt.code)
				return
			}
			require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
			code := result[zohoaccounts.GeneratedCode](t, rec)
			assert.Regexp(t, `^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$`, code.Code)
			assert.Equal(t, wall.Add(tt.life), code.ExpiresAt)
			assert.Equal(t, "us", code.DC)
			assert.Equal(t, tt.body.(map[string]any)["scopes"], code.Scopes)
		})
	}
}
