package adobeims_test

import (
	"bytes"
	"encoding/base64"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

// TestToken drives POST /ims/token/v3 through every outcome of the
// client_credentials grant.
func TestToken(t *testing.T) {
	tests := []struct {
		name   string
		params []string // overrides of a full acmeCred request; "" deletes
		cred   adobeims.Credential
		code   string // error code, or "" for success
		desc   string
		scopes []string // granted, on success
	}{
		{name: "all five AEP scopes", cred: acmeCred,
			scopes: []string{"openid", "AdobeID", "read_organizations", "additional_info.projectedProductContext", "session"}},
		{name: "a subset", cred: acmeCred, params: []string{"scope", "openid,AdobeID"}, scopes: []string{"openid", "AdobeID"}},
		{name: "spaces and repeats", cred: acmeCred, params: []string{"scope", "openid AdobeID,,openid, session"},
			scopes: []string{"openid", "AdobeID", "session"}},
		{name: "other org's credential", cred: otherCred, scopes: []string{"openid", "AdobeID", "read_organizations",
			"additional_info.projectedProductContext", "session"}},
		{name: "narrow credential, its own scopes", cred: narrowCred, params: []string{"scope", "AdobeID,openid"},
			scopes: []string{"AdobeID", "openid"}},

		{name: "missing grant_type", cred: acmeCred, params: []string{"grant_type", ""},
			code: "invalid_request", desc: "missing grant_type parameter"},
		{name: "authorization_code grant", cred: acmeCred, params: []string{"grant_type", "authorization_code"},
			code: "unsupported_grant_type", desc: "unsupported grant_type"},
		{name: "grant type in capitals", cred: acmeCred, params: []string{"grant_type", "CLIENT_CREDENTIALS"},
			code: "unsupported_grant_type", desc: "unsupported grant_type"},
		{name: "missing client_id", cred: acmeCred, params: []string{"client_id", ""},
			code: "invalid_request", desc: "missing client_id parameter"},
		{name: "unknown client", cred: acmeCred, params: []string{"client_id", "not-a-client"},
			code: "invalid_client", desc: "invalid client_id parameter"},
		{name: "missing client_secret", cred: acmeCred, params: []string{"client_secret", ""},
			code: "invalid_request", desc: "missing client_secret parameter"},
		{name: "wrong secret", cred: acmeCred, params: []string{"client_secret", "p8e-acme-secret-0002"},
			code: "invalid_client", desc: "invalid client_secret parameter"},
		{name: "another credential's secret", cred: acmeCred, params: []string{"client_secret", otherCred.Secret},
			code: "invalid_client", desc: "invalid client_secret parameter"},
		{name: "secret prefix", cred: acmeCred, params: []string{"client_secret", acmeCred.Secret[:5]},
			code: "invalid_client", desc: "invalid client_secret parameter"},
		{name: "missing scope", cred: acmeCred, params: []string{"scope", ""},
			code: "invalid_request", desc: "missing scope parameter"},
		{name: "only separators", cred: acmeCred, params: []string{"scope", " , ,"},
			code: "invalid_request", desc: "missing scope parameter"},
		{name: "a scope not allowed", cred: narrowCred, params: []string{"scope", "openid,AdobeID,read_organizations"},
			code: "invalid_scope", desc: "invalid scope"},
		{name: "an unknown scope", cred: acmeCred, params: []string{"scope", "openid,ent_dataservices_sdk"},
			code: "invalid_scope", desc: "invalid scope"},
		{name: "scope in other case", cred: acmeCred, params: []string{"scope", "OPENID"},
			code: "invalid_scope", desc: "invalid scope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, adobeims.Config{})
			before := w.s.Export()
			rec := w.token(grant(tt.cred, tt.params...))
			assert.Equal(t, before, w.s.Export(), "a token request changes no state")
			if tt.code != "" {
				imsError(t, rec, http.StatusBadRequest, tt.code, tt.desc)
				return
			}
			b := success(t, rec)
			tok, err := w.s.Verify(b.AccessToken)
			require.NoError(t, err)
			assert.Equal(t, tt.cred.ClientID, tok.ClientID)
			assert.Equal(t, tt.cred.TechnicalAccountID, tok.UserID)
			assert.Equal(t, w.s.TenantOf(tt.cred.ClientID), tok.OrgID)
			assert.Equal(t, tt.scopes, tok.Scopes)
			assert.Equal(t, t0, tok.CreatedAt)
			assert.Equal(t, t0.Add(adobeims.TokenLifetime), tok.Expires)
		})
	}
}

// TestTokenParameterPlaces: the parameters may come in the query, an
// urlencoded or a multipart body, or (client id and secret) HTTP Basic.
func TestTokenParameterPlaces(t *testing.T) {
	w := newWorld(t, adobeims.Config{})
	full := grant(acmeCred)

	mp := func(fields map[string]string) *http.Request {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range fields {
			require.NoError(t, mw.WriteField(k, v))
		}
		require.NoError(t, mw.Close())
		r := httptest.NewRequest(http.MethodPost, adobeims.PathToken+"?client_id="+acmeCred.ClientID, &buf)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		return r
	}
	basic := func(id, secret string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
	}
	withBasic := func(r *http.Request, h string) *http.Request { r.Header.Set("Authorization", h); return r }
	query := httptest.NewRequest(http.MethodPost, adobeims.PathToken+"?"+full.Encode(), nil)

	tests := []struct {
		name string
		r    *http.Request
		ok   bool
	}{
		{"query string, no body", query, true},
		{"client_id in the query, the rest in the body (Adobe's own clients)",
			postForm(adobeims.PathToken+"?client_id="+acmeCred.ClientID, grant(acmeCred, "client_id", "")), true},
		{"multipart body", mp(map[string]string{"client_secret": acmeCred.Secret, "grant_type": "client_credentials", "scope": "openid"}), true},
		{"HTTP Basic", withBasic(postForm(adobeims.PathToken, grant(acmeCred, "client_id", "", "client_secret", "")),
			basic(acmeCred.ClientID, acmeCred.Secret)), true},
		{"the query wins over the body", postForm(adobeims.PathToken+"?client_secret=wrong", full), false},
		{"parameters win over Basic", withBasic(postForm(adobeims.PathToken, full), basic(acmeCred.ClientID, "wrong")), true},
		{"Basic with the wrong secret", withBasic(postForm(adobeims.PathToken, grant(acmeCred, "client_id", "", "client_secret", "")),
			basic(acmeCred.ClientID, "wrong")), false},
		{"Bearer is not client authentication", withBasic(postForm(adobeims.PathToken, grant(acmeCred, "client_secret", "")),
			"Bearer "+acmeCred.Secret), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := w.serve(tt.r)
			if tt.ok {
				tok, err := w.s.Verify(success(t, rec).AccessToken)
				require.NoError(t, err)
				assert.Equal(t, acmeCred.ClientID, tok.ClientID)
				return
			}
			assert.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
		})
	}
}

// TestTokenClaims checks the JWT's header and claims against the shape of
// real IMS access tokens (docs/adobe-ims.md).
func TestTokenClaims(t *testing.T) {
	for _, registered := range []bool{false, true} {
		w := newWorld(t, adobeims.Config{RegisteredClaims: registered})
		jwt := w.mustToken(grant(acmeCred, "scope", "openid,AdobeID"))

		var h map[string]any
		hb := decodeSegment(t, jwt, 0, &h)
		assert.Equal(t, map[string]any{"alg": "RS256", "x5u": "ims_na1-key-at-1.cer", "kid": "ims_na1-key-at-1", "itt": "at"}, h)
		assert.Equal(t, []string{"alg", "x5u", "kid", "itt"}, jsonKeys(t, hb))

		var c map[string]any
		cb := decodeSegment(t, jwt, 1, &c)
		keys := []string{"id", "org", "type", "client_id", "user_id", "as", "aa_id", "ctp", "expires_in", "scope", "created_at"}
		if registered {
			keys = append(keys, "iat", "exp")
			assert.Equal(t, float64(t0.Unix()), c["iat"])
			assert.Equal(t, float64(t0.Add(24*3600e9).Unix()), c["exp"])
		}
		assert.Equal(t, keys, jsonKeys(t, cb))
		assert.Regexp(t, `^1740830400000_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}_ue1$`, c["id"])
		assert.Equal(t, acmeOrg, c["org"])
		assert.Equal(t, "access_token", c["type"])
		assert.Equal(t, acmeCred.ClientID, c["client_id"])
		assert.Equal(t, acmeTech, c["user_id"])
		assert.Equal(t, acmeTech, c["aa_id"])
		assert.Equal(t, "ims-na1", c["as"])
		assert.Equal(t, float64(0), c["ctp"])
		assert.Equal(t, "86400000", c["expires_in"], "milliseconds, as a string")
		assert.Equal(t, "1740830400000", c["created_at"], "epoch milliseconds, as a string")
		assert.Equal(t, "openid,AdobeID", c["scope"], "comma-separated")
		assert.NotContains(t, string(cb), acmeCred.Secret)
	}

	w := newWorld(t, adobeims.Config{})
	a, b := w.mustToken(grant(acmeCred)), w.mustToken(grant(acmeCred))
	assert.NotEqual(t, a, b, "two tokens at one frozen instant differ by id")
	assert.False(t, strings.Contains(a, "="), "base64url without padding")
}
