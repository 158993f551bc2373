package zohoaccounts_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/internal/zohodc"
)

// TestServerInfo checks GET /oauth/serverinfo: all ten data centres, each
// at the emulator (reference §1).
func TestServerInfo(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	for _, loc := range []string{"us", "eu"} {
		rec := w.serve(httptest.NewRequest(http.MethodGet, "/oauth/serverinfo", nil), loc)
		require.Equal(t, http.StatusOK, rec.Code)
		assert.Equal(t, "application/json;charset=UTF-8", rec.Header().Get("Content-Type"))
		assert.JSONEq(t, `{"result":"success","locations":{
			"us":"http://127.0.0.1:9595",
			"eu":"http://127.0.0.1:9595/dc/eu",
			"in":"http://127.0.0.1:9595/dc/in",
			"au":"http://127.0.0.1:9595/dc/au",
			"cn":"http://127.0.0.1:9595/dc/cn",
			"jp":"http://127.0.0.1:9595/dc/jp",
			"ca":"http://127.0.0.1:9595/dc/ca",
			"sa":"http://127.0.0.1:9595/dc/sa",
			"uk":"http://127.0.0.1:9595/dc/uk",
			"ae":"http://127.0.0.1:9595/dc/ae"}}`, rec.Body.String())
		var body struct{ Locations map[string]string }
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
		assert.Len(t, body.Locations, len(zohodc.All))
	}
	// Without a landing the Host names the emulator.
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://localhost:8080/oauth/serverinfo", nil))
	assert.Contains(t, rec.Body.String(), `"eu":"http://localhost:8080/dc/eu"`)
}

// TestUserInfo checks GET /oauth/user/info (reference §10).
func TestUserInfo(t *testing.T) {
	const aliceJSON = `{"First_Name":"Alice","Email":"alice@acme.test","Last_Name":"Archer","Display_Name":"Alice Archer","ZUID":700000001}`
	tests := []struct {
		name   string
		header func(tb, noProfile tokenBody) string
		status int
		body   string
	}{
		{"Zoho-oauthtoken", func(tb, _ tokenBody) string { return "Zoho-oauthtoken " + tb.AccessToken }, http.StatusOK, aliceJSON},
		{"scheme in another case", func(tb, _ tokenBody) string { return "zoho-OAuthToken " + tb.AccessToken }, http.StatusOK, aliceJSON},
		{"Bearer", func(tb, _ tokenBody) string { return "Bearer " + tb.AccessToken }, http.StatusOK, aliceJSON},
		{"no header", func(tokenBody, tokenBody) string { return "" }, http.StatusUnauthorized, `{"error":"invalid_oauthtoken"}`},
		{"scheme only", func(tokenBody, tokenBody) string { return "Zoho-oauthtoken " }, http.StatusUnauthorized, `{"error":"invalid_oauthtoken"}`},
		{"Basic", func(tb, _ tokenBody) string { return "Basic " + tb.AccessToken }, http.StatusUnauthorized, `{"error":"invalid_oauthtoken"}`},
		{"unknown token", func(tokenBody, tokenBody) string {
			return "Zoho-oauthtoken 1000.33333333333333333333333333333333.33333333333333333333333333333333"
		}, http.StatusUnauthorized, `{"error":"invalid_oauthtoken"}`},
		{"a refresh token is not an access token", func(tb, _ tokenBody) string { return "Zoho-oauthtoken " + tb.RefreshToken }, http.StatusUnauthorized, `{"error":"invalid_oauthtoken"}`},
		{"token without the profile scope", func(_, np tokenBody) string { return "Zoho-oauthtoken " + np.AccessToken }, http.StatusUnauthorized, `{"error":"INVALID_OAUTHSCOPE"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			tb := w.offline()
			noProfile := success(t, w.token("us", exchangeParams(webClient,
				codeFrom(t, w.authorize("us", authQuery(webClient, redirectURI, crmScopes))), redirectURI)))
			rec := w.userInfo("us", tt.header(tb, noProfile))
			assert.Equal(t, tt.status, rec.Code)
			assert.JSONEq(t, tt.body, rec.Body.String())
			assert.Equal(t, "application/json;charset=UTF-8", rec.Header().Get("Content-Type"))
			if tt.status == http.StatusOK {
				assert.Equal(t, []string{"First_Name", "Email", "Last_Name", "Display_Name", "ZUID"}, jsonKeys(t, rec.Body.Bytes()))
			}
		})
	}
}

// TestUserInfoScopeCase: scope matching ignores case (reference §10).
func TestUserInfoScopeCase(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	b := success(t, w.token("us", exchangeParams(selfClient, w.selfCode("aaaserver.profile.read"), "")))
	assert.True(t, w.alive("us", b.AccessToken))
}
