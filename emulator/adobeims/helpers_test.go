package adobeims_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/internal/clock"
)

// The fixture world: two orgs, each with a credential, and a development
// sandbox in the first. Every identifier is fixed, so two worlds built
// from the same seed export the same state.
const (
	acmeOrg   = "ACME00000000000000000001@AdobeOrg"
	otherOrg  = "OTHER0000000000000000002@AdobeOrg"
	acmeTech  = "ACMETECH0000000000000001@techacct.adobe.com"
	otherTech = "OTHERTECH000000000000002@techacct.adobe.com"
	formType  = "application/x-www-form-urlencoded"
	jsonType  = "application/json;charset=utf-8"
	aepScopes = "openid,AdobeID,read_organizations,additional_info.projectedProductContext,session"
)

var (
	b64 = base64.RawURLEncoding
	t0  = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

	acmeCred = adobeims.Credential{ClientID: "0123456789abcdef0123456789abcdef", Secret: "p8e-acme-secret-0001",
		Name: "Acme connector", TechnicalAccountID: acmeTech,
		Scopes: []string{"openid", "session", "AdobeID", "read_organizations", "additional_info.projectedProductContext"}}
	narrowCred = adobeims.Credential{ClientID: "narrow-client", Secret: "narrow-secret",
		TechnicalAccountID: "NARROW000000000000000003@techacct.adobe.com", Scopes: []string{"openid", "AdobeID"}}
	otherCred = adobeims.Credential{ClientID: "fedcba9876543210fedcba9876543210", Secret: "p8e-other-secret-0002",
		Name: "Other connector", TechnicalAccountID: otherTech}
	devSandbox = adobeims.Sandbox{Name: "dev-1", ID: "0f6f2a1e-5b1c-4d8e-9a3b-2c4d6e8f0a1b", Title: "Dev 1", Type: adobeims.SandboxDevelopment}

	// IMS's key orders.
	tokenKeys = []string{"access_token", "token_type", "expires_in"}
	errorKeys = []string{"error_description", "error"}
)

func seed() adobeims.State {
	return adobeims.State{Orgs: []adobeims.OrgState{
		{Org: adobeims.Org{ID: acmeOrg, Name: "Acme"}, Credentials: []adobeims.Credential{acmeCred, narrowCred},
			Sandboxes: []adobeims.Sandbox{devSandbox}},
		{Org: adobeims.Org{ID: otherOrg, Name: "Other Co"}, Credentials: []adobeims.Credential{otherCred}},
	}}
}

type world struct {
	t   *testing.T
	clk *clock.Clock
	s   *adobeims.Service
}

// newWorld seeds a service on a clock frozen at t0.
func newWorld(t *testing.T, cfg adobeims.Config) *world {
	t.Helper()
	clk := clock.New(func() time.Time { return t0 })
	clk.Freeze()
	s, err := adobeims.New(cfg, clk.Now)
	require.NoError(t, err)
	require.NoError(t, s.Seed(seed()))
	return &world{t: t, clk: clk, s: s}
}

func (w *world) serve(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, r)
	return rec
}

func postForm(target string, v url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", formType)
	return r
}

// vals builds url.Values from key, value pairs.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// grant is a full client_credentials request for c, with overrides.
func grant(c adobeims.Credential, kv ...string) url.Values {
	v := vals("grant_type", "client_credentials", "client_id", c.ClientID, "client_secret", c.Secret, "scope", aepScopes)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	return v
}

func (w *world) token(v url.Values) *httptest.ResponseRecorder {
	return w.serve(postForm(adobeims.PathToken, v))
}

// tokenBody is a token endpoint success.
type tokenBody struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// success checks a token endpoint success: status, headers, key order and
// the constant fields.
func success(t *testing.T, rec *httptest.ResponseRecorder) tokenBody {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, jsonType, rec.Header().Get("Content-Type"))
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	assert.Equal(t, tokenKeys, jsonKeys(t, rec.Body.Bytes()), "IMS's key order")
	var b tokenBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &b))
	assert.Equal(t, "bearer", b.TokenType)
	assert.Equal(t, 86399, b.ExpiresIn, "24 hours less a second, in seconds")
	assert.Regexp(t, `^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`, b.AccessToken)
	return b
}

func (w *world) mustToken(v url.Values) string {
	w.t.Helper()
	return success(w.t, w.token(v)).AccessToken
}

// imsError checks IMS's error envelope, in its key order.
func imsError(t *testing.T, rec *httptest.ResponseRecorder, status int, code, desc string) {
	t.Helper()
	assert.Equal(t, status, rec.Code, rec.Body.String())
	assert.JSONEq(t, `{"error_description":`+quote(desc)+`,"error":`+quote(code)+`}`, rec.Body.String())
	assert.Equal(t, errorKeys, jsonKeys(t, rec.Body.Bytes()))
	assert.Equal(t, jsonType, rec.Header().Get("Content-Type"))
	assert.Empty(t, rec.Header().Get("Cache-Control"), "only successes carry no-store")
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// jsonKeys returns the top-level keys of a JSON object in document order.
func jsonKeys(t *testing.T, b []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, k.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

// decodeSegment decodes one base64url segment of a JWT into v.
func decodeSegment(t *testing.T, jwt string, i int, v any) []byte {
	t.Helper()
	parts := strings.Split(jwt, ".")
	require.Len(t, parts, 3)
	b, err := b64.DecodeString(parts[i])
	require.NoError(t, err)
	if v != nil {
		require.NoError(t, json.Unmarshal(b, v))
	}
	return b
}

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }
