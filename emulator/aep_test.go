package emulator_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

const zohoSpecID = "929e4450-0237-4ed2-9404-b7e1e0a00309"

// aepClient calls Flow Service as the tutorials do, with an IMS token.
type aepClient struct {
	t     *testing.T
	base  string
	token string
}

func newAEPClient(t *testing.T, e *emulator.Emulator) *aepClient {
	resp, err := http.PostForm(e.URL()+"/ims/token/v3", url.Values{"grant_type": {"client_credentials"},
		"client_id": {adobeims.DemoClientID}, "client_secret": {adobeims.DemoClientSecret}, "scope": {"openid,AdobeID,read_organizations"}})
	require.NoError(t, err)
	tok := decode(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, tok)
	return &aepClient{t: t, base: e.URL() + "/data/foundation/flowservice", token: tok["access_token"].(string)}
}

func (c *aepClient) do(method, path string, body any) (*http.Response, map[string]any) {
	c.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("x-api-key", adobeims.DemoClientID)
	req.Header.Set("x-gw-ims-org-id", adobeims.DemoOrgID)
	req.Header.Set("x-sandbox-name", "prod")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp, out
}

func TestFlowServiceBaseConnectionThroughTheFrontDoor(t *testing.T) {
	e := emulatortest.New(t)
	c := newAEPClient(t, e)

	resp, specs := c.do(http.MethodGet, "/connectionSpecs/"+zohoSpecID, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, specs)
	spec := specs["items"].([]any)[0].(map[string]any)
	assert.Equal(t, "Basic Authentication", spec["authSpec"].([]any)[0].(map[string]any)["name"])

	resp, created := c.do(http.MethodPost, "/connections", map[string]any{
		"name": "Zoho CRM base connection",
		"auth": map[string]any{"specName": "Basic Authentication", "params": map[string]any{
			"endpoint": e.URL(), "accountsUrl": e.URL(), "clientId": emulator.DemoServerClientID,
			"clientSecret": emulator.DemoClientSecret, "accessToken": "1000.a", "refreshToken": "1000.b"}},
		"connectionSpec": map[string]any{"id": zohoSpecID, "version": "1.0"},
	})
	require.Equal(t, http.StatusCreated, resp.StatusCode, created)
	id := created["id"].(string)
	assert.NotEmpty(t, resp.Header.Get("Location"))

	resp, got := c.do(http.MethodGet, "/connections/"+id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	params := got["items"].([]any)[0].(map[string]any)["auth"].(map[string]any)["params"].(map[string]any)
	assert.NotEqual(t, emulator.DemoClientSecret, params["clientSecret"], "secrets are masked")

	// The gateway answers a missing token in Adobe I/O's own envelope.
	c.token = ""
	resp, body := c.do(http.MethodGet, "/connections/"+id, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Equal(t, "403010", body["error_code"])

	entries := e.Journal().Query(journal.Filter{Service: emulator.ServiceFlowService})
	require.NotEmpty(t, entries)
	assert.Equal(t, adobeims.DemoOrgID, entries[0].Tenant)
	for _, en := range entries {
		assert.NotContains(t, en.Body, emulator.DemoClientSecret)
	}
}
