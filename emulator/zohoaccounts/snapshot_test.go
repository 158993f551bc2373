package zohoaccounts_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// busyWorld is the fixture with something of everything: tokens of both
// orgs, a pending code, consents, counters, and a client whose consent
// names a user of the other org.
type busy struct {
	w                  *world
	offline, onlineTok tokenBody
	selfEU             tokenBody
	pending            string
	clientCreds        tokenBody
}

func newBusy(t *testing.T) *busy {
	w := newWorld(t, zohoaccounts.Config{})
	b := &busy{w: w}
	b.offline = w.offline()
	success(t, w.token("us", refreshParams(webClient, b.offline.RefreshToken)))
	b.onlineTok = success(t, w.token("us", exchangeParams(webClient, w.code(), redirectURI)))
	b.pending = w.code()
	g, err := w.s.GenerateCode(zohoaccounts.SelfClientCode{ClientID: selfEUClient.ID, User: bob.Email, Scopes: []string{"ZohoCRM.modules.ALL", profile}})
	require.NoError(t, err)
	b.selfEU = success(t, w.token("eu", exchangeParams(selfEUClient, g.Code, "")))
	b.clientCreds = success(t, w.token("us", vals("grant_type", "client_credentials", "client_id", selfClient.ID,
		"client_secret", selfClient.Secret, "scope", "ZohoCRM.org.READ", "soid", "ZohoCRM."+usOrgID)))
	// A US client whose consent approves as bob, a user of the EU org.
	c := usOnlyClient
	c.Consent = &zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: bob.Email}
	_, err = w.s.UpdateClient(c)
	require.NoError(t, err)
	return b
}

// TestExportImportRoundTrip exports a busy world through JSON and imports
// it into a new service: the state and every token carry over.
func TestExportImportRoundTrip(t *testing.T) {
	b := newBusy(t)
	exported := b.w.s.Export()
	raw, err := json.Marshal(exported)
	require.NoError(t, err)
	assert.Contains(t, string(raw), webClient.Secret, "exports keep secrets")
	var doc zohoaccounts.State
	require.NoError(t, json.Unmarshal(raw, &doc))

	clk := clock.New(func() time.Time { return t0 })
	clk.Freeze()
	s2 := zohoaccounts.New(zohoaccounts.Config{}, clk.Now)
	require.NoError(t, s2.Import(doc))
	assert.Equal(t, exported, s2.Export())
	w2 := &world{t: t, clk: clk, s: s2}

	assert.True(t, w2.alive("us", b.offline.AccessToken))
	assert.True(t, w2.alive("us", b.onlineTok.AccessToken))
	assert.True(t, w2.alive("eu", b.selfEU.AccessToken))
	assert.Equal(t, base, success(t, w2.token("us", refreshParams(webClient, b.offline.RefreshToken))).APIDomain)
	assert.Equal(t, base+"/dc/eu", success(t, w2.token("eu", refreshParams(selfEUClient, b.selfEU.RefreshToken))).APIDomain)
	success(t, w2.token("us", exchangeParams(webClient, b.pending, redirectURI)))
	// Consents carry over: offline again without prompt=consent gives no
	// refresh token.
	assert.Empty(t, success(t, w2.token("us", exchangeParams(webClient, w2.code("access_type", "offline"), redirectURI))).RefreshToken)
	// Counters carry over: three codes in the busy world, one above, six
	// more make the ten of the window.
	for i := 0; i < 6; i++ {
		w2.code()
	}
	assert.Equal(t, "access_denied", redirected(t, w2.authorize("us", authQuery(webClient, redirectURI, crmScopes))).Query().Get("error"))
	// The cross-org consent works.
	codeFrom(t, w2.authorize("us", authQuery(usOnlyClient, redirectURI, crmScopes)))
}

// TestExportImportKeepsEvictionOrder: refresh tokens minted at one instant
// are still evicted oldest first after an export and import.
func TestExportImportKeepsEvictionOrder(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{RefreshTokensPerUserClient: 3})
	var rts []string
	for i := 0; i < 3; i++ {
		rts = append(rts, w.selfTokens().RefreshToken) // all at t0, the clock is frozen
	}
	for i := 0; i < 5; i++ {
		s2 := zohoaccounts.New(zohoaccounts.Config{RefreshTokensPerUserClient: 3}, w.clk.Now)
		require.NoError(t, s2.Import(w.s.Export()))
		w.s = s2
	}
	w.selfTokens()
	zohoError(t, w.token("us", refreshParams(selfClient, rts[0])), http.StatusOK, zohoaccounts.ErrInvalidCode)
	success(t, w.token("us", refreshParams(selfClient, rts[1])))
	success(t, w.token("us", refreshParams(selfClient, rts[2])))
}

// TestExportIsACopy: changing an export does not change the service.
func TestExportIsACopy(t *testing.T) {
	b := newBusy(t)
	before := b.w.s.Export()
	e := b.w.s.Export()
	for i := range e.AccessTokens {
		e.AccessTokens[i].Scopes[0] = "Changed.by.caller"
	}
	for i := range e.RefreshTokens {
		e.RefreshTokens[i].Scopes[0] = "Changed.by.caller"
		if len(e.RefreshTokens[i].Access) > 0 {
			e.RefreshTokens[i].Access[0] = "x"
		}
	}
	for i := range e.Codes {
		e.Codes[i].Scopes[0] = "Changed.by.caller"
	}
	e.Orgs[0].Clients[0].RedirectURIs = append(e.Orgs[0].Clients[0].RedirectURIs[:0], "https://evil.example/")
	e.Consent.Mode = zohoaccounts.ConsentDeny
	assert.Equal(t, before, b.w.s.Export())
}

// TestImportInvalid: an invalid state is refused whole and changes nothing.
func TestImportInvalid(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(st *zohoaccounts.State)
		error error
	}{
		{"org in an unknown DC", func(st *zohoaccounts.State) { st.Orgs[1].DC = "mars" }, zohoaccounts.ErrInvalid},
		{"org without a name", func(st *zohoaccounts.State) { st.Orgs[1].Name = "" }, zohoaccounts.ErrInvalid},
		{"two orgs with one id", func(st *zohoaccounts.State) { st.Orgs[1].ID = st.Orgs[0].ID }, zohoaccounts.ErrConflict},
		{"one e-mail in two orgs", func(st *zohoaccounts.State) { st.Orgs[1].Users[0].Email = alice.Email }, zohoaccounts.ErrConflict},
		{"a user without an e-mail", func(st *zohoaccounts.State) { st.Orgs[1].Users[0].Email = "" }, zohoaccounts.ErrInvalid},
		{"a client with a relative redirect", func(st *zohoaccounts.State) { st.Orgs[0].Clients[0].RedirectURIs = []string{"/cb"} }, zohoaccounts.ErrInvalid},
		{"two self clients in an org", func(st *zohoaccounts.State) {
			st.Orgs[1].Clients = append(st.Orgs[1].Clients, zohoaccounts.Client{Type: zohoaccounts.SelfClient})
		}, zohoaccounts.ErrConflict},
		{"approve as a stranger", func(st *zohoaccounts.State) {
			st.Consent = &zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: "ghost@acme.test"}
		}, zohoaccounts.ErrInvalid},
		{"unknown consent mode", func(st *zohoaccounts.State) { st.Consent = &zohoaccounts.Consent{Mode: "yes"} }, zohoaccounts.ErrInvalid},
		{"a token of an unknown client", func(st *zohoaccounts.State) { st.AccessTokens[0].ClientID = clientID("ghost") }, zohoaccounts.ErrInvalid},
		{"a token of an unknown user", func(st *zohoaccounts.State) { st.RefreshTokens[0].ZUID = "404" }, zohoaccounts.ErrInvalid},
		{"a code of an unknown client", func(st *zohoaccounts.State) { st.Codes[0].ClientID = clientID("ghost") }, zohoaccounts.ErrInvalid},
		{"a token in an unknown DC", func(st *zohoaccounts.State) { st.AccessTokens[0].DC = "mars" }, zohoaccounts.ErrInvalid},
		{"a token without a value", func(st *zohoaccounts.State) { st.AccessTokens[0].Token = "" }, zohoaccounts.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBusy(t)
			doc := b.w.s.Export()
			tt.edit(&doc)
			before := b.w.s.Export()
			assert.ErrorIs(t, b.w.s.Import(doc), tt.error)
			assert.Equal(t, before, b.w.s.Export(), "nothing changed")
			assert.True(t, b.w.alive("us", b.offline.AccessToken))
			// Seed refuses it too, and keeps the old seed.
			assert.ErrorIs(t, b.w.s.Seed(doc), tt.error)
			require.NoError(t, b.w.s.Reset(""))
			assert.Len(t, b.w.s.Orgs(), 2)
			assert.Empty(t, b.w.s.Tokens(zohoaccounts.TokenFilter{}))
		})
	}
}

// TestResetAll: Reset("") returns to the seed exactly.
func TestResetAll(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	seeded := w.s.Export()
	b := newBusy(t)
	// Take the busy world's changes into this one.
	require.NoError(t, w.s.Import(b.w.s.Export()))
	_, err := w.s.CreateOrg(zohoaccounts.Org{Name: "Extra"})
	require.NoError(t, err)
	require.NoError(t, w.s.DeleteUser(carol.ZUID))
	require.NoError(t, w.s.SetConsent(zohoaccounts.Consent{Mode: zohoaccounts.ConsentDeny}))
	require.NotEqual(t, seeded, w.s.Export())

	require.NoError(t, w.s.Reset(""))
	assert.Equal(t, seeded, w.s.Export())
	assert.False(t, w.alive("us", b.offline.AccessToken))
	codeFrom(t, w.authorize("us", authQuery(webClient, redirectURI, crmScopes)))
}

// TestResetTenant: Reset(orgID) restores that org alone; the other org's
// tokens and changes survive.
func TestResetTenant(t *testing.T) {
	b := newBusy(t)
	w := b.w
	seeded := seed()
	_, err := w.s.UpdateOrg(zohoaccounts.Org{ID: usOrgID, Name: "Renamed", DC: "us"})
	require.NoError(t, err)
	require.NoError(t, w.s.DeleteClient(spaClient.ID))
	_, err = w.s.CreateUser(zohoaccounts.User{OrgID: usOrgID, Email: "dave@acme.test"})
	require.NoError(t, err)
	_, err = w.s.CreateUser(zohoaccounts.User{OrgID: euOrgID, Email: "erin@acme.eu"})
	require.NoError(t, err)
	extra, err := w.s.CreateOrg(zohoaccounts.Org{Name: "Extra"})
	require.NoError(t, err)

	require.NoError(t, w.s.Reset(usOrgID))

	org, err := w.s.GetOrg(usOrgID)
	require.NoError(t, err)
	assert.Equal(t, seeded.Orgs[0].Org, org)
	_, err = w.s.GetClient(spaClient.ID)
	assert.NoError(t, err, "the deleted client is back")
	assert.Len(t, w.s.Users(usOrgID), 2, "the added user is gone")
	assert.Len(t, w.s.Users(euOrgID), 2, "the other org keeps its change")
	_, err = w.s.GetOrg(extra.ID)
	assert.NoError(t, err, "another org is left alone")

	assert.False(t, w.alive("us", b.offline.AccessToken), "the tenant's tokens are gone")
	assert.False(t, w.alive("us", b.onlineTok.AccessToken))
	zohoError(t, w.token("us", exchangeParams(webClient, b.pending, redirectURI)), http.StatusOK, zohoaccounts.ErrInvalidCode)
	assert.Equal(t, http.StatusUnauthorized, w.userInfo("us", "Zoho-oauthtoken "+b.clientCreds.AccessToken).Code)
	assert.True(t, w.alive("eu", b.selfEU.AccessToken), "the other org's tokens survive")
	success(t, w.token("eu", refreshParams(selfEUClient, b.selfEU.RefreshToken)))
	// The restored tenant works with its counters and consents cleared:
	// ten codes in the window, and a first consent again.
	assert.NotEmpty(t, success(t, w.token("us", exchangeParams(webClient, w.code("access_type", "offline"), redirectURI))).RefreshToken)
	for i := 0; i < 9; i++ {
		w.code()
	}
	assert.Equal(t, "access_denied", redirected(t, w.authorize("us", authQuery(webClient, redirectURI, crmScopes))).Query().Get("error"))

	// An org that is not in the seed is simply removed.
	require.NoError(t, w.s.Reset(extra.ID))
	_, err = w.s.GetOrg(extra.ID)
	assert.ErrorIs(t, err, zohoaccounts.ErrNotFound)
	assert.ErrorIs(t, w.s.Reset("404"), zohoaccounts.ErrNotFound)
	// A seeded org deleted since comes back.
	require.NoError(t, w.s.DeleteOrg(euOrgID))
	require.NoError(t, w.s.Reset(euOrgID))
	_, err = w.s.GetClient(selfEUClient.ID)
	assert.NoError(t, err)
}

// TestResetTenantRestoresSeededTokens: a seed with tokens (a repro bundle)
// gets them back on a reset of their tenant, as on a full reset.
func TestResetTenantRestoresSeededTokens(t *testing.T) {
	b := newBusy(t)
	snapshot := b.w.s.Export()
	require.NoError(t, b.w.s.Seed(snapshot))
	require.NoError(t, b.w.s.RevokeToken(b.offline.RefreshToken))
	require.NoError(t, b.w.s.RevokeToken(b.selfEU.RefreshToken))
	require.NoError(t, b.w.s.Reset(usOrgID))
	assert.True(t, b.w.alive("us", b.offline.AccessToken))
	success(t, b.w.token("us", refreshParams(webClient, b.offline.RefreshToken)))
	assert.False(t, b.w.alive("eu", b.selfEU.AccessToken), "the other tenant is not reset")
	require.NoError(t, b.w.s.Reset(""))
	assert.Equal(t, snapshot, b.w.s.Export())
}

// TestSeedIsACopy: the seed survives changes to the live state and to the
// caller's document.
func TestSeedIsACopy(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	tb := w.offline()
	for i := 0; i < 3; i++ {
		success(t, w.token("us", refreshParams(webClient, tb.RefreshToken)))
	}
	doc := w.s.Export()
	require.NoError(t, w.s.Seed(doc))
	seeded := w.s.Export()

	// Revoking an access token edits its refresh token's list in place.
	require.NoError(t, w.s.RevokeToken(tb.AccessToken))
	for i := 0; i < 3; i++ {
		success(t, w.token("us", refreshParams(webClient, tb.RefreshToken)))
	}
	// The caller changes its document.
	for i := range doc.RefreshTokens {
		doc.RefreshTokens[i].Scopes[0] = "Changed.by.caller"
		for j := range doc.RefreshTokens[i].Access {
			doc.RefreshTokens[i].Access[j] = "x"
		}
	}
	doc.Orgs[0].Name = "Changed"
	require.NoError(t, w.s.Reset(""))
	assert.Equal(t, seeded, w.s.Export())
}

// TestBadRequestsChangeNothing: refused requests of every endpoint leave
// the stored state as it was.
func TestBadRequestsChangeNothing(t *testing.T) {
	tests := []struct {
		name string
		// prepare may change the world first; send is the refused request.
		prepare func(b *busy)
		send    func(b *busy) *httptest.ResponseRecorder
		status  int
	}{
		{"unknown grant type", nil, func(b *busy) *httptest.ResponseRecorder {
			return b.w.token("us", vals("grant_type", "password"))
		}, 200},
		{"wrong secret", nil, func(b *busy) *httptest.ResponseRecorder {
			v := exchangeParams(webClient, b.pending, redirectURI)
			v.Set("client_secret", "x")
			return b.w.token("us", v)
		}, 200},
		{"redirect mismatch", nil, func(b *busy) *httptest.ResponseRecorder {
			return b.w.token("us", exchangeParams(webClient, b.pending, redirectQ))
		}, 200},
		{"expired code", func(b *busy) { b.w.clk.Advance(3 * time.Minute) }, func(b *busy) *httptest.ResponseRecorder {
			return b.w.token("us", exchangeParams(webClient, b.pending, redirectURI))
		}, 200},
		{"code at the wrong DC", nil, func(b *busy) *httptest.ResponseRecorder {
			return b.w.token("eu", exchangeParams(webClient, b.pending, redirectURI))
		}, 200},
		{"unknown refresh token", nil, func(b *busy) *httptest.ResponseRecorder {
			return b.w.token("us", refreshParams(webClient, "1000.x"))
		}, 200},
		{"refresh refused by the IP list, with old mints in the window", func(b *busy) {
			b.w.clk.Advance(11 * time.Minute)
			_, err := b.w.s.UpdateOrg(zohoaccounts.Org{ID: usOrgID, Name: "Acme US", DC: "us", TimeZone: "America/New_York", AllowedIPs: []string{"192.0.2.0/24"}})
			require.NoError(b.w.t, err)
		}, func(b *busy) *httptest.ResponseRecorder {
			return b.w.token("us", refreshParams(webClient, b.offline.RefreshToken))
		}, 400},
		{"throttled refresh", func(b *busy) {
			for i := 0; i < 8; i++ {
				success(b.w.t, b.w.token("us", refreshParams(webClient, b.offline.RefreshToken)))
			}
		}, func(b *busy) *httptest.ResponseRecorder {
			return b.w.token("us", refreshParams(webClient, b.offline.RefreshToken))
		}, 400},
		{"client credentials without soid", nil, func(b *busy) *httptest.ResponseRecorder {
			return b.w.token("us", vals("grant_type", "client_credentials", "client_id", selfClient.ID, "client_secret", selfClient.Secret, "scope", "ZohoCRM.org.READ"))
		}, 200},
		{"oversized body", nil, func(b *busy) *httptest.ResponseRecorder {
			return b.w.token("us", vals("grant_type", "refresh_token", "pad", strings.Repeat("x", 70<<10)))
		}, 413},
		{"revoke an unknown token", nil, func(b *busy) *httptest.ResponseRecorder { return b.w.revoke("us", "1000.x") }, 400},
		{"revoke at the wrong DC", nil, func(b *busy) *httptest.ResponseRecorder { return b.w.revoke("eu", b.offline.RefreshToken) }, 400},
		{"authorize an unknown client", nil, func(b *busy) *httptest.ResponseRecorder {
			return b.w.authorize("us", authQuery(zohoaccounts.Client{ID: "x"}, redirectURI, crmScopes))
		}, 400},
		{"authorize with response_type token", nil, func(b *busy) *httptest.ResponseRecorder {
			return b.w.authorize("us", authQuery(webClient, redirectURI, crmScopes, "response_type", "token"))
		}, 302},
		{"authorize past the code limit", func(b *busy) {
			for i := 0; i < 7; i++ { // the busy world minted three
				b.w.code()
			}
		}, func(b *busy) *httptest.ResponseRecorder {
			return b.w.authorize("us", authQuery(webClient, redirectURI, crmScopes))
		}, 302},
		{"sign-in with a wrong password", nil, func(b *busy) *httptest.ResponseRecorder {
			form := authQuery(webClient, redirectURI, crmScopes, "email", alice.Email, "password", "x", "action", "accept")
			return b.w.serve(postForm("/oauth/v2/auth", form), "us")
		}, 200},
		{"sign-in rejected", nil, func(b *busy) *httptest.ResponseRecorder {
			form := authQuery(webClient, redirectURI, crmScopes, "email", alice.Email, "action", "reject")
			return b.w.serve(postForm("/oauth/v2/auth", form), "us")
		}, 302},
		{"user info with a bad token", nil, func(b *busy) *httptest.ResponseRecorder {
			return b.w.userInfo("us", "Zoho-oauthtoken 1000.x")
		}, 401},
		{"user info without the scope", nil, func(b *busy) *httptest.ResponseRecorder {
			return b.w.userInfo("us", "Zoho-oauthtoken "+b.clientCreds.AccessToken)
		}, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBusy(t)
			if tt.prepare != nil {
				tt.prepare(b)
			}
			before := b.w.s.Export()
			rec := tt.send(b)
			assert.Equal(t, tt.status, rec.Code, rec.Body.String())
			assert.Equal(t, before, b.w.s.Export())
		})
	}
}

// TestSweep: expired codes and access tokens are forgotten once enough
// tokens have been minted, so memory stays bounded.
func TestSweep(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	code := w.code()
	old := success(t, w.token("us", exchangeParams(webClient, w.code(), redirectURI)))
	w.clk.Advance(2 * time.Hour)
	zohoError(t, w.token("us", exchangeParams(webClient, code, redirectURI)), http.StatusOK, zohoaccounts.ErrInvalidCode)
	require.Len(t, w.s.Export().Codes, 1, "a refused exchange leaves the expired code")
	cc := vals("grant_type", "client_credentials", "client_id", selfClient.ID, "client_secret", selfClient.Secret,
		"scope", "ZohoCRM.org.READ", "soid", "ZohoCRM."+usOrgID)
	for i := 0; i < 1100; i++ {
		require.Equal(t, http.StatusOK, w.token("us", cc).Code)
	}
	e := w.s.Export()
	assert.Empty(t, e.Codes)
	for _, at := range e.AccessTokens {
		assert.NotEqual(t, old.AccessToken, at.Token)
	}
}

// TestTokensOrder: Tokens lists refresh tokens first, then oldest first,
// in a stable order for tokens of one instant.
func TestTokensOrder(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	for i := 0; i < 3; i++ {
		w.selfTokens()
	}
	first := w.s.Tokens(zohoaccounts.TokenFilter{})
	require.Len(t, first, 6)
	for i := 0; i < 10; i++ {
		assert.Equal(t, first, w.s.Tokens(zohoaccounts.TokenFilter{}))
	}
	for i, info := range first {
		want := "refresh"
		if i >= 3 {
			want = "access"
		}
		assert.Equal(t, want, info.Kind)
		assert.Regexp(t, `^sha256:[0-9a-f]{16}$`, info.ID)
		assert.Regexp(t, `^1000\.[0-9a-f]{4}…[0-9a-f]{4}$`, info.Hint)
	}
	assert.Len(t, w.s.Tokens(zohoaccounts.TokenFilter{Kind: "refresh", ClientID: selfClient.ID, ZUID: alice.ZUID}), 3)
	assert.Empty(t, w.s.Tokens(zohoaccounts.TokenFilter{ClientID: webClient.ID}))
}
