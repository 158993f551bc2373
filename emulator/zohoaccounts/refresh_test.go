package zohoaccounts_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// TestRefreshSuccess checks a refresh: a new access token, no refresh
// token, the scopes and api_domain again (reference §4).
func TestRefreshSuccess(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	first := w.offline()
	rec := w.token("us", refreshParams(webClient, first.RefreshToken))
	b := success(t, rec)
	assert.Empty(t, b.RefreshToken)
	assert.NotContains(t, rec.Body.String(), "refresh_token")
	assert.NotEqual(t, first.AccessToken, b.AccessToken)
	assert.Equal(t, first.Scope, b.Scope)
	assert.Equal(t, base, b.APIDomain)
	assert.True(t, w.alive("us", first.AccessToken), "the old access token stays live")
	assert.True(t, w.alive("us", b.AccessToken))

	infos := w.s.Tokens(zohoaccounts.TokenFilter{ClientID: webClient.ID})
	require.Len(t, infos, 3)
	assert.Equal(t, "refresh", infos[0].Kind, "refresh tokens first")
	assert.Nil(t, infos[0].ExpiresAt, "refresh tokens never expire")
	for _, at := range infos[1:] {
		assert.Equal(t, "access", at.Kind)
		assert.Equal(t, infos[0].ID, at.Refresh)
	}

	// A refresh token outlives its access tokens: a day later it still works.
	w.clk.Advance(24 * time.Hour)
	assert.False(t, w.alive("us", b.AccessToken))
	success(t, w.token("us", refreshParams(webClient, first.RefreshToken)))
}

// TestRefreshErrors checks refused refreshes; none changes the state.
func TestRefreshErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(w *world, tb tokenBody) map[string]string // overrides; "" deletes
		loc   string
		want  string
	}{
		{"unknown refresh token", func(*world, tokenBody) map[string]string {
			return map[string]string{"refresh_token": "1000.11111111111111111111111111111111.11111111111111111111111111111111"}
		}, "us", zohoaccounts.ErrInvalidCode},
		{"no refresh token", func(*world, tokenBody) map[string]string { return map[string]string{"refresh_token": ""} }, "us", zohoaccounts.ErrInvalidCode},
		{"revoked refresh token", func(w *world, tb tokenBody) map[string]string {
			require.NoError(w.t, w.s.RevokeToken(tb.RefreshToken))
			return nil
		}, "us", zohoaccounts.ErrInvalidCode},
		{"revoked by fingerprint", func(w *world, tb tokenBody) map[string]string {
			require.NoError(w.t, w.s.RevokeToken(zohoaccounts.Fingerprint(tb.RefreshToken)))
			return nil
		}, "us", zohoaccounts.ErrInvalidCode},
		{"client deleted", func(w *world, tb tokenBody) map[string]string {
			require.NoError(w.t, w.s.DeleteClient(webClient.ID))
			return nil
		}, "us", zohoaccounts.ErrInvalidClient},
		{"user deleted", func(w *world, tb tokenBody) map[string]string {
			require.NoError(w.t, w.s.DeleteUser(alice.ZUID))
			return nil
		}, "us", zohoaccounts.ErrInvalidCode},
		{"another client's credentials", func(*world, tokenBody) map[string]string {
			return map[string]string{"client_id": usOnlyClient.ID, "client_secret": usOnlyClient.Secret}
		}, "us", zohoaccounts.ErrInvalidCode},
		{"wrong secret", func(*world, tokenBody) map[string]string { return map[string]string{"client_secret": secret('9')} }, "us", zohoaccounts.ErrInvalidClientSecret},
		{"unknown client", func(*world, tokenBody) map[string]string { return map[string]string{"client_id": clientID("ghost")} }, "us", zohoaccounts.ErrInvalidClient},
		{"wrong data centre", func(*world, tokenBody) map[string]string { return nil }, "eu", zohoaccounts.ErrInvalidClient},
		{"an access token is not a refresh token", func(_ *world, tb tokenBody) map[string]string {
			return map[string]string{"refresh_token": tb.AccessToken}
		}, "us", zohoaccounts.ErrInvalidCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			tb := w.offline()
			v := refreshParams(webClient, tb.RefreshToken)
			for k, val := range tt.setup(w, tb) {
				if val == "" {
					v.Del(k)
				} else {
					v.Set(k, val)
				}
			}
			before := w.s.Export()
			zohoError(t, w.token(tt.loc, v), http.StatusOK, tt.want)
			assert.Equal(t, before, w.s.Export(), "a refused refresh changes nothing")
		})
	}
}

// TestRefreshThrottle checks the limit of access tokens minted per refresh
// token per rolling 10 minutes and its body and status (reference §4). The
// access token of the code exchange counts as the first mint.
func TestRefreshThrottle(t *testing.T) {
	tests := []struct {
		name       string
		cfg        zohoaccounts.Config
		mints      int // allowed in the window, the exchange included
		wantStatus int
	}{
		{"default: 10 mints, then 400", zohoaccounts.Config{}, 10, http.StatusBadRequest},
		{"status 200 as Zoho documented in 2020", zohoaccounts.Config{ThrottleStatus: http.StatusOK}, 10, http.StatusOK},
		{"status 429", zohoaccounts.Config{ThrottleStatus: http.StatusTooManyRequests}, 10, http.StatusTooManyRequests},
		{"three mints", zohoaccounts.Config{AccessTokenMints: 3}, 3, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, tt.cfg)
			rt := w.offline().RefreshToken // mint 1
			for i := 2; i <= tt.mints; i++ {
				success(t, w.token("us", refreshParams(webClient, rt)))
			}
			before := w.s.Export()
			accessDenied(t, w.token("us", refreshParams(webClient, rt)), tt.wantStatus, throttleJSON)
			assert.Equal(t, before, w.s.Export(), "a throttled refresh changes nothing")
			// Blocked for the rest of the window, not longer.
			w.clk.Advance(10*time.Minute - time.Second)
			accessDenied(t, w.token("us", refreshParams(webClient, rt)), tt.wantStatus, throttleJSON)
			w.clk.Advance(time.Second)
			for i := 0; i < tt.mints; i++ {
				success(t, w.token("us", refreshParams(webClient, rt)))
			}
			accessDenied(t, w.token("us", refreshParams(webClient, rt)), tt.wantStatus, throttleJSON)
		})
	}
}

// TestRefreshThrottleRolling checks that the window rolls: each mint
// leaves it 10 minutes after it was made.
func TestRefreshThrottleRolling(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	rt := w.offline().RefreshToken // mint at t0
	w.clk.Advance(5 * time.Minute)
	for i := 0; i < 9; i++ { // nine mints at t0+5m
		success(t, w.token("us", refreshParams(webClient, rt)))
	}
	accessDenied(t, w.token("us", refreshParams(webClient, rt)), http.StatusBadRequest, throttleJSON)
	w.clk.Advance(5 * time.Minute) // t0+10m: the first mint leaves
	success(t, w.token("us", refreshParams(webClient, rt)))
	accessDenied(t, w.token("us", refreshParams(webClient, rt)), http.StatusBadRequest, throttleJSON)
	w.clk.Advance(5*time.Minute - time.Second) // t0+15m-1s: the nine are still in
	accessDenied(t, w.token("us", refreshParams(webClient, rt)), http.StatusBadRequest, throttleJSON)
	w.clk.Advance(time.Second) // t0+15m: they leave; the one at t0+10m stays
	for i := 0; i < 9; i++ {
		success(t, w.token("us", refreshParams(webClient, rt)))
	}
	accessDenied(t, w.token("us", refreshParams(webClient, rt)), http.StatusBadRequest, throttleJSON)
}

// TestRefreshThrottlePerToken checks that the throttle counts per refresh
// token: another refresh token of the same user and client is not blocked.
func TestRefreshThrottlePerToken(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	rt1 := w.offline().RefreshToken
	for i := 0; i < 9; i++ {
		success(t, w.token("us", refreshParams(webClient, rt1)))
	}
	accessDenied(t, w.token("us", refreshParams(webClient, rt1)), http.StatusBadRequest, throttleJSON)
	rt2 := w.offline().RefreshToken
	success(t, w.token("us", refreshParams(webClient, rt2)))
	// The throttle does not hide other errors of a blocked token.
	zohoError(t, w.token("us", vals("grant_type", "refresh_token", "client_id", webClient.ID, "client_secret", "x", "refresh_token", rt1)),
		http.StatusOK, zohoaccounts.ErrInvalidClientSecret)
}

// TestAccessTokenCap checks that a refresh token keeps at most 15 live
// access tokens: the 16th evicts the oldest (reference §8).
func TestAccessTokenCap(t *testing.T) {
	tests := []struct {
		name string
		cfg  zohoaccounts.Config
		cap  int
	}{
		{"default 15", zohoaccounts.Config{}, 15},
		{"configured 10", zohoaccounts.Config{AccessTokensPerRefreshToken: 10}, 10},
		{"configured 2", zohoaccounts.Config{AccessTokensPerRefreshToken: 2}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, tt.cfg)
			first := w.offline()
			ats := []string{first.AccessToken}
			for len(ats) < tt.cap+1 {
				if len(ats)%10 == 0 {
					w.clk.Advance(10 * time.Minute) // stay under the mint throttle
				}
				ats = append(ats, success(t, w.token("us", refreshParams(webClient, first.RefreshToken))).AccessToken)
			}
			live := w.s.Tokens(zohoaccounts.TokenFilter{Kind: "access", ClientID: webClient.ID})
			require.Len(t, live, tt.cap)
			var ids []string
			for _, info := range live {
				ids = append(ids, info.ID)
				assert.Equal(t, zohoaccounts.Fingerprint(first.RefreshToken), info.Refresh)
			}
			assert.NotContains(t, ids, zohoaccounts.Fingerprint(ats[0]), "the oldest was evicted")
			for _, at := range ats[1:] {
				assert.Contains(t, ids, zohoaccounts.Fingerprint(at))
			}
			assert.False(t, w.alive("us", ats[0]), "the evicted token is refused")
			assert.Equal(t, http.StatusUnauthorized, w.userInfo("us", "Zoho-oauthtoken "+ats[0]).Code)
			assert.True(t, w.alive("us", ats[1]))
			assert.True(t, w.alive("us", ats[len(ats)-1]))
		})
	}
}

// TestRefreshTokenCap checks that a user and client keep at most 20
// refresh tokens: the 21st evicts the oldest with its access tokens
// (reference §8).
func TestRefreshTokenCap(t *testing.T) {
	tests := []struct {
		name string
		cfg  zohoaccounts.Config
		cap  int
	}{
		{"default 20", zohoaccounts.Config{}, 20},
		{"configured 3", zohoaccounts.Config{RefreshTokensPerUserClient: 3}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, tt.cfg)
			var all []tokenBody
			for i := 0; i <= tt.cap; i++ {
				w.clk.Advance(time.Second)
				all = append(all, w.selfTokens())
			}
			rts := w.s.Tokens(zohoaccounts.TokenFilter{Kind: "refresh", ClientID: selfClient.ID, ZUID: alice.ZUID})
			require.Len(t, rts, tt.cap)
			assert.Equal(t, zohoaccounts.Fingerprint(all[1].RefreshToken), rts[0].ID, "oldest first, the first one gone")
			zohoError(t, w.token("us", refreshParams(selfClient, all[0].RefreshToken)), http.StatusOK, zohoaccounts.ErrInvalidCode)
			assert.False(t, w.alive("us", all[0].AccessToken), "its access tokens died with it")
			assert.True(t, w.alive("us", all[1].AccessToken))
			success(t, w.token("us", refreshParams(selfClient, all[1].RefreshToken)))
			assert.Len(t, w.s.Tokens(zohoaccounts.TokenFilter{Kind: "access", ClientID: selfClient.ID}), tt.cap+1)

			// The cap is per user: carol's tokens are counted apart.
			g, err := w.s.GenerateCode(zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: carol.Email, Scopes: []string{"ZohoCRM.modules.ALL"}})
			require.NoError(t, err)
			success(t, w.token("us", exchangeParams(selfClient, g.Code, "")))
			assert.Len(t, w.s.Tokens(zohoaccounts.TokenFilter{Kind: "refresh", ZUID: alice.ZUID}), tt.cap)
			assert.Len(t, w.s.Tokens(zohoaccounts.TokenFilter{Kind: "refresh", ZUID: carol.ZUID}), 1)
		})
	}
}

// TestRefreshTokenCapKeepsNewest mints far past the cap: the live refresh
// tokens are always exactly the newest ones, oldest evicted first.
func TestRefreshTokenCapKeepsNewest(t *testing.T) {
	for _, limit := range []int{1, 2, 3, 5, 20} {
		w := newWorld(t, zohoaccounts.Config{RefreshTokensPerUserClient: limit})
		var rts []string
		for i := 0; i < 2*limit+3; i++ {
			w.clk.Advance(time.Second)
			rts = append(rts, w.selfTokens().RefreshToken)
			live := w.s.Tokens(zohoaccounts.TokenFilter{Kind: "refresh"})
			var want []string
			for _, rt := range rts[max(0, len(rts)-limit):] {
				want = append(want, zohoaccounts.Fingerprint(rt))
			}
			var got []string
			for _, info := range live {
				got = append(got, info.ID)
			}
			require.Equal(t, want, got, "limit %d after %d mints", limit, i+1)
		}
		e := w.s.Export()
		require.Len(t, e.RefreshTokens, limit)
		for i, rt := range e.RefreshTokens {
			assert.Equal(t, rts[len(rts)-limit+i], rt.Token, "exported oldest first")
		}
	}
}

// TestRefreshTokenCapViaConsent reaches the cap through the authorization
// request with prompt=consent, which also meets the grant-code limit.
func TestRefreshTokenCapViaConsent(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	var rts []string
	for i := 0; i < 21; i++ {
		if i > 0 && i%10 == 0 {
			w.clk.Advance(10 * time.Minute) // the grant-code limit
		}
		rts = append(rts, w.offline().RefreshToken)
	}
	assert.Len(t, w.s.Tokens(zohoaccounts.TokenFilter{Kind: "refresh", ClientID: webClient.ID}), 20)
	zohoError(t, w.token("us", refreshParams(webClient, rts[0])), http.StatusOK, zohoaccounts.ErrInvalidCode)
	success(t, w.token("us", refreshParams(webClient, rts[1])))
}
