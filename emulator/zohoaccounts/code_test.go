package zohoaccounts_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// TestExchangeCodeSuccess checks the body and headers of a successful
// authorization_code exchange (reference §3).
func TestExchangeCodeSuccess(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	code := codeFrom(t, w.authorize("us", authQuery(webClient, redirectURI, "ZohoCRM.modules.all,ZohoCRM.bulk.read")))
	rec := w.token("us", exchangeParams(webClient, code, redirectURI))
	b := success(t, rec)
	assert.Empty(t, b.RefreshToken, "access_type defaults to online")
	assert.Equal(t, "ZohoCRM.modules.all ZohoCRM.bulk.read", b.Scope, "scopes echoed space-separated, caller's casing")
	assert.Equal(t, base, b.APIDomain)
	assert.Equal(t, "no-cache", rec.Header().Get("Pragma"))
	assert.Regexp(t, `^\{"access_token":"1000\.[0-9a-f]{32}\.[0-9a-f]{32}","scope":"ZohoCRM\.modules\.all ZohoCRM\.bulk\.read","api_domain":"http://127\.0\.0\.1:9595","token_type":"Bearer","expires_in":3600\}$`,
		rec.Body.String(), "the exact wire form")

	// The token is live for an hour on the virtual clock.
	infos := w.s.Tokens(zohoaccounts.TokenFilter{Kind: "access", ClientID: webClient.ID})
	require.Len(t, infos, 1)
	assert.Equal(t, zohoaccounts.Fingerprint(b.AccessToken), infos[0].ID)
	assert.Equal(t, alice.ZUID, infos[0].ZUID)
	assert.Equal(t, "us", infos[0].DC)
	require.NotNil(t, infos[0].ExpiresAt)
	assert.Equal(t, t0.Add(time.Hour), *infos[0].ExpiresAt)
	assert.Empty(t, infos[0].Refresh)
}

// TestExchangeCodeErrors checks every way an exchange fails: Zoho answers
// {"error": code} with HTTP 200 (reference §5).
func TestExchangeCodeErrors(t *testing.T) {
	tests := []struct {
		name   string
		params func(code string) map[string]string // overrides; "" deletes
		loc    string
		want   string
	}{
		{"unknown client", func(string) map[string]string { return map[string]string{"client_id": clientID("nobody")} }, "us", zohoaccounts.ErrInvalidClient},
		{"no client", func(string) map[string]string { return map[string]string{"client_id": ""} }, "us", zohoaccounts.ErrInvalidClient},
		{"wrong secret", func(string) map[string]string { return map[string]string{"client_secret": secret('f')} }, "us", zohoaccounts.ErrInvalidClientSecret},
		{"no secret", func(string) map[string]string { return map[string]string{"client_secret": ""} }, "us", zohoaccounts.ErrInvalidClientSecret},
		{"another client's credentials", func(string) map[string]string {
			return map[string]string{"client_id": usOnlyClient.ID, "client_secret": usOnlyClient.Secret}
		}, "us", zohoaccounts.ErrInvalidCode},
		{"redirect_uri mismatch", func(string) map[string]string { return map[string]string{"redirect_uri": redirectURI + "/x"} }, "us", zohoaccounts.ErrInvalidRedirectURI},
		{"another registered redirect_uri", func(string) map[string]string { return map[string]string{"redirect_uri": redirectQ} }, "us", zohoaccounts.ErrInvalidRedirectURI},
		{"no redirect_uri", func(string) map[string]string { return map[string]string{"redirect_uri": ""} }, "us", zohoaccounts.ErrInvalidRedirectURI},
		{"unknown code", func(string) map[string]string {
			return map[string]string{"code": "1000.00000000000000000000000000000000.00000000000000000000000000000000"}
		}, "us", zohoaccounts.ErrInvalidCode},
		{"no code", func(string) map[string]string { return map[string]string{"code": ""} }, "us", zohoaccounts.ErrInvalidCode},
		{"wrong data centre", func(string) map[string]string { return nil }, "eu", zohoaccounts.ErrInvalidClient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			code := w.code()
			v := exchangeParams(webClient, code, redirectURI)
			for k, val := range tt.params(code) {
				if val == "" {
					v.Del(k)
				} else {
					v.Set(k, val)
				}
			}
			before := w.s.Export()
			zohoError(t, w.token(tt.loc, v), http.StatusOK, tt.want)
			assert.Equal(t, before, w.s.Export(), "a refused exchange changes nothing")
			// The code survives a refused exchange.
			success(t, w.token("us", exchangeParams(webClient, code, redirectURI)))
		})
	}
}

// TestExchangeCodeSingleUse checks that a code works once.
func TestExchangeCodeSingleUse(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	code := w.code()
	success(t, w.token("us", exchangeParams(webClient, code, redirectURI)))
	zohoError(t, w.token("us", exchangeParams(webClient, code, redirectURI)), http.StatusOK, zohoaccounts.ErrInvalidCode)
	assert.Len(t, w.s.Tokens(zohoaccounts.TokenFilter{ClientID: webClient.ID}), 1, "one exchange, one token")
}

// TestExchangeCodeExpiry checks the code lifetime on the virtual clock:
// Config.CodeLifetime, two minutes by default (reference §2).
func TestExchangeCodeExpiry(t *testing.T) {
	tests := []struct {
		name     string
		lifetime time.Duration
		wait     time.Duration
		ok       bool
	}{
		{"default, just in time", 0, 2*time.Minute - time.Second, true},
		{"default, at two minutes", 0, 2 * time.Minute, false},
		{"default, long after", 0, time.Hour, false},
		{"configured 60s, at 59s", time.Minute, 59 * time.Second, true},
		{"configured 60s, at 60s", time.Minute, time.Minute, false},
		{"configured 3m, at 2m30s", 3 * time.Minute, 150 * time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{CodeLifetime: tt.lifetime})
			want := tt.lifetime
			if want == 0 {
				want = 2 * time.Minute
			}
			assert.Equal(t, want, w.s.CodeLifetime())
			code := w.code()
			w.clk.Advance(tt.wait)
			rec := w.token("us", exchangeParams(webClient, code, redirectURI))
			if tt.ok {
				success(t, rec)
				return
			}
			zohoError(t, rec, http.StatusOK, zohoaccounts.ErrInvalidCode)
		})
	}
}

// TestAccessType checks when a refresh token comes with the code: offline
// on first consent, again with prompt=consent, never online (reference §2).
func TestAccessType(t *testing.T) {
	type step struct {
		kv          []string
		wantRefresh bool
	}
	online := step{nil, false}
	explicitOnline := step{[]string{"access_type", "online"}, false}
	offline := step{[]string{"access_type", "offline"}, true}
	offlineAgain := step{[]string{"access_type", "offline"}, false}
	reconsent := step{[]string{"access_type", "offline", "prompt", "consent"}, true}
	onlineConsent := step{[]string{"access_type", "online", "prompt", "consent"}, false}
	tests := []struct {
		name  string
		steps []step
	}{
		{"online by default", []step{online, online}},
		{"explicit online", []step{explicitOnline}},
		{"offline once", []step{offline, offlineAgain, offlineAgain}},
		{"prompt=consent mints again", []step{offline, offlineAgain, reconsent, reconsent, offlineAgain}},
		{"prompt=consent without offline", []step{onlineConsent, onlineConsent}},
		{"offline first time with prompt=consent", []step{reconsent, offlineAgain}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			refreshTokens := 0
			for i, st := range tt.steps {
				b := success(t, w.token("us", exchangeParams(webClient, w.code(st.kv...), redirectURI)))
				assert.Equal(t, st.wantRefresh, b.RefreshToken != "", "step %d", i)
				if b.RefreshToken != "" {
					refreshTokens++
				}
			}
			assert.Len(t, w.s.Tokens(zohoaccounts.TokenFilter{Kind: "refresh"}), refreshTokens)
		})
	}
}

// TestConsentPerUser checks that first consent is counted per user and
// client: carol's first offline consent still gets a refresh token.
func TestConsentPerUser(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	assert.NotEmpty(t, success(t, w.token("us", exchangeParams(webClient, w.code("access_type", "offline"), redirectURI))).RefreshToken)
	require.NoError(t, w.s.SetConsent(zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: carol.Email}))
	assert.NotEmpty(t, success(t, w.token("us", exchangeParams(webClient, w.code("access_type", "offline"), redirectURI))).RefreshToken)
	assert.Len(t, w.s.Tokens(zohoaccounts.TokenFilter{Kind: "refresh", ZUID: carol.ZUID}), 1)
}

// TestSelfClientCode checks self-client codes: no redirect_uri, always a
// refresh token, the chosen lifetime (reference §9).
func TestSelfClientCode(t *testing.T) {
	tests := []struct {
		name     string
		lifetime time.Duration
		wait     time.Duration
		extra    map[string]string
		want     string
	}{
		{"default lifetime, in time", 0, 3*time.Minute - time.Second, nil, ""},
		{"default lifetime is three minutes", 0, 3 * time.Minute, nil, zohoaccounts.ErrInvalidCode},
		{"ten minutes, in time", 10 * time.Minute, 9 * time.Minute, nil, ""},
		{"ten minutes, expired", 10 * time.Minute, 10 * time.Minute, nil, zohoaccounts.ErrInvalidCode},
		{"a redirect_uri is ignored", 0, 0, map[string]string{"redirect_uri": "https://anything.example/"}, ""},
		{"wrong secret", 0, 0, map[string]string{"client_secret": secret('0')}, zohoaccounts.ErrInvalidClientSecret},
		{"exchanged by another client", 0, 0, map[string]string{"client_id": webClient.ID, "client_secret": webClient.Secret}, zohoaccounts.ErrInvalidCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			g, err := w.s.GenerateCode(zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email,
				Scopes: []string{"ZohoCRM.modules.ALL", "ZohoCRM.org.READ"}, Lifetime: tt.lifetime})
			require.NoError(t, err)
			assert.Regexp(t, tokenRE, g.Code)
			assert.Equal(t, "us", g.DC)
			v := exchangeParams(selfClient, g.Code, "")
			for k, val := range tt.extra {
				v.Set(k, val)
			}
			w.clk.Advance(tt.wait)
			rec := w.token("us", v)
			if tt.want != "" {
				zohoError(t, rec, http.StatusOK, tt.want)
				return
			}
			b := success(t, rec)
			assert.NotEmpty(t, b.RefreshToken)
			assert.Equal(t, "ZohoCRM.modules.ALL ZohoCRM.org.READ", b.Scope)
			assert.Equal(t, base, b.APIDomain)
		})
	}
}

// TestAccessTokenLifetime checks the hour of an access token on the
// virtual clock.
func TestAccessTokenLifetime(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	b := success(t, w.token("us", exchangeParams(webClient, w.code(), redirectURI)))
	w.clk.Advance(time.Hour - time.Second)
	assert.True(t, w.alive("us", b.AccessToken))
	w.clk.Advance(time.Second)
	assert.False(t, w.alive("us", b.AccessToken))
	assert.Empty(t, w.s.Tokens(zohoaccounts.TokenFilter{Kind: "access"}), "expired tokens are not listed")
}
