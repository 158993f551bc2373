package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/internal/durable"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

func TestPartsOf(t *testing.T) {
	tests := []struct {
		service, method, path string
		parts                 durable.Set
		wait                  bool
	}{
		{ServiceZohoAccounts, "POST", "/oauth/v2/token", partZoho, true},
		{ServiceZohoAccounts, "GET", "/oauth/v2/auth", partZoho, true},
		{ServiceZohoAccounts, "GET", "/oauth/serverinfo", 0, false},
		{ServiceZohoCRM, "GET", "/crm/v8/Leads", partCRM, false},
		{ServiceZohoCRM, "POST", "/crm/v8/Leads", partCRM | partCRMData, true},
		{ServiceZohoCRM, "DELETE", "/crm/v8/Leads", partCRM | partCRMData, true},
		{ServiceAdobeIMS, "POST", "/ims/token/v3", partIMS, true},
		{ServiceAdobeIMS, "GET", "/ims/keys", 0, false},
		{ServiceFlowService, "GET", "/data/foundation/flowservice/runs", partFlow, false},
		{ServiceFlowService, "PATCH", "/data/foundation/flowservice/flows/x", partFlow, true},
		{ServiceControl, "GET", "/_emulator/aep/runs", partFlow, false},
		{ServiceControl, "POST", "/_emulator/clock/advance", durable.All, true},
		{ServiceControl, "DELETE", "/_emulator/journal", durable.All, true},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			parts, wait := partsOf(tt.service, httptest.NewRequest(tt.method, tt.path, nil))
			assert.Equal(t, tt.parts, parts)
			assert.Equal(t, tt.wait, wait)
		})
	}
}

// A change that cannot be made durable is not acknowledged: the client
// gets its service's internal error, not a token.
func TestUnstorableChangeIsNotAcknowledged(t *testing.T) {
	e, err := New(Options{Seed: Demo(), DataDir: t.TempDir()})
	require.NoError(t, err)
	defer e.Close()
	code, err := e.accounts.GenerateCode(selfCode())
	require.NoError(t, err)
	require.NoError(t, e.stored.store.Close()) // the disk goes away

	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {DemoSelfClientID},
		"client_secret": {DemoClientSecret}, "code": {code.Code}}
	req := httptest.NewRequest(http.MethodPost, "/oauth/v2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	e.Handler().ServeHTTP(rec, req)
	assert.NotContains(t, rec.Body.String(), "access_token")
	assert.GreaterOrEqual(t, rec.Code, 500, rec.Body.String())
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), "the vendor's envelope, not a bare 500")
}

// FuzzDataDirLoad feeds a stored part arbitrary bytes: loading never
// panics, and what loads is exported and loads again.
func FuzzDataDirLoad(f *testing.F) {
	for _, seed := range []struct{ part, body string }{
		{"zoho", `{"orgs":[]}`},
		{"control", `{"frozen":true,"at":"2026-01-01T00:00:00Z","offset":0}`},
		{"control", `{"frozen":false,"offset":3600000000000,"faults":[{"id":"f1","match":{"service":"zoho-crm"},"action":{"status":503},"limit":{}}]}`},
		{"crm", `{"orgs":[]}`},
		{"crm-data", `[{"spec":{"org_id":"1","seed":2}}]`},
		{"ims", `{"orgs":[{"id":"A@AdobeOrg","name":"a"}]}`},
		{"flow-service", `{}`},
		{"nope", `{}`},
		{"zoho", `{"orgs":[{"id":"1","name":"x","dc":"mars"}]}`},
	} {
		f.Add(seed.part, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, part string, body []byte) {
		e, err := New(Options{NoValidation: true})
		require.NoError(t, err)
		defer e.Close()
		if err := e.load(map[string][]byte{part: body}); err != nil {
			return
		}
		again, err := New(Options{NoValidation: true})
		require.NoError(t, err)
		defer again.Close()
		require.NoError(t, again.Import(e.Export()))
	})
}

func selfCode() zohoaccounts.SelfClientCode {
	return zohoaccounts.SelfClientCode{ClientID: DemoSelfClientID, User: DemoUserEmail, Scopes: []string{"ZohoCRM.modules.ALL"}}
}
