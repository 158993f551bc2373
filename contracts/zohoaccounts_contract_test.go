package contracts_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/openapi"
)

// Real bodies from shared/reference/zoho-accounts-and-crm.md §3-§5.
const (
	zohoCodeExchange = `{"access_token":"1000.90be74d31c1b5313923b413dac9b009d.fea754b862ceb19d31e2617cc54676be","refresh_token":"1000.554cea0ad58509632bb0ae2f9e936fc1.6bb39626fed34274defd2d765c183c73","scope":"ZohoBooks.fullaccess.all","api_domain":"https://www.zohoapis.in","token_type":"Bearer","expires_in":3600}`
	zohoRefresh      = `{"access_token":"1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24","scope":"ZohoCRM.settings.ALL ZohoCRM.modules.ALL","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600}`
	zohoThrottle     = `{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}`
	zohoThrottleCN   = `{"error_description":"您已连续提出过多请求，请稍后再试。","error":"拒绝访问","status":"failure"}`
	zohoRedirect     = "https://www.google.com/?state=testing&code=1000.4ab7d912931ec1a0df1b2d0232efc109.a60a4ce5d0fb75315ab95c186e3e4fe9&location=in&accounts-server=https%3A%2F%2Faccounts.zoho.in&"
)

const (
	formType = "application/x-www-form-urlencoded"
	jsonType = "application/json;charset=UTF-8"
	htmlType = "text/html;charset=UTF-8"
)

var zohoAccountsOperations = []string{"authorize", "signIn", "token", "revokeToken", "serverInfo", "userInfo"}

func TestZohoAccountsContractLoads(t *testing.T) {
	parsed := parseContract(t, openapi.ZohoAccounts, zohoAccountsOperations)

	auth := parsed.Doc.Paths.Value("/oauth/v2/auth")
	require.NotNil(t, auth)
	require.NotNil(t, auth.Post)
	assert.Equal(t, true, auth.Post.Extensions["x-zohoaep-emulator-only"], "signIn is the emulator's own form target")

	// Every operation declares the internal-error answer.
	assertDeclares500(t, parsed)
}

func TestZohoAccountsContractExchanges(t *testing.T) {
	c := loadContract(t, openapi.ZohoAccounts)
	multipartBody, multipartType := multipartForm(t, map[string]string{
		"grant_type": "refresh_token", "client_id": "1000.0SQKHCOMCQOBELBGMDTL9K1904GNIX",
		"client_secret": "883e9bf021e43cb0b4147a2353319f4be8167138e5",
		"refresh_token": "1000.554cea0ad58509632bb0ae2f9e936fc1.6bb39626fed34274defd2d765c183c73",
	})
	authQuery := "/oauth/v2/auth?client_id=1000.0SQKHCOMCQOBELBGMDTL9K1904GNIX&response_type=code" +
		"&redirect_uri=https%3A%2F%2Fwww.google.com%2F&scope=ZohoCRM.modules.ALL,ZohoCRM.settings.ALL"
	tokenQuery := "/oauth/v2/token?grant_type=authorization_code&client_id=1000.0SQKHCOMCQOBELBGMDTL9K1904GNIX" +
		"&client_secret=883e9bf021e43cb0b4147a2353319f4be8167138e5&redirect_uri=https%3A%2F%2Fwww.google.com%2F" +
		"&code=1000.4ab7d912931ec1a0df1b2d0232efc109.a60a4ce5d0fb75315ab95c186e3e4fe9"
	signInForm := "client_id=1000.0SQKHCOMCQOBELBGMDTL9K1904GNIX&response_type=code&redirect_uri=https%3A%2F%2Fwww.google.com%2F" +
		"&scope=ZohoCRM.modules.ALL&state=testing&email=patricia%40zylker.com&password=secret"

	respBody := want{side: contracts.Response, rule: "body"}
	tests := []exchange{
		// POST /oauth/v2/token: parameters in the query, an urlencoded or a multipart body.
		{name: "token: real code exchange, query string, empty form body",
			method: http.MethodPost, target: tokenQuery, reqType: formType,
			status: 200, respType: jsonType, respBody: zohoCodeExchange},
		{name: "token: real refresh, urlencoded body",
			method: http.MethodPost, target: "/oauth/v2/token", reqType: formType,
			reqBody: "grant_type=refresh_token&client_id=1000.0SQKHCOMCQOBELBGMDTL9K1904GNIX&client_secret=x&refresh_token=y",
			status:  200, respType: jsonType, respBody: zohoRefresh,
			respHeader: http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}},
		{name: "token: multipart body",
			method: http.MethodPost, target: "/oauth/v2/token", reqType: multipartType, reqBody: multipartBody,
			status: 200, respType: jsonType, respBody: zohoRefresh},
		{name: "token: unknown grant type is Zoho's error, not a request violation",
			method: http.MethodPost, target: "/oauth/v2/token?grant_type=password", reqType: formType,
			status: 200, respType: jsonType, respBody: `{"error":"unsupported_grant_type"}`},
		{name: "token: JSON request body is not a form",
			method: http.MethodPost, target: "/oauth/v2/token", reqType: "application/json", reqBody: `{"grant_type":"refresh_token"}`,
			status: 200, respType: jsonType, respBody: `{"error":"unsupported_grant_type"}`,
			want: want{side: contracts.Request, rule: "body"}},
		{name: "token: success with a non-Zoho token shape",
			method: http.MethodPost, target: tokenQuery, status: 200, respType: jsonType,
			respBody: `{"access_token":"ya29.a0AfH6SMBx3k","scope":"ZohoCRM.modules.ALL","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600}`,
			want:     respBody},
		{name: "token: success with uppercase hex",
			method: http.MethodPost, target: tokenQuery, status: 200, respType: jsonType,
			respBody: `{"access_token":"1000.2DEAF8D0C268E3C85DAA2A013A843B10.703ADEF2BB337B8CA36CFC5D7B83CF24","scope":"ZohoCRM.modules.ALL","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600}`,
			want:     respBody},
		{name: "token: legacy expires_in_sec form",
			method: http.MethodPost, target: tokenQuery, status: 200, respType: jsonType,
			respBody: `{"access_token":"1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24","expires_in_sec":3600,"api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600000}`,
			want:     respBody},
		{name: "token: success without api_domain",
			method: http.MethodPost, target: tokenQuery, status: 200, respType: jsonType,
			respBody: `{"access_token":"1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24","scope":"x","token_type":"Bearer","expires_in":3600}`,
			want:     respBody},
		{name: "token: Zoho's errors come with 200",
			method: http.MethodPost, target: tokenQuery, status: 200, respType: jsonType, respBody: `{"error":"invalid_code"}`},
		{name: "token: an error code Zoho does not send",
			method: http.MethodPost, target: tokenQuery, status: 200, respType: jsonType, respBody: `{"error":"invalid_grant"}`,
			want: respBody},
		{name: "token: an error with an RFC 6749 description",
			method: http.MethodPost, target: tokenQuery, status: 200, respType: jsonType,
			respBody: `{"error":"invalid_code","error_description":"expired"}`,
			want:     respBody},
		{name: "token: throttle with 400",
			method: http.MethodPost, target: tokenQuery, status: 400, respType: jsonType, respBody: zohoThrottle},
		{name: "token: throttle with 200 (the 2020 behaviour)",
			method: http.MethodPost, target: tokenQuery, status: 200, respType: jsonType, respBody: zohoThrottle},
		{name: "token: throttle localized by the CN data centre",
			method: http.MethodPost, target: tokenQuery, status: 400, respType: jsonType, respBody: zohoThrottleCN},
		{name: "token: throttle without status",
			method: http.MethodPost, target: tokenQuery, status: 400, respType: jsonType,
			respBody: `{"error_description":"Token creation throttle limit reached.","error":"Access Denied"}`,
			want:     respBody},
		{name: "token: a token error with 400",
			method: http.MethodPost, target: tokenQuery, status: 400, respType: jsonType, respBody: `{"error":"invalid_client"}`,
			want: respBody},
		{name: "token: body too large",
			method: http.MethodPost, target: "/oauth/v2/token", status: 413, respType: jsonType, respBody: `{"error":"invalid_request"}`},
		{name: "token: internal error",
			method: http.MethodPost, target: tokenQuery, status: 500, respType: jsonType, respBody: `{"error":"internal_error"}`},
		{name: "token: undeclared status",
			method: http.MethodPost, target: tokenQuery, status: http.StatusTeapot, respType: jsonType, respBody: `{"error":"invalid_code"}`,
			want: want{side: contracts.Response, rule: "status"}},
		{name: "token: HTML instead of JSON",
			method: http.MethodPost, target: tokenQuery, status: 200, respType: htmlType, respBody: "<html></html>",
			want: respBody},

		// GET /oauth/v2/auth and the emulator's form.
		{name: "authorize: real success redirect",
			method: http.MethodGet, target: authQuery + "&state=testing&access_type=offline",
			status: 302, respHeader: http.Header{"Location": {zohoRedirect}}},
		{name: "authorize: redirect after an existing query and before a fragment",
			method: http.MethodGet, target: authQuery, status: 302,
			respHeader: http.Header{"Location": {"https://app.example.com/cb?tenant=7&code=1000.4ab7d912931ec1a0df1b2d0232efc109.a60a4ce5d0fb75315ab95c186e3e4fe9&location=us&accounts-server=http%3A%2F%2F127.0.0.1%3A9595&#top"}}},
		{name: "authorize: error redirect",
			method: http.MethodGet, target: authQuery + "&state=testing", status: 302,
			respHeader: http.Header{"Location": {"https://www.google.com/?state=testing&error=access_denied&"}}},
		{name: "authorize: redirect without Location",
			method: http.MethodGet, target: authQuery, status: 302,
			want: want{side: contracts.Response, rule: "body"}},
		{name: "authorize: redirect with a non-Zoho code",
			method: http.MethodGet, target: authQuery, status: 302,
			respHeader: http.Header{"Location": {"https://www.google.com/?code=abc123&location=us&accounts-server=https%3A%2F%2Faccounts.zoho.com&"}},
			want:       want{side: contracts.Response, rule: "body"}},
		{name: "authorize: sign-in page",
			method: http.MethodGet, target: authQuery, status: 200, respType: htmlType,
			respBody: "<!DOCTYPE html><html><body><form method=\"post\" action=\"auth\"></form></body></html>"},
		{name: "authorize: error page",
			method: http.MethodGet, target: authQuery, status: 400, respType: htmlType, respBody: "<!DOCTYPE html><h1>invalid_client</h1>"},
		{name: "authorize: IP denied page",
			method: http.MethodGet, target: authQuery, status: 403, respType: htmlType, respBody: "<!DOCTYPE html><h1>access_denied</h1>"},
		{name: "authorize: JSON where a page is due",
			method: http.MethodGet, target: authQuery, status: 400, respType: jsonType, respBody: `{"error":"invalid_client"}`,
			want: respBody},
		{name: "authorize: access_type outside Zoho's two values",
			method: http.MethodGet, target: authQuery + "&access_type=forever",
			status: 302, respHeader: http.Header{"Location": {"https://www.google.com/?error=invalid_request&"}},
			want: want{side: contracts.Request, rule: "parameter", where: "query.access_type"}},
		{name: "authorize: unknown PKCE method",
			method: http.MethodGet, target: authQuery + "&code_challenge=abc&code_challenge_method=S512",
			status: 302, respHeader: http.Header{"Location": {"https://www.google.com/?error=invalid_request&"}},
			want: want{side: contracts.Request, rule: "parameter", where: "query.code_challenge_method"}},
		{name: "authorize: missing client_id",
			method: http.MethodGet, target: "/oauth/v2/auth?response_type=code&redirect_uri=x&scope=y",
			status: 400, respType: htmlType, respBody: "<h1>invalid_client</h1>",
			want: want{side: contracts.Request, rule: "parameter", where: "query.client_id"}},
		{name: "signIn: accept",
			method: http.MethodPost, target: "/oauth/v2/auth", reqType: formType, reqBody: signInForm + "&action=accept",
			status: 302, respHeader: http.Header{"Location": {zohoRedirect}}},
		{name: "signIn: unknown action",
			method: http.MethodPost, target: "/oauth/v2/auth", reqType: formType, reqBody: signInForm + "&action=maybe",
			status: 200, respType: htmlType, respBody: "<html></html>",
			want: want{side: contracts.Request, rule: "body"}},
		{name: "signIn: too large",
			method: http.MethodPost, target: "/oauth/v2/auth", reqType: formType, reqBody: signInForm,
			status: 413, respType: htmlType, respBody: "<html></html>"},

		// Revoke, server info, user info.
		{name: "revoke: success",
			method: http.MethodPost, target: "/oauth/v2/token/revoke?token=1000.554cea0ad58509632bb0ae2f9e936fc1.6bb39626fed34274defd2d765c183c73",
			status: 200, respType: jsonType, respBody: `{"status":"success"}`},
		{name: "revoke: token in a form body, invalid",
			method: http.MethodPost, target: "/oauth/v2/token/revoke", reqType: formType, reqBody: "token=nope",
			status: 400, respType: jsonType, respBody: `{"error":"invalid_token"}`},
		{name: "revoke: a token-endpoint error",
			method: http.MethodPost, target: "/oauth/v2/token/revoke?token=nope",
			status: 400, respType: jsonType, respBody: `{"error":"invalid_code"}`,
			want: respBody},
		{name: "serverinfo",
			method: http.MethodGet, target: "/oauth/serverinfo", status: 200, respType: jsonType,
			respBody: `{"result":"success","locations":{"us":"https://accounts.zoho.com","eu":"https://accounts.zoho.eu","ca":"https://accounts.zohocloud.ca"}}`},
		{name: "serverinfo: a location that is not a URL",
			method: http.MethodGet, target: "/oauth/serverinfo", status: 200, respType: jsonType,
			respBody: `{"result":"success","locations":{"us":"accounts.zoho.com"}}`,
			want:     respBody},
		{name: "userinfo",
			method: http.MethodGet, target: "/oauth/user/info",
			reqHeader: http.Header{"Authorization": {"Zoho-oauthtoken 1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24"}},
			status:    200, respType: jsonType,
			respBody: `{"First_Name":"Patricia","Email":"patricia.boyle@zylker.com","Last_Name":"Boyle","Display_Name":"Patricia Boyle","ZUID":"808233918"}`},
		{name: "userinfo: numeric ZUID and more keys",
			method: http.MethodGet, target: "/oauth/user/info", status: 200, respType: jsonType,
			respBody: `{"First_Name":"Patricia","Email":"patricia.boyle@zylker.com","Last_Name":"Boyle","Display_Name":"Patricia Boyle","ZUID":808233918,"ZSUID":1}`},
		{name: "userinfo: missing Email",
			method: http.MethodGet, target: "/oauth/user/info", status: 200, respType: jsonType,
			respBody: `{"First_Name":"Patricia","Last_Name":"Boyle","Display_Name":"Patricia Boyle","ZUID":"808233918"}`,
			want:     respBody},
		{name: "userinfo: no token",
			method: http.MethodGet, target: "/oauth/user/info", status: 401, respType: jsonType, respBody: `{"error":"invalid_oauthtoken"}`},
		{name: "userinfo: scope missing",
			method: http.MethodGet, target: "/oauth/user/info", status: 401, respType: jsonType, respBody: `{"error":"INVALID_OAUTHSCOPE"}`},
		{name: "userinfo: CRM's envelope is not Accounts'",
			method: http.MethodGet, target: "/oauth/user/info", status: 401, respType: jsonType,
			respBody: `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}`,
			want:     respBody},
		{name: "userinfo: IP denied",
			method: http.MethodGet, target: "/oauth/user/info", status: 400, respType: jsonType,
			respBody: `{"error_description":"Access denied from this IP address.","error":"Access Denied","status":"failure"}`},

		// Not an operation.
		{name: "unknown path",
			method: http.MethodGet, target: "/oauth/v2/userinfo", status: 404,
			want: want{side: contracts.Request, rule: "route"}},
		{name: "unknown method",
			method: http.MethodDelete, target: "/oauth/v2/token", status: 405,
			want: want{side: contracts.Request, rule: "route"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertVerdict(t, judgeExchange(t, c, tt), tt.want)
		})
	}
}

// TestZohoAccountsServiceHonoursContract drives the emulator's Zoho
// Accounts through a whole authorization-code flow and checks every
// exchange against the contract: a mismatch here is a service bug or a
// contract bug.
func TestZohoAccountsServiceHonoursContract(t *testing.T) {
	c := loadContract(t, openapi.ZohoAccounts)
	svc := zohoaccounts.New(zohoaccounts.Config{}, nil)
	org, err := svc.CreateOrg(zohoaccounts.Org{Name: "Zylker"})
	require.NoError(t, err)
	_, err = svc.CreateUser(zohoaccounts.User{OrgID: org.ID, Email: "patricia.boyle@zylker.com", Password: "s3cret",
		FirstName: "Patricia", LastName: "Boyle"})
	require.NoError(t, err)
	const callback = "https://app.example.com/callback"
	client, err := svc.RegisterClient(zohoaccounts.Client{OrgID: org.ID, Name: "Connector", RedirectURIs: []string{callback}})
	require.NoError(t, err)

	// serve sends one request through the contract and the service.
	serve := func(t *testing.T, method, target, contentType, body string, header http.Header) *httptest.ResponseRecorder {
		t.Helper()
		rec, v := roundTrip(c, svc, newRequest(method, target, contentType, body, header))
		assert.True(t, v.OK(), "%s %s -> %d: %s\n%s", method, target, rec.Code, v.Summary(), rec.Body.String())
		return rec
	}
	form := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v.Encode()
	}

	authz := form("client_id", client.ID, "response_type", "code", "redirect_uri", callback,
		"scope", "ZohoCRM.modules.ALL,AaaServer.profile.READ", "access_type", "offline", "state", "s-1")

	rec := serve(t, http.MethodGet, "/oauth/v2/auth?"+authz, "", "", nil)
	require.Equal(t, http.StatusOK, rec.Code, "the sign-in page")

	rec = serve(t, http.MethodPost, "/oauth/v2/auth", formType, authz+"&"+form("email", "patricia.boyle@zylker.com", "password", "wrong", "action", "accept"), nil)
	assert.Equal(t, http.StatusOK, rec.Code, "the page again, with a problem")

	rec = serve(t, http.MethodPost, "/oauth/v2/auth", formType, authz+"&"+form("action", "reject"), nil)
	require.Equal(t, http.StatusFound, rec.Code)
	assert.Contains(t, rec.Header().Get("Location"), "error=access_denied")

	rec = serve(t, http.MethodPost, "/oauth/v2/auth", formType, authz+"&"+form("email", "patricia.boyle@zylker.com", "password", "s3cret", "action", "accept"), nil)
	require.Equal(t, http.StatusFound, rec.Code)
	loc, err := url.Parse(rec.Header().Get("Location"))
	require.NoError(t, err)
	code := loc.Query().Get("code")
	require.NotEmpty(t, code)

	// Error pages and redirects of the authorization request.
	rec = serve(t, http.MethodGet, "/oauth/v2/auth?"+form("client_id", "1000.UNKNOWN", "response_type", "code",
		"redirect_uri", callback, "scope", "ZohoCRM.modules.ALL"), "", "", nil)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	rec = serve(t, http.MethodGet, "/oauth/v2/auth?"+form("client_id", client.ID, "response_type", "code",
		"redirect_uri", callback, "scope", "not a scope!"), "", "", nil)
	assert.Equal(t, http.StatusFound, rec.Code)

	// Token endpoint: the code, in an urlencoded body.
	rec = serve(t, http.MethodPost, "/oauth/v2/token", formType, form("grant_type", "authorization_code", "client_id", client.ID,
		"client_secret", client.Secret, "redirect_uri", callback, "code", code), nil)
	require.Equal(t, http.StatusOK, rec.Code)
	var grant struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &grant))
	require.NotEmpty(t, grant.RefreshToken, "offline access on first consent")

	// The same code again: Zoho's invalid_code with 200.
	rec = serve(t, http.MethodPost, "/oauth/v2/token", formType, form("grant_type", "authorization_code", "client_id", client.ID,
		"client_secret", client.Secret, "redirect_uri", callback, "code", code), nil)
	assert.JSONEq(t, `{"error":"invalid_code"}`, rec.Body.String())

	// Wrong secret, unknown grant type, client_credentials for a server-based client.
	serve(t, http.MethodPost, "/oauth/v2/token?"+form("grant_type", "refresh_token", "client_id", client.ID,
		"client_secret", "nope", "refresh_token", grant.RefreshToken), formType, "", nil)
	serve(t, http.MethodPost, "/oauth/v2/token?grant_type=password", "", "", nil)
	serve(t, http.MethodPost, "/oauth/v2/token?"+form("grant_type", "client_credentials", "client_id", client.ID,
		"client_secret", client.Secret, "scope", "ZohoCRM.modules.ALL", "soid", "ZohoCRM."+org.ID), "", "", nil)

	// Refresh in a multipart body.
	mp, mpType := multipartForm(t, map[string]string{"grant_type": "refresh_token", "client_id": client.ID,
		"client_secret": client.Secret, "refresh_token": grant.RefreshToken})
	rec = serve(t, http.MethodPost, "/oauth/v2/token", mpType, mp, nil)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.NotContains(t, rec.Body.String(), "refresh_token")

	// User info, server info.
	rec = serve(t, http.MethodGet, "/oauth/user/info", "", "", http.Header{"Authorization": {"Zoho-oauthtoken " + grant.AccessToken}})
	assert.Equal(t, http.StatusOK, rec.Code)
	rec = serve(t, http.MethodGet, "/oauth/user/info", "", "", nil)
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	rec = serve(t, http.MethodGet, "/oauth/serverinfo", "", "", nil)
	assert.Equal(t, http.StatusOK, rec.Code)

	// Refresh until the throttle answers (10 access tokens per refresh token per 10 minutes).
	throttled := false
	for i := 0; i < 20 && !throttled; i++ {
		rec = serve(t, http.MethodPost, "/oauth/v2/token?"+form("grant_type", "refresh_token", "client_id", client.ID,
			"client_secret", client.Secret, "refresh_token", grant.RefreshToken), "", "", nil)
		throttled = rec.Code == http.StatusBadRequest
	}
	assert.True(t, throttled, "the throttle answers within 20 refreshes")

	// A body past the emulator's limit.
	rec = serve(t, http.MethodPost, "/oauth/v2/token", formType, "grant_type=refresh_token&pad="+strings.Repeat("a", 70<<10), nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)

	// The org's IP allow list shuts the caller out: the synthetic
	// rejection is throttle-shaped JSON on the APIs and a page in the browser.
	org.AllowedIPs = []string{"10.0.0.0/8"}
	_, err = svc.UpdateOrg(org)
	require.NoError(t, err)
	rec = serve(t, http.MethodGet, "/oauth/user/info", "", "", http.Header{"Authorization": {"Zoho-oauthtoken " + grant.AccessToken}})
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	rec = serve(t, http.MethodPost, "/oauth/v2/auth", formType, authz+"&"+form("email", "patricia.boyle@zylker.com", "password", "s3cret", "action", "accept"), nil)
	assert.Equal(t, http.StatusForbidden, rec.Code)
	org.AllowedIPs = nil
	_, err = svc.UpdateOrg(org)
	require.NoError(t, err)

	// Revoke, then revoke again.
	rec = serve(t, http.MethodPost, "/oauth/v2/token/revoke?token="+grant.RefreshToken, "", "", nil)
	assert.Equal(t, http.StatusOK, rec.Code)
	rec = serve(t, http.MethodPost, "/oauth/v2/token/revoke", formType, form("token", grant.RefreshToken), nil)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
}
