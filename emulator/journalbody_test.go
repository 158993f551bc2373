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

	"github.com/zohoaep/zohoaep/emulator/internal/redact"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// TestJournalBodyIsTheCutRedaction holds the journal's short way for large
// bodies (redact.BodyPrefix, cutPrefix) to the whole redaction cut to
// journalBodyLimit, over real CRM pages of every shape: versions, fields,
// sizes, orders.
func TestJournalBodyIsTheCutRedaction(t *testing.T) {
	e, err := New(Options{Seed: Demo()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = e.Close() })
	code, err := e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{
		ClientID: DemoSelfClientID, User: DemoUserEmail, Scopes: []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"},
	})
	require.NoError(t, err)
	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {DemoSelfClientID},
		"client_secret": {DemoClientSecret}, "code": {code.Code}}
	req := httptest.NewRequest(http.MethodPost, "/oauth/v2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	e.Handler().ServeHTTP(w, req)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &tok))
	require.NotEmpty(t, tok.AccessToken)

	paths := []string{"/crm/v2/settings/fields?module=Leads", "/crm/v8/settings/modules"}
	for _, v := range []string{"v2", "v2.1", "v3", "v5", "v8"} {
		for _, m := range []string{"Leads", "Contacts", "Accounts", "Deals"} {
			for _, q := range []string{
				"fields=id,Owner,Email,Created_Time,Modified_Time,Tag&per_page=200",
				"fields=Last_Name,Phone,Description&per_page=200&sort_order=asc&page=2",
				"fields=Owner&per_page=50",
				"per_page=200&sort_by=Modified_Time",
			} {
				paths = append(paths, "/crm/"+v+"/"+m+"?"+q)
			}
		}
	}
	large := 0
	for _, p := range paths {
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+tok.AccessToken)
		w := httptest.NewRecorder()
		e.Handler().ServeHTTP(w, req)
		body, ct := w.Body.Bytes(), w.Header().Get("Content-Type")
		if len(body) > journalBodyLimit && w.Code == http.StatusOK {
			large++
		}
		want := cutBody(redact.Body(ct, body))
		assert.Equal(t, want, cutPrefix(redact.BodyPrefix(ct, body, journalBodyLimit)), "%s (%d)", p, w.Code)
		assert.Equal(t, want, journalBody(ct, body), "%s", p)
	}
	assert.Greater(t, large, len(paths)/2, "most answers are over the journal's limit")
}
