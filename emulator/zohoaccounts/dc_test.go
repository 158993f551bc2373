package zohoaccounts_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// TestDataCentreClientNotEnabled: a client is known only at the accounts
// servers of the data centres it is enabled in (reference §1).
func TestDataCentreClientNotEnabled(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	for _, loc := range []string{"eu", "in", "au"} {
		zohoError(t, w.token(loc, exchangeParams(usOnlyClient, "1000.x", redirectURI)), http.StatusOK, zohoaccounts.ErrInvalidClient)
		zohoError(t, w.token(loc, refreshParams(usOnlyClient, "1000.x")), http.StatusOK, zohoaccounts.ErrInvalidClient)
		errorPageCheck(t, w.authorize(loc, authQuery(usOnlyClient, redirectURI, crmScopes)), http.StatusBadRequest, zohoaccounts.ErrInvalidClient)
	}
	// At home it is known: the error is about the code, not the client.
	zohoError(t, w.token("us", exchangeParams(usOnlyClient, "1000.x", redirectURI)), http.StatusOK, zohoaccounts.ErrInvalidCode)
}

// TestDataCentreUserElsewhere follows an EU user through a US-registered
// client: the redirect names the EU server, where the code must be
// exchanged and the tokens used (reference §1, §2).
func TestDataCentreUserElsewhere(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	require.NoError(t, w.s.SetConsent(zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: bob.Email}))
	rec := w.authorize("us", authQuery(webClient, redirectURI, crmScopes+","+profile, "state", "st", "access_type", "offline"))
	require.Equal(t, http.StatusFound, rec.Code)
	m := regexp.MustCompile(`^https://app\.example/callback\?state=st&code=(1000\.[0-9a-f]{32}\.[0-9a-f]{32})&location=eu&accounts-server=http%3A%2F%2F127\.0\.0\.1%3A9595%2Fdc%2Feu&$`).
		FindStringSubmatch(rec.Header().Get("Location"))
	require.NotNil(t, m, rec.Header().Get("Location"))
	code := m[1]

	before := w.s.Export()
	zohoError(t, w.token("us", exchangeParams(webClient, code, redirectURI)), http.StatusOK, zohoaccounts.ErrInvalidClient)
	zohoError(t, w.token("in", exchangeParams(webClient, code, redirectURI)), http.StatusOK, zohoaccounts.ErrInvalidClient)
	assert.Equal(t, before, w.s.Export(), "the wrong server does not burn the code")

	b := success(t, w.token("eu", exchangeParams(webClient, code, redirectURI)))
	assert.Equal(t, base+"/dc/eu", b.APIDomain)
	assert.NotEmpty(t, b.RefreshToken)
	infos := w.s.Tokens(zohoaccounts.TokenFilter{ZUID: bob.ZUID})
	require.Len(t, infos, 2)
	for _, info := range infos {
		assert.Equal(t, "eu", info.DC)
	}

	// Refresh and user info only at the EU server.
	zohoError(t, w.token("us", refreshParams(webClient, b.RefreshToken)), http.StatusOK, zohoaccounts.ErrInvalidClient)
	assert.Equal(t, base+"/dc/eu", success(t, w.token("eu", refreshParams(webClient, b.RefreshToken))).APIDomain)
	assert.Equal(t, http.StatusUnauthorized, w.userInfo("us", "Zoho-oauthtoken "+b.AccessToken).Code)
	assert.True(t, w.alive("eu", b.AccessToken))
	// Revoke too.
	assert.Equal(t, http.StatusBadRequest, w.revoke("us", b.RefreshToken).Code)
	assert.Equal(t, http.StatusOK, w.revoke("eu", b.RefreshToken).Code)
}

// TestDataCentreAuthorizeAtOtherServer: the authorization request can land
// on any server the client is enabled in; the user's DC still answers.
func TestDataCentreAuthorizeAtOtherServer(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	rec := w.authorize("eu", authQuery(webClient, redirectURI, crmScopes)) // alice is in the US
	u := redirected(t, rec)
	assert.Equal(t, "us", u.Query().Get("location"))
	assert.Equal(t, base, u.Query().Get("accounts-server"))
	assert.Equal(t, base, success(t, w.token("us", exchangeParams(webClient, u.Query().Get("code"), redirectURI))).APIDomain)
}

// TestDataCentreSecrets checks per-DC client secrets (reference §1).
func TestDataCentreSecrets(t *testing.T) {
	const euSecret = "eu-only-secret"
	tests := []struct {
		name   string
		loc    string
		secret string
		want   string
	}{
		{"EU secret at eu", "eu", euSecret, ""},
		{"main secret at eu", "eu", webClient.Secret, zohoaccounts.ErrInvalidClientSecret},
		{"main secret at us", "us", webClient.Secret, ""},
		{"EU secret at us", "us", euSecret, zohoaccounts.ErrInvalidClientSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			c := webClient
			c.DCSecrets = map[string]string{"eu": euSecret}
			_, err := w.s.UpdateClient(c)
			require.NoError(t, err)
			user := alice
			if tt.loc == "eu" {
				user = bob
			}
			require.NoError(t, w.s.SetConsent(zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: user.Email}))
			v := exchangeParams(webClient, w.code(), redirectURI)
			v.Set("client_secret", tt.secret)
			rec := w.token(tt.loc, v)
			if tt.want != "" {
				zohoError(t, rec, http.StatusOK, tt.want)
				return
			}
			success(t, rec)
		})
	}
}
