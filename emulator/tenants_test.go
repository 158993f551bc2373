package emulator_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/control"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

// do sends one JSON request to the emulator and decodes a JSON answer.
func do(t *testing.T, method, u string, body any, out any) int {
	t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		data, err := json.Marshal(b)
		require.NoError(t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, u, rd)
	require.NoError(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	if out != nil {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(out))
	}
	return resp.StatusCode
}

// TestTenantLifecycle creates two tenants beside the demo world, uses one
// (a self-client grant, its CRM, its IMS credential), deletes it, and finds
// the other tenant and the demo org as they were.
func TestTenantLifecycle(t *testing.T) {
	e := emulatortest.New(t, emulatortest.AllowRequestViolations()) // the bad bodies below break the contract on purpose
	base := e.URL()
	var a, b control.Tenant
	require.Equal(t, http.StatusCreated, do(t, http.MethodPost, base+"/_emulator/tenants", map[string]any{"name": "Team A", "leads": 300}, &a))
	require.Equal(t, http.StatusCreated, do(t, http.MethodPost, base+"/_emulator/tenants", nil, &b))
	assert.NotEqual(t, a.ID, b.ID)
	assert.NotEqual(t, a.Server.ID, b.Server.ID)
	assert.NotEqual(t, a.Server.Secret, b.Server.Secret)
	assert.NotEqual(t, emulator.DemoClientSecret, a.Server.Secret)
	assert.Equal(t, "prod", a.Sandbox)
	assert.Equal(t, "us", a.DC)
	assert.Equal(t, []string{emulator.DemoRedirectURI}, a.Server.RedirectURIs)

	// A self-client grant of tenant A, exchanged, reads tenant A's CRM.
	var code struct {
		Code string `json:"code"`
	}
	require.Equal(t, http.StatusCreated, do(t, http.MethodPost, base+"/_emulator/zoho/clients/"+url.PathEscape(a.Self.ID)+"/codes",
		map[string]any{"user": a.Admin.Email, "scopes": []string{"ZohoCRM.modules.ALL"}, "minutes": 3}, &code))
	resp, err := http.PostForm(base+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"},
		"client_id": {a.Self.ID}, "client_secret": {a.Self.Secret}, "code": {code.Code}})
	require.NoError(t, err)
	var tok struct {
		Access    string `json:"access_token"`
		APIDomain string `json:"api_domain"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	require.NotEmpty(t, tok.Access)
	page := func(module string, n int) recordsPage {
		req, _ := http.NewRequest(http.MethodGet, tok.APIDomain+"/crm/v8/"+module+"?fields=Last_Name&per_page=200&page="+strconv.Itoa(n), nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+tok.Access)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var p recordsPage
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&p))
		return p
	}
	last := page("Leads", 2)
	assert.Len(t, last.Data, 70, "300 Leads, 270 unconverted as in the demo: the second page of 200 holds 70")
	assert.False(t, last.Info.MoreRecords)
	assert.NotEmpty(t, page("Contacts", 1).Data)

	// Its CRM credits, left at one: the first page is served, the second
	// refused as Zoho refuses it.
	var credits struct {
		Budget, Remaining int
	}
	require.Equal(t, http.StatusOK, do(t, http.MethodPut, base+"/_emulator/crm/orgs/"+a.ID+"/credits", map[string]int{"remaining": 1}, &credits))
	assert.Equal(t, 1, credits.Remaining)
	assert.Positive(t, credits.Budget)
	assert.NotEmpty(t, page("Leads", 1).Data)
	req, _ := http.NewRequest(http.MethodGet, tok.APIDomain+"/crm/v8/Leads?fields=Last_Name&page=2", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+tok.Access)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	var refused struct {
		Code string `json:"code"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&refused))
	resp.Body.Close()
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Equal(t, "TOO_MANY_REQUESTS", refused.Code)
	var demo struct{ Remaining, Budget int }
	require.Equal(t, http.StatusOK, do(t, http.MethodGet, base+"/_emulator/crm/orgs/"+emulator.DemoOrgID+"/credits", nil, &demo))
	assert.Equal(t, demo.Budget, demo.Remaining, "another org's credits are its own")

	// Its IMS credential gets a token in its own org.
	resp, err = http.PostForm(base+"/ims/token/v3", url.Values{"grant_type": {"client_credentials"},
		"client_id": {a.IMS.ID}, "client_secret": {a.IMS.Secret}, "scope": {"openid,AdobeID,read_organizations"}})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	// A reset: the tokens are revoked, the credits back, the ids kept.
	require.Equal(t, http.StatusOK, do(t, http.MethodPost, base+"/_emulator/tenants/"+a.ID+"/reset", nil, nil))
	req, _ = http.NewRequest(http.MethodGet, tok.APIDomain+"/crm/v8/Leads?fields=Last_Name", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+tok.Access)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the tenant's tokens are revoked")
	require.Equal(t, http.StatusOK, do(t, http.MethodGet, base+"/_emulator/crm/orgs/"+a.ID+"/credits", nil, &credits))
	assert.Equal(t, credits.Budget, credits.Remaining, "the credits are back")
	require.Equal(t, http.StatusCreated, do(t, http.MethodPost, base+"/_emulator/zoho/clients/"+url.PathEscape(a.Self.ID)+"/codes",
		map[string]any{"user": a.Admin.Email, "scopes": []string{"ZohoCRM.modules.ALL"}, "minutes": 3}, &code), "the client and user stay")
	resp, err = http.PostForm(base+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"},
		"client_id": {a.Self.ID}, "client_secret": {a.Self.Secret}, "code": {code.Code}})
	require.NoError(t, err)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	require.NotEmpty(t, tok.Access, "the secret stays")
	assert.Len(t, page("Leads", 2).Data, 70, "the records are the generated ones")
	var demoRes control.Error
	assert.Equal(t, http.StatusBadRequest, do(t, http.MethodPost, base+"/_emulator/tenants/"+emulator.DemoOrgID+"/reset", nil, &demoRes))

	// A fault rule scoped to tenant A, then the deletion.
	require.Equal(t, http.StatusCreated, do(t, http.MethodPost, base+"/_emulator/faults",
		map[string]any{"match": map[string]any{"service": "zoho-crm", "tenant": a.ID}, "action": map[string]any{"error": "INVALID_TOKEN"}}, nil))
	require.Equal(t, http.StatusNoContent, do(t, http.MethodDelete, base+"/_emulator/tenants/"+a.ID, nil, nil))

	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		code   string
	}{
		{"a deleted tenant is gone", http.MethodDelete, "/_emulator/tenants/" + a.ID, nil, http.StatusNotFound, control.CodeNotFound},
		{"its org is gone", http.MethodGet, "/_emulator/zoho/orgs/" + a.ID, nil, http.StatusNotFound, control.CodeNotFound},
		{"its client is gone", http.MethodGet, "/_emulator/zoho/clients/" + url.PathEscape(a.Server.ID), nil, http.StatusNotFound, control.CodeNotFound},
		{"an unknown tenant", http.MethodDelete, "/_emulator/tenants/999999999", nil, http.StatusNotFound, control.CodeNotFound},
		{"a seeded org is not a tenant", http.MethodDelete, "/_emulator/tenants/" + emulator.DemoOrgID, nil, http.StatusBadRequest, control.CodeInvalid},
		{"an unknown field", http.MethodPost, "/_emulator/tenants", `{"colour":"red"}`, http.StatusBadRequest, control.CodeInvalidJSON},
		{"an unknown data centre", http.MethodPost, "/_emulator/tenants", `{"dc":"mars"}`, http.StatusBadRequest, control.CodeInvalid},
		{"leads below -1", http.MethodPost, "/_emulator/tenants", `{"leads":-2}`, http.StatusBadRequest, control.CodeInvalid},
		{"not JSON", http.MethodPost, "/_emulator/tenants", `{"name":`, http.StatusBadRequest, control.CodeInvalidJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e control.Error
			assert.Equal(t, tt.status, do(t, tt.method, base+tt.path, tt.body, &e))
			assert.Equal(t, tt.code, e.Code)
		})
	}

	var faults struct {
		Rules []struct {
			Match struct {
				Tenant string `json:"tenant"`
			} `json:"match"`
		} `json:"rules"`
	}
	require.Equal(t, http.StatusOK, do(t, http.MethodGet, base+"/_emulator/faults", nil, &faults))
	for _, r := range faults.Rules {
		assert.NotEqual(t, a.ID, r.Match.Tenant, "the tenant's fault rules go with it")
	}
	seen := 0
	for _, entry := range e.Journal().Query(journal.Filter{}) {
		if entry.Path == "/_emulator/tenants" && strings.Contains(entry.RespBody, `"client_secret"`) {
			seen++
		}
		for _, secret := range []string{b.Server.Secret, b.Self.Secret, b.IMS.Secret} {
			assert.NotContains(t, entry.RespBody, secret, "a tenant's secrets are redacted in the journal")
		}
	}
	assert.Equal(t, 2, seen, "the creations' answers are journaled, their secrets redacted")
	var org map[string]any
	assert.Equal(t, http.StatusOK, do(t, http.MethodGet, base+"/_emulator/zoho/orgs/"+b.ID, nil, &org), "the other tenant stays")
	assert.Equal(t, http.StatusOK, do(t, http.MethodGet, base+"/_emulator/zoho/orgs/"+emulator.DemoOrgID, nil, &org), "the demo org stays")
}
