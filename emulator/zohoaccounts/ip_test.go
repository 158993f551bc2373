package zohoaccounts_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// TestIPAllowLists checks org and client allow lists at the token endpoint
// (reference §13; the rejection body is synthetic).
func TestIPAllowLists(t *testing.T) {
	inList := []string{"203.0.113.0/24", "2001:db8::/32"}
	tests := []struct {
		name      string
		cfg       zohoaccounts.Config
		orgIPs    []string
		clientIPs []string
		src       netip.Addr
		status    int // 0: allowed
	}{
		{"no lists", zohoaccounts.Config{}, nil, nil, otherIP, 0},
		{"org list admits", zohoaccounts.Config{}, inList, nil, srcIP, 0},
		{"org list admits IPv6", zohoaccounts.Config{}, inList, nil, netip.MustParseAddr("2001:db8::7"), 0},
		{"org list admits a single address", zohoaccounts.Config{}, []string{"198.51.100.77"}, nil, otherIP, 0},
		{"org list refuses", zohoaccounts.Config{}, inList, nil, otherIP, http.StatusBadRequest},
		{"org list refuses an unknown source", zohoaccounts.Config{}, inList, nil, netip.Addr{}, http.StatusBadRequest},
		{"client list admits", zohoaccounts.Config{}, nil, inList, srcIP, 0},
		{"client list refuses", zohoaccounts.Config{}, nil, inList, otherIP, http.StatusBadRequest},
		{"both admit", zohoaccounts.Config{}, inList, inList, srcIP, 0},
		{"client refuses though the org admits", zohoaccounts.Config{}, []string{"0.0.0.0/0"}, inList, otherIP, http.StatusBadRequest},
		{"org refuses though the client admits", zohoaccounts.Config{}, inList, []string{"0.0.0.0/0"}, otherIP, http.StatusBadRequest},
		{"configured status 403", zohoaccounts.Config{IPDeniedStatus: http.StatusForbidden}, inList, nil, otherIP, http.StatusForbidden},
		{"configured status 200", zohoaccounts.Config{IPDeniedStatus: http.StatusOK}, nil, inList, otherIP, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, tt.cfg)
			// Tokens minted before the lists exist.
			tb := w.offline()
			code := w.code()
			selfCode := w.selfCode()

			_, err := w.s.UpdateOrg(zohoaccounts.Org{ID: usOrgID, Name: "Acme US", DC: "us", AllowedIPs: tt.orgIPs})
			require.NoError(t, err)
			for _, c := range []zohoaccounts.Client{webClient, selfClient} {
				c.AllowedIPs = tt.clientIPs
				_, err = w.s.UpdateClient(c)
				require.NoError(t, err)
			}

			check := func(name string, v map[string]string) {
				params := vals()
				for k, val := range v {
					params.Set(k, val)
				}
				before := w.s.Export()
				rec := w.tokenFrom("us", tt.src, params)
				if tt.status == 0 {
					success(t, rec)
					return
				}
				accessDenied(t, rec, tt.status, ipDeniedJSON)
				assert.Equal(t, before, w.s.Export(), "%s: a refused request changes nothing", name)
			}
			check("code", map[string]string{"grant_type": "authorization_code", "client_id": webClient.ID,
				"client_secret": webClient.Secret, "code": code, "redirect_uri": redirectURI})
			check("refresh", map[string]string{"grant_type": "refresh_token", "client_id": webClient.ID,
				"client_secret": webClient.Secret, "refresh_token": tb.RefreshToken})
			check("self-client code", map[string]string{"grant_type": "authorization_code", "client_id": selfClient.ID,
				"client_secret": selfClient.Secret, "code": selfCode})
			check("client credentials", map[string]string{"grant_type": "client_credentials", "client_id": selfClient.ID,
				"client_secret": selfClient.Secret, "scope": "ZohoCRM.modules.ALL", "soid": "ZohoCRM." + usOrgID})
		})
	}
}

// TestIPAllowListOtherOrg: an org's list binds its own users only.
func TestIPAllowListOtherOrg(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	_, err := w.s.UpdateOrg(zohoaccounts.Org{ID: euOrgID, Name: "Acme EU", DC: "eu", AllowedIPs: []string{"192.0.2.1"}})
	require.NoError(t, err)
	tb := w.offline()
	success(t, w.tokenFrom("us", otherIP, refreshParams(webClient, tb.RefreshToken)))
}

// TestIPAllowListUserInfo: the user's org list applies to /oauth/user/info.
func TestIPAllowListUserInfo(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	tb := w.offline()
	_, err := w.s.UpdateOrg(zohoaccounts.Org{ID: usOrgID, Name: "Acme US", DC: "us", AllowedIPs: []string{"198.51.100.0/24"}})
	require.NoError(t, err)
	r := func() *http.Request {
		req := httptest.NewRequest(http.MethodGet, "/oauth/user/info", nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+tb.AccessToken)
		return req
	}
	assert.Equal(t, http.StatusOK, w.serveFrom(r(), "us", otherIP).Code)
	accessDenied(t, w.serveFrom(r(), "us", srcIP), http.StatusBadRequest, ipDeniedJSON)
}

// TestIPAllowListAuthorize: at the authorization request a refused source
// sees an HTML 403 page, never a redirect or a code.
func TestIPAllowListAuthorize(t *testing.T) {
	tests := []struct {
		name    string
		consent zohoaccounts.ConsentMode
	}{
		{"approve mode", zohoaccounts.ConsentApprove},
		{"interactive sign-in", zohoaccounts.ConsentInteractive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			require.NoError(t, w.s.SetConsent(zohoaccounts.Consent{Mode: tt.consent, User: alice.Email}))
			_, err := w.s.UpdateOrg(zohoaccounts.Org{ID: usOrgID, Name: "Acme US", DC: "us", AllowedIPs: []string{"198.51.100.0/24"}})
			require.NoError(t, err)
			q := authQuery(webClient, redirectURI, crmScopes, "state", "s")
			var send func(src netip.Addr) *httptest.ResponseRecorder
			if tt.consent == zohoaccounts.ConsentApprove {
				send = func(src netip.Addr) *httptest.ResponseRecorder {
					return w.serveFrom(httptest.NewRequest(http.MethodGet, "/oauth/v2/auth?"+q.Encode(), nil), "us", src)
				}
			} else {
				form := vals("email", alice.Email, "password", alice.Password, "action", "accept")
				for k, v := range q {
					form[k] = v
				}
				send = func(src netip.Addr) *httptest.ResponseRecorder {
					return w.serveFrom(postForm("/oauth/v2/auth", form), "us", src)
				}
			}
			before := w.s.Export()
			rec := send(srcIP)
			assert.Equal(t, http.StatusForbidden, rec.Code)
			assert.Empty(t, rec.Header().Get("Location"))
			assert.Equal(t, "text/html;charset=UTF-8", rec.Header().Get("Content-Type"))
			assert.Contains(t, rec.Body.String(), "Access denied from this IP address.")
			assert.Equal(t, before, w.s.Export(), "no code for a refused source")

			codeFrom(t, send(otherIP))
		})
	}
}
