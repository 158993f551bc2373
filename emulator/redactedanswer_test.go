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

	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/internal/redact"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// TestTokenAnswersJournalAsRedacted: a token answer journals the form its
// handler gave (httpx.Redacter), which is the redaction of the bytes sent:
// what the journal made of them before, and never the token itself.
func TestTokenAnswersJournalAsRedacted(t *testing.T) {
	e, err := New(Options{Seed: Demo(), Accounts: zohoaccounts.Config{AccessTokenMints: 100}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = e.Close() })
	code, err := e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{
		ClientID: DemoSelfClientID, User: DemoUserEmail, Scopes: []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"},
	})
	require.NoError(t, err)
	post := func(path string, form url.Values) (*httptest.ResponseRecorder, journal.Entry) {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		e.Handler().ServeHTTP(w, req)
		entries := e.Journal().Query(journal.Filter{Limit: 1})
		require.Len(t, entries, 1)
		return w, entries[0]
	}
	check := func(w *httptest.ResponseRecorder, entry journal.Entry, secrets ...string) {
		t.Helper()
		assert.Equal(t, redact.Body(w.Header().Get("Content-Type"), w.Body.Bytes()), entry.RespBody)
		for _, s := range secrets {
			assert.NotContains(t, entry.RespBody, s)
		}
		assert.Empty(t, entry.Verdict.Violations)
	}
	w, entry := post("/oauth/v2/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {DemoSelfClientID},
		"client_secret": {DemoClientSecret}, "code": {code.Code}})
	var tok struct{ AccessToken, RefreshToken string }
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &struct {
		A *string `json:"access_token"`
		R *string `json:"refresh_token"`
	}{&tok.AccessToken, &tok.RefreshToken}))
	require.NotEmpty(t, tok.RefreshToken)
	check(w, entry, tok.AccessToken, tok.RefreshToken)
	assert.Contains(t, entry.RespBody, redact.Fingerprint(tok.RefreshToken))

	refresh := url.Values{"grant_type": {"refresh_token"}, "client_id": {DemoSelfClientID},
		"client_secret": {DemoClientSecret}, "refresh_token": {tok.RefreshToken}}
	for _, path := range []string{"/oauth/v2/token", "/dc/eu/oauth/v2/token", "/dc/in/oauth/v2/token"} {
		w, entry := post(path, refresh)
		check(w, entry, tok.RefreshToken)
	}
	// Errors are written as before, and redacted from the bytes.
	refresh.Set("client_secret", "wrong")
	w, entry = post("/oauth/v2/token", refresh)
	check(w, entry, tok.RefreshToken)
}

// TestRecorderTakesRedactedForOneWrite: the form a handler gives holds only
// for a body written in one write right after it.
func TestRecorderTakesRedactedForOneWrite(t *testing.T) {
	tests := []struct {
		name  string
		write func(r *recorder)
		ok    bool
	}{
		{"one write", func(r *recorder) { r.TakeRedacted("R"); _, _ = r.Write([]byte("body")) }, true},
		{"nothing written", func(r *recorder) { r.TakeRedacted("R") }, false},
		{"two writes", func(r *recorder) { r.TakeRedacted("R"); _, _ = r.Write([]byte("a")); _, _ = r.Write([]byte("b")) }, false},
		{"taken after a write", func(r *recorder) { _, _ = r.Write([]byte("a")); r.TakeRedacted("R"); _, _ = r.Write([]byte("b")) }, false},
		{"a shared part", func(r *recorder) { r.TakeRedacted("R"); _, _ = r.WriteShared([]byte("a")) }, false},
		{"none given", func(r *recorder) { _, _ = r.Write([]byte("a")) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := getRecorder()
			tt.write(r)
			s, ok := r.redactedBody()
			assert.Equal(t, tt.ok, ok)
			if ok {
				assert.Equal(t, "R", s)
			}
			r.release()
			r = getRecorder() // a released recorder forgets it
			_, ok = r.redactedBody()
			assert.False(t, ok)
			r.release()
		})
	}
}
