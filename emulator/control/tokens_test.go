package control

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

const tokens = "/_emulator/zoho/tokens"

// mintTokens generates a self-client code through the control API and
// exchanges it at Zoho Accounts' token endpoint, as a client would.
func mintTokens(t *testing.T, f *fixture) (access, refresh string) {
	t.Helper()
	rec := f.do(t, http.MethodPost, clients+"/"+selfID+"/codes", map[string]any{"user": aliceEmail, "scopes": []string{crmScope}})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	code := result[zohoaccounts.GeneratedCode](t, rec).Code

	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {selfID}, "client_secret": {selfSecret}, "code": {code}}
	req := httptest.NewRequest(http.MethodPost, "/oauth/v2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := httptest.NewRecorder()
	f.accounts.ServeHTTP(res, req)
	require.Equal(t, http.StatusOK, res.Code, res.Body.String())
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	require.NoError(t, json.Unmarshal(res.Body.Bytes(), &tok))
	require.NotEmpty(t, tok.AccessToken, res.Body.String())
	require.NotEmpty(t, tok.RefreshToken, res.Body.String())
	return tok.AccessToken, tok.RefreshToken
}

func TestListTokens(t *testing.T) {
	f := newFixture(t)
	access, refresh := mintTokens(t, f)
	accessID, refreshID := zohoaccounts.Fingerprint(access), zohoaccounts.Fingerprint(refresh)

	tests := []struct {
		query string
		want  expect
		ids   []string
	}{
		{"", conforming, []string{refreshID, accessID}},
		{"?kind=access", conforming, []string{accessID}},
		{"?kind=refresh", conforming, []string{refreshID}},
		{"?client_id=" + selfID, conforming, []string{refreshID, accessID}},
		{"?client_id=" + webID, conforming, []string{}},
		{"?zuid=" + aliceZUID + "&kind=access", conforming, []string{accessID}},
		{"?zuid=" + bobZUID, conforming, []string{}},
		{"?kind=id_token", badRequest, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			rec := f.do(t, http.MethodGet, tokens+tt.query, nil, tt.want)
			if tt.ids == nil {
				requireError(t, rec, http.StatusBadRequest, CodeInvalid)
				return
			}
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			list := result[tokenList](t, rec)
			ids := []string{}
			for _, tok := range list.Tokens {
				ids = append(ids, tok.ID)
				assert.NotContains(t, rec.Body.String(), access, "tokens are never shown whole")
				assert.NotContains(t, rec.Body.String(), refresh, "tokens are never shown whole")
			}
			assert.Equal(t, tt.ids, ids)
		})
	}

	list := result[tokenList](t, f.do(t, http.MethodGet, tokens+"?kind=access", nil)).Tokens
	require.Len(t, list, 1)
	assert.Equal(t, refreshID, list[0].Refresh)
	assert.Equal(t, []string{crmScope}, list[0].Scopes)
	assert.Equal(t, selfID, list[0].ClientID)
	require.NotNil(t, list[0].ExpiresAt)
	assert.Equal(t, list[0].IssuedAt.Add(zohoaccounts.AccessTokenLifetime), *list[0].ExpiresAt)
}

func TestRevokeToken(t *testing.T) {
	tests := []struct {
		name   string
		token  func(access, refresh string) any
		want   expect
		status int
		code   string
		left   int // tokens left
	}{
		{name: "access token", token: func(a, _ string) any { return map[string]string{"token": a} }, status: 200, left: 1},
		{name: "access fingerprint", token: func(a, _ string) any { return map[string]string{"token": zohoaccounts.Fingerprint(a)} }, status: 200, left: 1},
		{name: "refresh token takes its access tokens", token: func(_, r string) any { return map[string]string{"token": r} }, status: 200, left: 0},
		{name: "refresh fingerprint", token: func(_, r string) any { return map[string]string{"token": zohoaccounts.Fingerprint(r)} }, status: 200, left: 0},
		{name: "unknown token", token: func(string, string) any { return map[string]string{"token": "1000.nope"} }, status: 404, code: CodeNotFound, left: 2},
		{name: "unknown fingerprint", token: func(string, string) any { return map[string]string{"token": "sha256:0000000000000000"} }, status: 404, code: CodeNotFound, left: 2},
		{name: "empty token", token: func(string, string) any { return map[string]string{"token": ""} }, want: badRequest, status: 400, code: CodeInvalid, left: 2},
		{name: "no token", token: func(string, string) any { return map[string]string{} }, want: badRequest, status: 400, code: CodeInvalid, left: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			access, refresh := mintTokens(t, f)
			rec := f.do(t, http.MethodPost, tokens+"/revoke", tt.token(access, refresh), tt.want)
			if tt.status == http.StatusOK {
				require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
				assert.JSONEq(t, `{"status":"revoked"}`, rec.Body.String())
			} else {
				e := requireError(t, rec, tt.status, tt.code)
				assert.NotContains(t, e.Message, access, "an error never repeats a token")
			}
			assert.Len(t, f.accounts.Tokens(zohoaccounts.TokenFilter{}), tt.left)
		})
	}
}
