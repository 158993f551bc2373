package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/control"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
)

// A tenant's part of the state holds that tenant whole, and nothing of the
// others: imported on its own, its client's grant still works there.
func TestTenantPartOfTheState(t *testing.T) {
	e := emulatortest.New(t)
	base := e.URL()
	var a, b control.Tenant
	require.Equal(t, http.StatusCreated, do(t, http.MethodPost, base+"/_emulator/tenants", map[string]any{"name": "Team A"}, &a))
	require.Equal(t, http.StatusCreated, do(t, http.MethodPost, base+"/_emulator/tenants", map[string]any{"name": "Team B"}, &b))
	refresh := func(tn control.Tenant) string {
		var code struct {
			Code string `json:"code"`
		}
		require.Equal(t, http.StatusCreated, do(t, http.MethodPost, base+"/_emulator/zoho/clients/"+url.PathEscape(tn.Self.ID)+"/codes",
			map[string]any{"user": tn.Admin.Email, "scopes": []string{"ZohoCRM.modules.ALL"}, "minutes": 3}, &code))
		var tok struct {
			Refresh string `json:"refresh_token"`
		}
		postForm(t, base+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"},
			"client_id": {tn.Self.ID}, "client_secret": {tn.Self.Secret}, "code": {code.Code}}, &tok)
		require.NotEmpty(t, tok.Refresh)
		return tok.Refresh
	}
	aRefresh, bRefresh := refresh(a), refresh(b)
	require.Equal(t, http.StatusCreated, do(t, http.MethodPost, base+"/_emulator/faults",
		map[string]any{"match": map[string]any{"tenant": b.ID}, "action": map[string]any{"status": 503}}, nil))

	resp, err := http.Get(base + "/_emulator/state?tenant=" + url.QueryEscape(a.ID))
	require.NoError(t, err)
	part, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(part))
	for _, want := range []string{a.ID, a.IMSOrg, a.Self.Secret, a.Server.Secret, a.IMS.Secret, aRefresh} {
		assert.Contains(t, string(part), want)
	}
	for _, other := range []string{b.ID, b.Self.ID, b.Self.Secret, b.Server.Secret, b.IMS.Secret, bRefresh,
		emulator.DemoOrgID, emulator.DemoClientSecret} {
		assert.NotContains(t, string(part), other, "another tenant's, or the demo world's")
	}

	var st emulator.State
	require.NoError(t, json.Unmarshal(part, &st))
	require.Len(t, st.Zoho.Orgs, 1)
	assert.Equal(t, a.ID, st.Zoho.Orgs[0].ID)
	require.NotNil(t, st.CRM)
	require.Len(t, st.CRM.Service.Orgs, 1)
	assert.Equal(t, a.ID, st.CRM.Service.Orgs[0].OrgID)
	require.Len(t, st.CRM.Data, 1, "the tenant's CRM records")
	assert.Equal(t, a.ID, st.CRM.Data[0].Spec.OrgID)
	require.NotNil(t, st.IMS)
	require.Len(t, st.IMS.Orgs, 1)
	assert.Equal(t, a.IMSOrg, st.IMS.Orgs[0].ID)
	assert.Empty(t, st.Faults, "tenant B's fault rule is B's")

	// Imported on its own, tenant A's refresh token still refreshes.
	fresh := emulatortest.New(t, emulatortest.WithOptions(emulator.Options{}))
	require.NoError(t, fresh.Import(st))
	var tok struct {
		Access string `json:"access_token"`
	}
	postForm(t, fresh.URL()+"/oauth/v2/token", url.Values{"grant_type": {"refresh_token"},
		"client_id": {a.Self.ID}, "client_secret": {a.Self.Secret}, "refresh_token": {aRefresh}}, &tok)
	assert.NotEmpty(t, tok.Access)

	// An unknown tenant is Not Found, in the control API's envelope.
	var problem struct {
		Error string `json:"error"`
	}
	assert.Equal(t, http.StatusNotFound, do(t, http.MethodGet, base+"/_emulator/state?tenant=999999999", nil, &problem))
	assert.Equal(t, "not_found", problem.Error)
}

// postForm posts a form and decodes the 200 answer into out.
func postForm(t *testing.T, u string, form url.Values, out any) {
	t.Helper()
	resp, err := http.PostForm(u, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.NoError(t, json.Unmarshal(body, out))
}
