package emulator_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
)

var hiddenField = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// noRedirects is a client that stops at the 302 to the app's callback.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// signIn follows an authorization URL through the sign-in page as a
// browser would, and returns the redirect to the app.
func signIn(t *testing.T, authURL, email, password, action string) *url.URL {
	t.Helper()
	resp, err := noRedirects.Get(authURL)
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(page))
	require.Contains(t, resp.Header.Get("Content-Type"), "text/html")

	form := url.Values{"email": {email}, "password": {password}, "action": {action}}
	for _, m := range hiddenField.FindAllStringSubmatch(string(page), -1) {
		form.Set(m[1], htmlUnescape(m[2]))
	}
	action_, _ := url.Parse(authURL)
	resp, err = noRedirects.PostForm(action_.Scheme+"://"+action_.Host+action_.Path, form)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	return loc
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'").Replace(s)
}

// TestAuthorizationCodeFlowWithOAuth2 runs the whole server-based flow with
// golang.org/x/oauth2, as a Go client of Zoho would.
func TestAuthorizationCodeFlowWithOAuth2(t *testing.T) {
	e := emulatortest.New(t)
	conf := &oauth2.Config{
		ClientID:     emulator.DemoServerClientID,
		ClientSecret: emulator.DemoClientSecret,
		RedirectURL:  emulator.DemoRedirectURI,
		Scopes:       []string{"ZohoCRM.modules.ALL", "AaaServer.profile.READ"},
		Endpoint: oauth2.Endpoint{
			AuthURL:   e.URL() + "/oauth/v2/auth",
			TokenURL:  e.URL() + "/oauth/v2/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
	ctx := context.Background()

	callback := signIn(t, conf.AuthCodeURL("xyz", oauth2.AccessTypeOffline), emulator.DemoUserEmail, emulator.DemoUserPassword, "accept")
	q := callback.Query()
	assert.Equal(t, "xyz", q.Get("state"))
	assert.Equal(t, "us", q.Get("location"))
	assert.Equal(t, e.URL(), q.Get("accounts-server"))
	assert.True(t, strings.HasSuffix(callback.RawQuery, "&"), "Zoho ends the query with &")

	tok, err := conf.Exchange(ctx, q.Get("code"))
	require.NoError(t, err)
	assert.NotEmpty(t, tok.RefreshToken, "offline access on first consent gives a refresh token")
	assert.Equal(t, e.URL(), tok.Extra("api_domain"))
	assert.WithinDuration(t, time.Now().Add(time.Hour), tok.Expiry, time.Minute)

	_, err = conf.Exchange(ctx, q.Get("code"))
	assert.ErrorContains(t, err, "invalid_code", "a grant code is single use")

	// Expire the token as the client sees it; the token source refreshes.
	stale := *tok
	stale.Expiry = time.Now().Add(-time.Second)
	fresh, err := conf.TokenSource(ctx, &stale).Token()
	require.NoError(t, err)
	assert.NotEqual(t, tok.AccessToken, fresh.AccessToken)
	assert.Equal(t, tok.RefreshToken, fresh.RefreshToken, "a refresh keeps the refresh token")

	userInfo := func(token string) int {
		req, _ := http.NewRequest(http.MethodGet, e.URL()+"/oauth/user/info", nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusOK, userInfo(fresh.AccessToken))

	// An hour later on the virtual clock, the access token is dead.
	e.Clock().Advance(time.Hour)
	assert.Equal(t, http.StatusUnauthorized, userInfo(fresh.AccessToken))
}

func TestSecondConsentWithoutPromptGivesNoRefreshToken(t *testing.T) {
	e := emulatortest.New(t)
	conf := &oauth2.Config{
		ClientID: emulator.DemoServerClientID, ClientSecret: emulator.DemoClientSecret, RedirectURL: emulator.DemoRedirectURI,
		Scopes:   []string{"ZohoCRM.modules.ALL"},
		Endpoint: oauth2.Endpoint{AuthURL: e.URL() + "/oauth/v2/auth", TokenURL: e.URL() + "/oauth/v2/token", AuthStyle: oauth2.AuthStyleInParams},
	}
	exchange := func(opts ...oauth2.AuthCodeOption) *oauth2.Token {
		cb := signIn(t, conf.AuthCodeURL("s", opts...), emulator.DemoUserEmail, emulator.DemoUserPassword, "accept")
		tok, err := conf.Exchange(context.Background(), cb.Query().Get("code"))
		require.NoError(t, err)
		return tok
	}
	assert.NotEmpty(t, exchange(oauth2.AccessTypeOffline).RefreshToken, "first consent")
	assert.Empty(t, exchange(oauth2.AccessTypeOffline).RefreshToken, "consented before, no prompt=consent")
	assert.NotEmpty(t, exchange(oauth2.AccessTypeOffline, oauth2.ApprovalForce).RefreshToken, "prompt=consent re-issues")
	assert.Empty(t, exchange().RefreshToken, "access_type=online (the default)")
}

func TestRejectRedirectsWithAccessDenied(t *testing.T) {
	e := emulatortest.New(t)
	authURL := e.URL() + "/oauth/v2/auth?" + url.Values{
		"client_id": {emulator.DemoServerClientID}, "response_type": {"code"}, "state": {"s1"},
		"redirect_uri": {emulator.DemoRedirectURI}, "scope": {"ZohoCRM.modules.ALL"},
	}.Encode()
	cb := signIn(t, authURL, emulator.DemoUserEmail, "", "reject")
	assert.Equal(t, "access_denied", cb.Query().Get("error"))
	assert.Equal(t, "s1", cb.Query().Get("state"))
	assert.Empty(t, cb.Query().Get("code"))
}
