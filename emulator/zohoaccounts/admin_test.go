package zohoaccounts_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// TestCreateOrg checks the org validation and defaults.
func TestCreateOrg(t *testing.T) {
	tests := []struct {
		name string
		org  zohoaccounts.Org
		err  error
	}{
		{"defaults", zohoaccounts.Org{Name: "New"}, nil},
		{"EU org", zohoaccounts.Org{Name: "New", DC: "eu", TimeZone: "Europe/Paris"}, nil},
		{"allow list", zohoaccounts.Org{Name: "New", AllowedIPs: []string{"10.0.0.0/8", "192.0.2.1", "2001:db8::/32"}}, nil},
		{"no name", zohoaccounts.Org{}, zohoaccounts.ErrInvalid},
		{"unknown DC", zohoaccounts.Org{Name: "New", DC: "mars"}, zohoaccounts.ErrInvalid},
		{"DC in upper case", zohoaccounts.Org{Name: "New", DC: "EU"}, zohoaccounts.ErrInvalid},
		{"unknown time zone", zohoaccounts.Org{Name: "New", TimeZone: "Mars/Olympus"}, zohoaccounts.ErrInvalid},
		{"bad IP", zohoaccounts.Org{Name: "New", AllowedIPs: []string{"300.1.1.1"}}, zohoaccounts.ErrInvalid},
		{"bad range", zohoaccounts.Org{Name: "New", AllowedIPs: []string{"10.0.0.0/40"}}, zohoaccounts.ErrInvalid},
		{"existing id", zohoaccounts.Org{ID: usOrgID, Name: "Dup"}, zohoaccounts.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			before := w.s.Export()
			got, err := w.s.CreateOrg(tt.org)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				assert.Equal(t, before, w.s.Export())
				return
			}
			require.NoError(t, err)
			assert.Regexp(t, `^8[0-9]{8}$`, got.ID)
			if tt.org.DC == "" {
				assert.Equal(t, "us", got.DC)
			}
			if tt.org.TimeZone == "" {
				assert.Equal(t, "America/Los_Angeles", got.TimeZone)
			}
			stored, err := w.s.GetOrg(got.ID)
			require.NoError(t, err)
			assert.Equal(t, got, stored)
			assert.Len(t, w.s.Orgs(), 3)
		})
	}
}

// TestUpdateAndDeleteOrg checks the org lifecycle.
func TestUpdateAndDeleteOrg(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	_, err := w.s.UpdateOrg(zohoaccounts.Org{ID: "404", Name: "x"})
	assert.ErrorIs(t, err, zohoaccounts.ErrNotFound)
	_, err = w.s.UpdateOrg(zohoaccounts.Org{ID: usOrgID, Name: "x", DC: "zz"})
	assert.ErrorIs(t, err, zohoaccounts.ErrInvalid)
	got, err := w.s.UpdateOrg(zohoaccounts.Org{ID: usOrgID, Name: "Renamed"})
	require.NoError(t, err)
	assert.Equal(t, "Renamed", got.Name)

	tb := w.offline()
	_, err = w.s.GetOrg("404")
	assert.ErrorIs(t, err, zohoaccounts.ErrNotFound)
	assert.ErrorIs(t, w.s.DeleteOrg("404"), zohoaccounts.ErrNotFound)
	require.NoError(t, w.s.DeleteOrg(usOrgID))
	assert.False(t, w.alive("us", tb.AccessToken))
	assert.Empty(t, w.s.Users(usOrgID))
	assert.Empty(t, w.s.Clients(usOrgID))
	assert.Empty(t, w.s.Tokens(zohoaccounts.TokenFilter{}))
	assert.Len(t, w.s.Orgs(), 1)
	assert.Len(t, w.s.Users(""), 1, "bob stays")
}

// TestCreateUser checks the user validation.
func TestCreateUser(t *testing.T) {
	tests := []struct {
		name string
		user zohoaccounts.User
		err  error
	}{
		{"ok", zohoaccounts.User{OrgID: usOrgID, Email: "dave@acme.test"}, nil},
		{"with a time zone", zohoaccounts.User{OrgID: usOrgID, Email: "dave@acme.test", TimeZone: "Asia/Kolkata"}, nil},
		{"unknown org", zohoaccounts.User{OrgID: "404", Email: "dave@acme.test"}, zohoaccounts.ErrNotFound},
		{"no org", zohoaccounts.User{Email: "dave@acme.test"}, zohoaccounts.ErrNotFound},
		{"existing ZUID", zohoaccounts.User{ZUID: alice.ZUID, OrgID: usOrgID, Email: "dave@acme.test"}, zohoaccounts.ErrConflict},
		{"e-mail taken", zohoaccounts.User{OrgID: euOrgID, Email: alice.Email}, zohoaccounts.ErrConflict},
		{"e-mail taken in another case", zohoaccounts.User{OrgID: usOrgID, Email: "Alice@ACME.test"}, zohoaccounts.ErrConflict},
		{"no e-mail", zohoaccounts.User{OrgID: usOrgID}, zohoaccounts.ErrInvalid},
		{"not an e-mail", zohoaccounts.User{OrgID: usOrgID, Email: "dave"}, zohoaccounts.ErrInvalid},
		{"unknown time zone", zohoaccounts.User{OrgID: usOrgID, Email: "dave@acme.test", TimeZone: "Nowhere/Land"}, zohoaccounts.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			before := w.s.Export()
			got, err := w.s.CreateUser(tt.user)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				assert.Equal(t, before, w.s.Export())
				return
			}
			require.NoError(t, err)
			assert.Regexp(t, `^8[0-9]{8}$`, got.ZUID)
			assert.Len(t, w.s.Users(usOrgID), 3)
		})
	}
}

// TestUsersHidePasswords: listing users never shows a password.
func TestUsersHidePasswords(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	users := w.s.Users("")
	require.Len(t, users, 3)
	for _, u := range users {
		assert.Empty(t, u.Password)
	}
	assert.ErrorIs(t, w.s.DeleteUser("404"), zohoaccounts.ErrNotFound)
}

// TestRegisterClient checks client registration as the API console does it.
func TestRegisterClient(t *testing.T) {
	cb := []string{"https://x.example/cb"}
	tests := []struct {
		name   string
		client zohoaccounts.Client
		err    error
	}{
		{"server-based", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: cb}, nil},
		{"javascript", zohoaccounts.Client{OrgID: usOrgID, Type: zohoaccounts.JavaScript, RedirectURIs: cb}, nil},
		{"mobile with a custom scheme", zohoaccounts.Client{OrgID: usOrgID, Type: zohoaccounts.Mobile, RedirectURIs: []string{"com.acme:/cb"}}, nil},
		{"non-browser mobile", zohoaccounts.Client{OrgID: usOrgID, Type: zohoaccounts.NonBrowserMobile}, nil},
		{"self client of the EU org is a conflict", zohoaccounts.Client{OrgID: euOrgID, Type: zohoaccounts.SelfClient}, zohoaccounts.ErrConflict},
		{"multi-DC with a per-DC secret", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: cb, DCs: []string{"eu", "in"}, DCSecrets: map[string]string{"in": "s"}}, nil},
		{"home DC elsewhere", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: cb, HomeDC: "jp"}, nil},
		{"client IP list", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: cb, AllowedIPs: []string{"192.0.2.0/24"}}, nil},
		{"unknown org", zohoaccounts.Client{OrgID: "404", RedirectURIs: cb}, zohoaccounts.ErrNotFound},
		{"existing id", zohoaccounts.Client{ID: webClient.ID, OrgID: usOrgID, RedirectURIs: cb}, zohoaccounts.ErrConflict},
		{"unknown type", zohoaccounts.Client{OrgID: usOrgID, Type: "desktop", RedirectURIs: cb}, zohoaccounts.ErrInvalid},
		{"server-based without a redirect URI", zohoaccounts.Client{OrgID: usOrgID}, zohoaccounts.ErrInvalid},
		{"javascript without a redirect URI", zohoaccounts.Client{OrgID: usOrgID, Type: zohoaccounts.JavaScript}, zohoaccounts.ErrInvalid},
		{"relative redirect URI", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: []string{"/cb"}}, zohoaccounts.ErrInvalid},
		{"redirect URI without a host", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: []string{"https:/cb"}}, zohoaccounts.ErrInvalid},
		{"unparsable redirect URI", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: []string{"http://[::1"}}, zohoaccounts.ErrInvalid},
		{"self client with a redirect URI", zohoaccounts.Client{OrgID: usOrgID, Type: zohoaccounts.SelfClient, RedirectURIs: cb}, zohoaccounts.ErrInvalid},
		{"second self client", zohoaccounts.Client{OrgID: usOrgID, Type: zohoaccounts.SelfClient}, zohoaccounts.ErrConflict},
		{"unknown DC", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: cb, DCs: []string{"mars"}}, zohoaccounts.ErrInvalid},
		{"unknown home DC", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: cb, HomeDC: "mars"}, zohoaccounts.ErrInvalid},
		{"secret for a DC not enabled", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: cb, DCSecrets: map[string]string{"eu": "s"}}, zohoaccounts.ErrInvalid},
		{"bad IP list", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: cb, AllowedIPs: []string{"nope"}}, zohoaccounts.ErrInvalid},
		{"approve as an unknown user", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: cb,
			Consent: &zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: "ghost@acme.test"}}, zohoaccounts.ErrInvalid},
		{"unknown consent mode", zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: cb, Consent: &zohoaccounts.Consent{Mode: "maybe"}}, zohoaccounts.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			before := w.s.Export()
			got, err := w.s.RegisterClient(tt.client)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				assert.Equal(t, before, w.s.Export())
				return
			}
			require.NoError(t, err)
			assert.Regexp(t, `^1000\.[A-Z0-9]{30}$`, got.ID)
			assert.Regexp(t, `^[0-9a-f]{42}$`, got.Secret)
			assert.NotEmpty(t, got.Name)
			if tt.client.Type == "" {
				assert.Equal(t, zohoaccounts.ServerBased, got.Type)
			}
			home := tt.client.HomeDC
			if home == "" {
				home = "us"
			}
			assert.Equal(t, home, got.HomeDC)
			assert.Contains(t, got.DCs, home, "the home DC is always enabled")
			stored, err := w.s.GetClient(got.ID)
			require.NoError(t, err)
			assert.Equal(t, got, stored)
		})
	}
}

// TestClientCopies: values go in and out by copy.
func TestClientCopies(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	c := zohoaccounts.Client{OrgID: usOrgID, RedirectURIs: []string{"https://x.example/cb"}, DCs: []string{"us", "eu"},
		DCSecrets: map[string]string{"eu": "s"}}
	got, err := w.s.RegisterClient(c)
	require.NoError(t, err)
	c.RedirectURIs[0] = "https://evil.example/"
	c.DCSecrets["eu"] = "changed"
	got.DCs[0] = "jp"
	stored, err := w.s.GetClient(got.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"https://x.example/cb"}, stored.RedirectURIs)
	assert.Equal(t, "s", stored.DCSecrets["eu"])
	assert.Equal(t, []string{"us", "eu"}, stored.DCs)
	stored.DCSecrets["eu"] = "x"
	again, _ := w.s.GetClient(got.ID)
	assert.Equal(t, "s", again.DCSecrets["eu"])
}

// TestUpdateAndDeleteClient checks the client lifecycle.
func TestUpdateAndDeleteClient(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	_, err := w.s.UpdateClient(zohoaccounts.Client{ID: clientID("ghost")})
	assert.ErrorIs(t, err, zohoaccounts.ErrNotFound)
	got, err := w.s.UpdateClient(zohoaccounts.Client{ID: webClient.ID, RedirectURIs: []string{redirectURI}, Name: "Renamed"})
	require.NoError(t, err)
	assert.Equal(t, webClient.Secret, got.Secret, "an empty secret keeps the current one")
	assert.Equal(t, usOrgID, got.OrgID)
	assert.Equal(t, zohoaccounts.ServerBased, got.Type)
	assert.Equal(t, []string{"us"}, got.DCs)

	tb := w.offline()
	assert.ErrorIs(t, w.s.DeleteClient(clientID("ghost")), zohoaccounts.ErrNotFound)
	require.NoError(t, w.s.DeleteClient(webClient.ID))
	assert.False(t, w.alive("us", tb.AccessToken))
	_, err = w.s.GetClient(webClient.ID)
	assert.ErrorIs(t, err, zohoaccounts.ErrNotFound)
	assert.Len(t, w.s.Clients(""), 4)
}

// TestSetConsent checks the consent mode validation.
func TestSetConsent(t *testing.T) {
	tests := []struct {
		name    string
		consent zohoaccounts.Consent
		err     error
	}{
		{"interactive", zohoaccounts.Consent{Mode: zohoaccounts.ConsentInteractive}, nil},
		{"deny", zohoaccounts.Consent{Mode: zohoaccounts.ConsentDeny}, nil},
		{"approve as bob", zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: bob.Email}, nil},
		{"approve as nobody", zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove}, zohoaccounts.ErrInvalid},
		{"approve as a stranger", zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: "x@y.z"}, zohoaccounts.ErrInvalid},
		{"empty mode", zohoaccounts.Consent{}, zohoaccounts.ErrInvalid},
		{"unknown mode", zohoaccounts.Consent{Mode: "auto"}, zohoaccounts.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			before := w.s.Consent()
			err := w.s.SetConsent(tt.consent)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				assert.Equal(t, before, w.s.Consent())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.consent, w.s.Consent())
		})
	}
}

// TestConfigDefaults checks the zero Config.
func TestConfigDefaults(t *testing.T) {
	cfg := zohoaccounts.New(zohoaccounts.Config{}, nil).Config()
	assert.Equal(t, zohoaccounts.Config{
		CodeLifetime: 2 * time.Minute, ThrottleStatus: 400, IPDeniedStatus: 400,
		AccessTokensPerRefreshToken: 15, RefreshTokensPerUserClient: 20, AccessTokenMints: 10, CodeMints: 10,
		Consent: zohoaccounts.Consent{Mode: zohoaccounts.ConsentInteractive},
	}, cfg)
	assert.Equal(t, zohoaccounts.Consent{Mode: zohoaccounts.ConsentInteractive}, zohoaccounts.New(zohoaccounts.Config{}, nil).Consent())
}

// TestGenerateCode checks self-client code generation (reference §9).
func TestGenerateCode(t *testing.T) {
	scopes := []string{"ZohoCRM.modules.ALL"}
	tests := []struct {
		name string
		req  zohoaccounts.SelfClientCode
		err  error
		life time.Duration
	}{
		{"default 3 minutes", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes}, nil, 3 * time.Minute},
		{"3 minutes", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, Lifetime: 3 * time.Minute}, nil, 3 * time.Minute},
		{"5 minutes", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, Lifetime: 5 * time.Minute}, nil, 5 * time.Minute},
		{"7 minutes", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, Lifetime: 7 * time.Minute}, nil, 7 * time.Minute},
		{"10 minutes", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, Lifetime: 10 * time.Minute}, nil, 10 * time.Minute},
		{"for its own org", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, OrgID: usOrgID}, nil, 3 * time.Minute},
		{"1 minute", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, Lifetime: time.Minute}, zohoaccounts.ErrInvalid, 0},
		{"2 minutes", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, Lifetime: 2 * time.Minute}, zohoaccounts.ErrInvalid, 0},
		{"4 minutes", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, Lifetime: 4 * time.Minute}, zohoaccounts.ErrInvalid, 0},
		{"15 minutes", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, Lifetime: 15 * time.Minute}, zohoaccounts.ErrInvalid, 0},
		{"negative", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, Lifetime: -3 * time.Minute}, zohoaccounts.ErrInvalid, 0},
		{"no scopes", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email}, zohoaccounts.ErrInvalid, 0},
		{"bad scope", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: []string{"ZohoCRM"}}, zohoaccounts.ErrInvalid, 0},
		{"not a self client", zohoaccounts.SelfClientCode{ClientID: webClient.ID, User: alice.Email, Scopes: scopes}, zohoaccounts.ErrInvalid, 0},
		{"unknown client", zohoaccounts.SelfClientCode{ClientID: clientID("ghost"), User: alice.Email, Scopes: scopes}, zohoaccounts.ErrNotFound, 0},
		{"unknown user", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: "ghost@acme.test", Scopes: scopes}, zohoaccounts.ErrNotFound, 0},
		{"unknown org", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, OrgID: "404"}, zohoaccounts.ErrNotFound, 0},
		{"a user of another org", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: bob.Email, Scopes: scopes}, zohoaccounts.ErrInvalid, 0},
		{"for another org", zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes, OrgID: euOrgID}, zohoaccounts.ErrInvalid, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			before := w.s.Export()
			g, err := w.s.GenerateCode(tt.req)
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				assert.Equal(t, before, w.s.Export())
				return
			}
			require.NoError(t, err)
			assert.Regexp(t, tokenRE, g.Code)
			assert.Equal(t, t0.Add(tt.life), g.ExpiresAt)
			assert.Equal(t, tt.req.Scopes, g.Scopes)
			w.clk.Advance(tt.life - time.Second)
			b := success(t, w.token("us", exchangeParams(selfClient, g.Code, "")))
			if tt.req.OrgID != "" {
				infos := w.s.Tokens(zohoaccounts.TokenFilter{Kind: "access"})
				require.Len(t, infos, 1)
				assert.Equal(t, tt.req.OrgID, infos[0].OrgID)
			}
			assert.NotEmpty(t, b.RefreshToken)
		})
	}
}

// TestGenerateCodeCopiesScopes: the caller's slice is not kept.
func TestGenerateCodeCopiesScopes(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	scopes := []string{"ZohoCRM.modules.ALL"}
	g, err := w.s.GenerateCode(zohoaccounts.SelfClientCode{ClientID: selfClient.ID, User: alice.Email, Scopes: scopes})
	require.NoError(t, err)
	scopes[0] = "ZohoCRM.everything.ALL"
	g.Scopes[0] = "Changed.by.caller"
	assert.Equal(t, "ZohoCRM.modules.ALL", success(t, w.token("us", exchangeParams(selfClient, g.Code, ""))).Scope)
}

// TestCatalogue: every error the service sends is in the catalogue with
// its wire status.
func TestCatalogue(t *testing.T) {
	cat := zohoaccounts.Catalogue()
	for code, status := range map[string]int{
		zohoaccounts.ErrInvalidCode: 200, zohoaccounts.ErrInvalidClient: 200, zohoaccounts.ErrInvalidClientSecret: 200,
		zohoaccounts.ErrInvalidRedirectURI: 200, zohoaccounts.ErrMissingOrgInfo: 200, zohoaccounts.ErrUnsupportedGrantType: 200,
		zohoaccounts.ErrInvalidRequest: 200, zohoaccounts.ErrInvalidScope: 200, zohoaccounts.ErrAccessDenied: 400,
		"invalid_token": 400, "internal_error": 500,
	} {
		e, ok := cat[code]
		if assert.True(t, ok, code) {
			assert.Equal(t, status, e.Status(), code)
		}
	}
	var zerr *zohoaccounts.Error
	assert.ErrorAs(t, cat[zohoaccounts.ErrInvalidCode], &zerr)
	assert.ErrorIs(t, cat[zohoaccounts.ErrInvalidCode], &zohoaccounts.Error{Code: zohoaccounts.ErrInvalidCode})
	assert.NotErrorIs(t, cat[zohoaccounts.ErrInvalidCode], &zohoaccounts.Error{Code: zohoaccounts.ErrInvalidClient})
	assert.Equal(t, "Access Denied: "+
		"You have made too many requests continuously. Please try again after some time.", cat[zohoaccounts.ErrAccessDenied].Error())
}
