package zohoaccounts_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// The fixture world: two orgs (US and EU), a user in each, and clients of
// every kind the tests need. Every identifier is fixed, so two worlds built
// from the same seed export the same state.
const (
	base        = "http://127.0.0.1:9595"
	redirectURI = "https://app.example/callback"
	redirectQ   = "https://app.example/cb2?tenant=7" // a registered URI with a query
	spaRedirect = "https://spa.example/cb"
	crmScopes   = "ZohoCRM.modules.ALL,ZohoCRM.settings.ALL"
	crmGranted  = "ZohoCRM.modules.ALL ZohoCRM.settings.ALL"
	profile     = "AaaServer.profile.READ"

	usOrgID = "100000000000000001"
	euOrgID = "200000000000000002"
)

var (
	t0      = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	srcIP   = netip.MustParseAddr("203.0.113.5")
	otherIP = netip.MustParseAddr("198.51.100.77")
	tokenRE = regexp.MustCompile(`^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$`)

	// Zoho's key orders (reference §3, §4, §9).
	keysWithRefresh = []string{"access_token", "refresh_token", "scope", "api_domain", "token_type", "expires_in"}
	keysNoRefresh   = []string{"access_token", "scope", "api_domain", "token_type", "expires_in"}
)

// clientID makes a fixed client id of Zoho's shape from a name.
func clientID(name string) string {
	return "1000." + (strings.ToUpper(name) + strings.Repeat("0", 30))[:30]
}

func secret(c byte) string { return strings.Repeat(string(c), 42) }

var (
	alice = zohoaccounts.User{ZUID: "700000001", Email: "alice@acme.test", Password: "alice-pw", FirstName: "Alice", LastName: "Archer"}
	bob   = zohoaccounts.User{ZUID: "700000002", Email: "bob@acme.eu", Password: "bob-pw", FirstName: "Bob", LastName: "Berger"}
	carol = zohoaccounts.User{ZUID: "700000003", Email: "carol@acme.test", Password: "carol-pw", FirstName: "Carol", LastName: "Chen"}

	webClient = zohoaccounts.Client{ID: clientID("web"), Secret: secret('a'), Name: "Acme Connector",
		Type: zohoaccounts.ServerBased, DCs: []string{"us", "eu"}, RedirectURIs: []string{redirectURI, redirectQ}}
	usOnlyClient = zohoaccounts.Client{ID: clientID("usonly"), Secret: secret('b'), Name: "US Only App",
		Type: zohoaccounts.ServerBased, RedirectURIs: []string{redirectURI}}
	spaClient = zohoaccounts.Client{ID: clientID("spa"), Secret: secret('c'), Name: "Acme SPA",
		Type: zohoaccounts.JavaScript, RedirectURIs: []string{spaRedirect}}
	selfClient = zohoaccounts.Client{ID: clientID("self"), Secret: secret('d'), Name: "Self Client",
		Type: zohoaccounts.SelfClient}
	selfEUClient = zohoaccounts.Client{ID: clientID("selfeu"), Secret: secret('e'), Name: "EU Self Client",
		Type: zohoaccounts.SelfClient}
)

// seed is the fixture's state: alice and carol in the US org with every
// US client, bob in the EU org with its self client. The consent mode is
// "approve as alice" so authorization requests answer at once; tests of the
// sign-in page switch it to interactive.
func seed() zohoaccounts.State {
	return zohoaccounts.State{Consent: &zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: alice.Email}, Orgs: []zohoaccounts.OrgState{
		{
			Org:     zohoaccounts.Org{ID: usOrgID, Name: "Acme US", DC: "us", TimeZone: "America/New_York"},
			Users:   []zohoaccounts.User{alice, carol},
			Clients: []zohoaccounts.Client{webClient, usOnlyClient, spaClient, selfClient},
		},
		{
			Org:     zohoaccounts.Org{ID: euOrgID, Name: "Acme EU", DC: "eu", TimeZone: "Europe/Berlin"},
			Users:   []zohoaccounts.User{bob},
			Clients: []zohoaccounts.Client{selfEUClient},
		},
	}}
}

type world struct {
	t   *testing.T
	clk *clock.Clock
	s   *zohoaccounts.Service
}

// newWorld seeds a service on a clock frozen at t0.
func newWorld(t *testing.T, cfg zohoaccounts.Config) *world {
	t.Helper()
	clk := clock.New(func() time.Time { return t0 })
	clk.Freeze()
	s := zohoaccounts.New(cfg, clk.Now)
	require.NoError(t, s.Seed(seed()))
	return &world{t: t, clk: clk, s: s}
}

// serve sends r as landed in location loc from srcIP.
func (w *world) serve(r *http.Request, loc string) *httptest.ResponseRecorder {
	return w.serveFrom(r, loc, srcIP)
}

func (w *world) serveFrom(r *http.Request, loc string, src netip.Addr) *httptest.ResponseRecorder {
	r = httpx.WithLanding(r, httpx.Landing{Base: base, Location: loc, Source: src})
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, r)
	return rec
}

func postForm(path string, v url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
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

func (w *world) token(loc string, v url.Values) *httptest.ResponseRecorder {
	return w.serve(postForm("/oauth/v2/token", v), loc)
}

func (w *world) tokenFrom(loc string, src netip.Addr, v url.Values) *httptest.ResponseRecorder {
	return w.serveFrom(postForm("/oauth/v2/token", v), loc, src)
}

// tokenBody is a token endpoint answer, success or error.
type tokenBody struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
	APIDomain    string `json:"api_domain"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	Error        string `json:"error"`
}

// success checks a token endpoint success: status, headers, key order,
// token shapes and the constant fields.
func success(t *testing.T, rec *httptest.ResponseRecorder) tokenBody {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var b tokenBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &b))
	require.Empty(t, b.Error, rec.Body.String())
	assert.Equal(t, "application/json;charset=UTF-8", rec.Header().Get("Content-Type"))
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	want := keysNoRefresh
	if b.RefreshToken != "" {
		want = keysWithRefresh
		assert.Regexp(t, tokenRE, b.RefreshToken)
	}
	assert.Equal(t, want, jsonKeys(t, rec.Body.Bytes()), "Zoho's key order")
	assert.Regexp(t, tokenRE, b.AccessToken)
	assert.Equal(t, "Bearer", b.TokenType)
	assert.Equal(t, 3600, b.ExpiresIn)
	return b
}

func (w *world) mustToken(loc string, v url.Values) tokenBody {
	w.t.Helper()
	return success(w.t, w.token(loc, v))
}

// zohoError checks an {"error": code} body with its status.
func zohoError(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	assert.Equal(t, status, rec.Code, rec.Body.String())
	assert.JSONEq(t, `{"error":`+quote(code)+`}`, rec.Body.String())
	assert.Equal(t, "application/json;charset=UTF-8", rec.Header().Get("Content-Type"))
}

const throttleJSON = `{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}`
const ipDeniedJSON = `{"error_description":"Access denied from this IP address.","error":"Access Denied","status":"failure"}`

// accessDenied checks a throttle-shaped body, in Zoho's exact key order.
func accessDenied(t *testing.T, rec *httptest.ResponseRecorder, status int, want string) {
	t.Helper()
	assert.Equal(t, status, rec.Code)
	assert.JSONEq(t, want, rec.Body.String())
	assert.Equal(t, []string{"error_description", "error", "status"}, jsonKeys(t, rec.Body.Bytes()))
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// jsonKeys returns the top-level keys of a JSON object in document order.
func jsonKeys(t *testing.T, body []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
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

// authQuery is an authorization request for c; kv adds or overrides.
func authQuery(c zohoaccounts.Client, redirect, scope string, kv ...string) url.Values {
	q := vals("client_id", c.ID, "response_type", "code", "redirect_uri", redirect, "scope", scope)
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return q
}

func (w *world) authorize(loc string, q url.Values) *httptest.ResponseRecorder {
	return w.serve(httptest.NewRequest(http.MethodGet, "/oauth/v2/auth?"+q.Encode(), nil), loc)
}

// redirected checks a 302 and returns its Location parsed.
func redirected(t *testing.T, rec *httptest.ResponseRecorder) *url.URL {
	t.Helper()
	require.Equal(t, http.StatusFound, rec.Code, rec.Body.String())
	loc := rec.Header().Get("Location")
	require.NotEmpty(t, loc)
	u, err := url.Parse(loc)
	require.NoError(t, err)
	return u
}

// codeFrom returns the code of a successful authorization redirect.
func codeFrom(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	u := redirected(t, rec)
	q := u.Query()
	require.Empty(t, q.Get("error"), u.String())
	require.Regexp(t, tokenRE, q.Get("code"))
	return q.Get("code")
}

// code runs an approved authorization request for the web client at us.
func (w *world) code(kv ...string) string {
	w.t.Helper()
	return codeFrom(w.t, w.authorize("us", authQuery(webClient, redirectURI, crmScopes+","+profile, kv...)))
}

func exchangeParams(c zohoaccounts.Client, code, redirect string) url.Values {
	v := vals("grant_type", "authorization_code", "client_id", c.ID, "client_secret", c.Secret, "code", code)
	if redirect != "" {
		v.Set("redirect_uri", redirect)
	}
	return v
}

func refreshParams(c zohoaccounts.Client, rt string) url.Values {
	return vals("grant_type", "refresh_token", "client_id", c.ID, "client_secret", c.Secret, "refresh_token", rt)
}

// offline returns tokens of alice for the web client with a refresh token.
func (w *world) offline(kv ...string) tokenBody {
	w.t.Helper()
	code := w.code(append([]string{"access_type", "offline", "prompt", "consent"}, kv...)...)
	b := w.mustToken("us", exchangeParams(webClient, code, redirectURI))
	require.NotEmpty(w.t, b.RefreshToken)
	return b
}

// selfCode generates a self-client code for alice.
func (w *world) selfCode(scopes ...string) string {
	w.t.Helper()
	if len(scopes) == 0 {
		scopes = []string{"ZohoCRM.modules.ALL", profile}
	}
	g, err := w.s.GenerateCode(zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes})
	require.NoError(w.t, err)
	return g.Code
}

// selfTokens exchanges a fresh self-client code: always with a refresh token.
func (w *world) selfTokens() tokenBody {
	w.t.Helper()
	b := w.mustToken("us", exchangeParams(selfClient, w.selfCode(), ""))
	require.NotEmpty(w.t, b.RefreshToken)
	return b
}

func (w *world) userInfo(loc, header string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "/oauth/user/info", nil)
	if header != "" {
		r.Header.Set("Authorization", header)
	}
	return w.serve(r, loc)
}

// alive reports whether an access token still opens /oauth/user/info.
func (w *world) alive(loc, at string) bool {
	return w.userInfo(loc, "Zoho-oauthtoken "+at).Code == http.StatusOK
}

func (w *world) revoke(loc, token string) *httptest.ResponseRecorder {
	return w.serve(httptest.NewRequest(http.MethodPost, "/oauth/v2/token/revoke?token="+url.QueryEscape(token), nil), loc)
}
