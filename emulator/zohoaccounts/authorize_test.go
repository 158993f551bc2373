package zohoaccounts_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// errorPageCheck checks an HTML error page shown instead of a redirect.
func errorPageCheck(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	assert.Equal(t, status, rec.Code)
	assert.Empty(t, rec.Header().Get("Location"), "no redirect to an untrusted URI")
	assert.Equal(t, "text/html;charset=UTF-8", rec.Header().Get("Content-Type"))
	assert.Contains(t, rec.Body.String(), `<h1 id="error-code">`+code+`</h1>`)
	assert.NotContains(t, rec.Body.String(), "<form")
}

// TestAuthorizeErrorPages checks the requests answered with a page, not a
// redirect: the redirect URI cannot be trusted yet (reference §2).
func TestAuthorizeErrorPages(t *testing.T) {
	tests := []struct {
		name string
		loc  string
		q    url.Values
		code string
	}{
		{"unknown client", "us", authQuery(zohoaccounts.Client{ID: clientID("ghost")}, redirectURI, crmScopes), zohoaccounts.ErrInvalidClient},
		{"no client", "us", vals("response_type", "code", "redirect_uri", redirectURI, "scope", crmScopes), zohoaccounts.ErrInvalidClient},
		{"client not enabled in this DC", "eu", authQuery(usOnlyClient, redirectURI, crmScopes), zohoaccounts.ErrInvalidClient},
		{"redirect_uri not registered", "us", authQuery(webClient, "https://evil.example/callback", crmScopes), zohoaccounts.ErrInvalidRedirectURI},
		{"redirect_uri differs by a slash", "us", authQuery(webClient, redirectURI+"/", crmScopes), zohoaccounts.ErrInvalidRedirectURI},
		{"redirect_uri differs in case", "us", authQuery(webClient, strings.ToUpper(redirectURI), crmScopes), zohoaccounts.ErrInvalidRedirectURI},
		{"no redirect_uri", "us", vals("client_id", webClient.ID, "response_type", "code", "scope", crmScopes), zohoaccounts.ErrInvalidRedirectURI},
		{"bad redirect_uri and bad response_type", "us", authQuery(webClient, "https://evil.example/", crmScopes, "response_type", "token"), zohoaccounts.ErrInvalidRedirectURI},
		{"self client", "us", authQuery(selfClient, redirectURI, crmScopes), "unauthorized_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			before := w.s.Export()
			errorPageCheck(t, w.authorize(tt.loc, tt.q), http.StatusBadRequest, tt.code)
			assert.Equal(t, before, w.s.Export())
		})
	}
}

// TestAuthorizeErrorRedirects checks errors sent back to a trusted
// redirect URI: "?[state=..&]error=..&" (reference §2).
func TestAuthorizeErrorRedirects(t *testing.T) {
	tests := []struct {
		name     string
		consent  zohoaccounts.ConsentMode
		client   zohoaccounts.Client
		redirect string
		kv       []string
		want     string // the exact Location
	}{
		{"response_type token", zohoaccounts.ConsentApprove, webClient, redirectURI, []string{"response_type", "token", "state", "s1"},
			redirectURI + "?state=s1&error=unsupported_response_type&"},
		{"no response_type", zohoaccounts.ConsentApprove, webClient, redirectURI, []string{"response_type", ""},
			redirectURI + "?error=unsupported_response_type&"},
		{"invalid scope", zohoaccounts.ConsentApprove, webClient, redirectURI, []string{"scope", "ZohoCRM modules", "state", "s2"},
			redirectURI + "?state=s2&error=invalid_scope&"},
		{"no scope", zohoaccounts.ConsentApprove, webClient, redirectURI, []string{"scope", ""},
			redirectURI + "?error=invalid_scope&"},
		{"bad access_type", zohoaccounts.ConsentApprove, webClient, redirectURI, []string{"access_type", "forever"},
			redirectURI + "?error=invalid_request&"},
		{"consent mode deny, with state", zohoaccounts.ConsentDeny, webClient, redirectURI, []string{"state", "xyz"},
			redirectURI + "?state=xyz&error=access_denied&"},
		{"consent mode deny, without state", zohoaccounts.ConsentDeny, webClient, redirectURI, nil,
			redirectURI + "?error=access_denied&"},
		{"deny to a URI with a query", zohoaccounts.ConsentDeny, webClient, redirectQ, []string{"state", "a b&c"},
			redirectQ + "&state=a+b%26c&error=access_denied&"},
		{"PKCE missing for a javascript client", zohoaccounts.ConsentApprove, spaClient, spaRedirect, []string{"state", "p"},
			spaRedirect + "?state=p&error=invalid_request&"},
		{"PKCE method unknown", zohoaccounts.ConsentApprove, webClient, redirectURI, []string{"code_challenge", "abc", "code_challenge_method", "S512"},
			redirectURI + "?error=invalid_request&"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			require.NoError(t, w.s.SetConsent(zohoaccounts.Consent{Mode: tt.consent, User: alice.Email}))
			before := w.s.Export()
			rec := w.authorize("us", authQuery(tt.client, tt.redirect, crmScopes, tt.kv...))
			require.Equal(t, http.StatusFound, rec.Code)
			assert.Equal(t, tt.want, rec.Header().Get("Location"))
			assert.Equal(t, before, w.s.Export(), "no code, no consent recorded")
		})
	}
}

// TestAuthorizeApprove checks the exact success redirect (reference §2):
// state first, then code, location and accounts-server, and a trailing &.
func TestAuthorizeApprove(t *testing.T) {
	tests := []struct {
		name     string
		redirect string
		kv       []string
		pattern  string
	}{
		{"with state", redirectURI, []string{"state", "s-1"},
			`^https://app\.example/callback\?state=s-1&code=(1000\.[0-9a-f]{32}\.[0-9a-f]{32})&location=us&accounts-server=http%3A%2F%2F127\.0\.0\.1%3A9595&$`},
		{"without state", redirectURI, nil,
			`^https://app\.example/callback\?code=(1000\.[0-9a-f]{32}\.[0-9a-f]{32})&location=us&accounts-server=http%3A%2F%2F127\.0\.0\.1%3A9595&$`},
		{"state is query-escaped", redirectURI, []string{"state", "a b/c?d=e&f"},
			`^https://app\.example/callback\?state=a\+b%2Fc%3Fd%3De%26f&code=(1000\.[0-9a-f]{32}\.[0-9a-f]{32})&location=us&accounts-server=http%3A%2F%2F127\.0\.0\.1%3A9595&$`},
		{"a redirect URI with a query keeps it", redirectQ, []string{"state", "q"},
			`^https://app\.example/cb2\?tenant=7&state=q&code=(1000\.[0-9a-f]{32}\.[0-9a-f]{32})&location=us&accounts-server=http%3A%2F%2F127\.0\.0\.1%3A9595&$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			rec := w.authorize("us", authQuery(webClient, tt.redirect, crmScopes, tt.kv...))
			require.Equal(t, http.StatusFound, rec.Code)
			assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
			m := regexp.MustCompile(tt.pattern).FindStringSubmatch(rec.Header().Get("Location"))
			require.NotNil(t, m, rec.Header().Get("Location"))
			b := success(t, w.token("us", exchangeParams(webClient, m[1], tt.redirect)))
			assert.Equal(t, crmGranted, b.Scope)
		})
	}
}

// TestAuthorizeApproveUnknownUser: an approve mode whose user was deleted
// denies.
func TestAuthorizeApproveUnknownUser(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	require.NoError(t, w.s.DeleteUser(alice.ZUID))
	rec := w.authorize("us", authQuery(webClient, redirectURI, crmScopes))
	require.Equal(t, http.StatusFound, rec.Code)
	assert.Equal(t, redirectURI+"?error=access_denied&", rec.Header().Get("Location"))
}

// TestAuthorizeClientConsent checks that a client's own consent mode
// overrides the global one.
func TestAuthorizeClientConsent(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	c := webClient
	c.Consent = &zohoaccounts.Consent{Mode: zohoaccounts.ConsentDeny}
	_, err := w.s.UpdateClient(c)
	require.NoError(t, err)
	assert.Equal(t, "access_denied", redirected(t, w.authorize("us", authQuery(webClient, redirectURI, crmScopes))).Query().Get("error"))
	codeFrom(t, w.authorize("us", authQuery(usOnlyClient, redirectURI, crmScopes)))

	c.Consent = &zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: carol.Email}
	_, err = w.s.UpdateClient(c)
	require.NoError(t, err)
	codeFrom(t, w.authorize("us", authQuery(webClient, redirectURI, crmScopes)))
	success(t, w.token("us", exchangeParams(webClient, w.code(), redirectURI)))
	assert.Len(t, w.s.Tokens(zohoaccounts.TokenFilter{ZUID: carol.ZUID}), 1)
}

// TestAuthorizeInteractive checks the sign-in and consent page and its form.
func TestAuthorizeInteractive(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	require.NoError(t, w.s.SetConsent(zohoaccounts.Consent{Mode: zohoaccounts.ConsentInteractive}))
	q := authQuery(webClient, redirectURI, crmScopes+","+profile, "state", `"><script>`, "access_type", "offline")
	before := w.s.Export()
	rec := w.authorize("us", q)
	assert.Equal(t, before, w.s.Export(), "showing the page changes nothing")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "text/html;charset=UTF-8", rec.Header().Get("Content-Type"))
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	assert.Empty(t, rec.Header().Get("Location"))
	page := rec.Body.String()
	for _, want := range []string{
		webClient.Name,
		"<li>ZohoCRM.modules.ALL</li>", "<li>ZohoCRM.settings.ALL</li>", "<li>" + profile + "</li>",
		`type="email"`, `name="email"`, `type="password"`, `name="password"`,
		`value="accept"`, ">Accept<", `value="reject"`, ">Reject<",
		`name="client_id" value="` + webClient.ID + `"`,
		`name="redirect_uri" value="https://app.example/callback"`,
		"offline access",
	} {
		assert.Contains(t, page, want)
	}
	assert.NotContains(t, page, `"><script>`, "the state is escaped")

	signIn := func(kv ...string) *httptest.ResponseRecorder {
		form := url.Values{}
		for k, v := range q {
			form[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			form.Set(kv[i], kv[i+1])
		}
		return w.serve(postForm("/oauth/v2/auth", form), "us")
	}

	t.Run("wrong password shows the page again", func(t *testing.T) {
		rec := signIn("email", alice.Email, "password", "nope", "action", "accept")
		require.Equal(t, http.StatusOK, rec.Code)
		assert.Contains(t, rec.Body.String(), `id="problem">Invalid email address or password.<`)
		assert.Contains(t, rec.Body.String(), `value="`+alice.Email+`"`, "the e-mail is kept")
		assert.Contains(t, rec.Body.String(), webClient.Name)
	})
	t.Run("unknown user shows the page again", func(t *testing.T) {
		rec := signIn("email", "nobody@acme.test", "password", "x", "action", "accept")
		require.Equal(t, http.StatusOK, rec.Code)
		assert.Contains(t, rec.Body.String(), "Invalid email address or password.")
	})
	t.Run("reject redirects with access_denied", func(t *testing.T) {
		rec := signIn("email", alice.Email, "action", "reject")
		require.Equal(t, http.StatusFound, rec.Code)
		assert.Equal(t, redirectURI+`?state=%22%3E%3Cscript%3E&error=access_denied&`, rec.Header().Get("Location"))
	})
	t.Run("accept redirects with a code", func(t *testing.T) {
		rec := signIn("email", "ALICE@acme.test", "password", alice.Password, "action", "accept")
		u := redirected(t, rec)
		assert.Equal(t, `"><script>`, u.Query().Get("state"))
		assert.Equal(t, "us", u.Query().Get("location"))
		assert.Equal(t, base, u.Query().Get("accounts-server"))
		b := success(t, w.token("us", exchangeParams(webClient, codeFrom(t, rec), redirectURI)))
		assert.NotEmpty(t, b.RefreshToken, "first offline consent")
		assert.True(t, w.alive("us", b.AccessToken))
		assert.JSONEq(t, `{"First_Name":"Alice","Email":"alice@acme.test","Last_Name":"Archer","Display_Name":"Alice Archer","ZUID":700000001}`,
			w.userInfo("us", "Zoho-oauthtoken "+b.AccessToken).Body.String())
	})
	t.Run("another user signs in", func(t *testing.T) {
		rec := signIn("email", carol.Email, "password", carol.Password)
		success(t, w.token("us", exchangeParams(webClient, codeFrom(t, rec), redirectURI)))
		assert.Len(t, w.s.Tokens(zohoaccounts.TokenFilter{ZUID: carol.ZUID, Kind: "refresh"}), 1)
	})
	t.Run("a forged form is checked like the query", func(t *testing.T) {
		form := vals("client_id", webClient.ID, "response_type", "code", "redirect_uri", "https://evil.example/",
			"scope", crmScopes, "email", alice.Email, "password", alice.Password, "action", "accept")
		errorPageCheck(t, w.serve(postForm("/oauth/v2/auth", form), "us"), http.StatusBadRequest, zohoaccounts.ErrInvalidRedirectURI)
	})
	t.Run("an oversized form", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodPost, "/oauth/v2/auth", strings.NewReader("x="+strings.Repeat("y", 64<<10)))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := w.serve(r, "us")
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		assert.Empty(t, rec.Header().Get("Location"))
	})
}

func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// TestPKCE checks proof keys: required of javascript and mobile clients,
// S256 and plain verified at the token endpoint.
func TestPKCE(t *testing.T) {
	const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	tests := []struct {
		name      string
		client    zohoaccounts.Client
		redirect  string
		challenge []string // code_challenge and method params
		exchange  []string // overrides at the token endpoint; "" deletes
		want      string
	}{
		{"S256", spaClient, spaRedirect, []string{"code_challenge", s256(verifier), "code_challenge_method", "S256"},
			[]string{"code_verifier", verifier}, ""},
		{"S256 without a secret", spaClient, spaRedirect, []string{"code_challenge", s256(verifier), "code_challenge_method", "S256"},
			[]string{"code_verifier", verifier, "client_secret", ""}, ""},
		{"S256, wrong verifier", spaClient, spaRedirect, []string{"code_challenge", s256(verifier), "code_challenge_method", "S256"},
			[]string{"code_verifier", verifier + "x"}, zohoaccounts.ErrInvalidCode},
		{"S256, verifier sent as the challenge", spaClient, spaRedirect, []string{"code_challenge", s256(verifier), "code_challenge_method", "S256"},
			[]string{"code_verifier", s256(verifier)}, zohoaccounts.ErrInvalidCode},
		{"S256, no verifier", spaClient, spaRedirect, []string{"code_challenge", s256(verifier), "code_challenge_method", "S256"},
			nil, zohoaccounts.ErrInvalidCode},
		{"plain", spaClient, spaRedirect, []string{"code_challenge", verifier, "code_challenge_method", "plain"},
			[]string{"code_verifier", verifier}, ""},
		{"plain by default", spaClient, spaRedirect, []string{"code_challenge", verifier},
			[]string{"code_verifier", verifier}, ""},
		{"plain, wrong verifier", spaClient, spaRedirect, []string{"code_challenge", verifier, "code_challenge_method", "plain"},
			[]string{"code_verifier", "other"}, zohoaccounts.ErrInvalidCode},
		{"a wrong secret is still refused", spaClient, spaRedirect, []string{"code_challenge", verifier},
			[]string{"code_verifier", verifier, "client_secret", "wrong"}, zohoaccounts.ErrInvalidClientSecret},
		{"a server-based client may use PKCE", webClient, redirectURI, []string{"code_challenge", s256(verifier), "code_challenge_method", "S256"},
			[]string{"code_verifier", "nope"}, zohoaccounts.ErrInvalidCode},
		{"a server-based client with PKCE still needs its secret", webClient, redirectURI, []string{"code_challenge", verifier},
			[]string{"code_verifier", verifier, "client_secret", ""}, zohoaccounts.ErrInvalidClientSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			code := codeFrom(t, w.authorize("us", authQuery(tt.client, tt.redirect, crmScopes, tt.challenge...)))
			v := exchangeParams(tt.client, code, tt.redirect)
			for i := 0; i+1 < len(tt.exchange); i += 2 {
				if tt.exchange[i+1] == "" {
					v.Del(tt.exchange[i])
				} else {
					v.Set(tt.exchange[i], tt.exchange[i+1])
				}
			}
			rec := w.token("us", v)
			if tt.want != "" {
				zohoError(t, rec, http.StatusOK, tt.want)
				return
			}
			success(t, rec)
		})
	}
}

// TestMobileClient checks a mobile client: PKCE required, a custom-scheme
// redirect URI.
func TestMobileClient(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	const cb = "com.acme.app:/oauth2redirect"
	c, err := w.s.RegisterClient(zohoaccounts.Client{OrgID: usOrgID, Type: zohoaccounts.Mobile, RedirectURIs: []string{cb}})
	require.NoError(t, err)
	rec := w.authorize("us", authQuery(c, cb, crmScopes))
	assert.Equal(t, cb+"?error=invalid_request&", rec.Header().Get("Location"))
	rec = w.authorize("us", authQuery(c, cb, crmScopes, "code_challenge", s256("v"), "code_challenge_method", "S256"))
	require.Equal(t, http.StatusFound, rec.Code)
	assert.True(t, strings.HasPrefix(rec.Header().Get("Location"), cb+"?code=1000."), rec.Header().Get("Location"))
	v := exchangeParams(c, codeFrom(t, rec), cb)
	v.Del("client_secret")
	v.Set("code_verifier", "v")
	success(t, w.token("us", v))
}

// TestGrantCodeLimit checks the limit of 10 grant codes per client per 10
// minutes: the 11th is refused with access_denied (reference §2, §8).
func TestGrantCodeLimit(t *testing.T) {
	tests := []struct {
		name  string
		cfg   zohoaccounts.Config
		limit int
	}{
		{"default 10", zohoaccounts.Config{}, 10},
		{"configured 4", zohoaccounts.Config{CodeMints: 4}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, tt.cfg)
			for i := 0; i < tt.limit; i++ {
				w.clk.Advance(time.Second)
				w.code()
			}
			rec := w.authorize("us", authQuery(webClient, redirectURI, crmScopes, "state", "z"))
			require.Equal(t, http.StatusFound, rec.Code)
			assert.Equal(t, redirectURI+"?state=z&error=access_denied&", rec.Header().Get("Location"))
			// Per client: another client is not blocked.
			codeFrom(t, w.authorize("us", authQuery(usOnlyClient, redirectURI, crmScopes)))
			// Rolling: the first code leaves the window 10 minutes after it.
			w.clk.Advance(10*time.Minute - time.Duration(tt.limit-1)*time.Second) // now the first code is 10 minutes old
			w.code()
			assert.Equal(t, "access_denied", redirected(t, w.authorize("us", authQuery(webClient, redirectURI, crmScopes))).Query().Get("error"))
			w.clk.Advance(10 * time.Minute)
			for i := 0; i < tt.limit; i++ {
				w.code()
			}
		})
	}
}

// TestAuthorizeWrongMethod: only GET and POST are served.
func TestAuthorizeWrongMethod(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	rec := w.serve(httptest.NewRequest(http.MethodPut, "/oauth/v2/auth", nil), "us")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}
