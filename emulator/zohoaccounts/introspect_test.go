package zohoaccounts_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

func TestIntrospectAndOrgAdmits(t *testing.T) {
	clk := clock.New(nil)
	clk.Freeze()
	s := zohoaccounts.New(zohoaccounts.Config{}, clk.Now)
	_, err := s.CreateOrg(zohoaccounts.Org{ID: "800000001", Name: "Acme", DC: "eu", AllowedIPs: []string{"198.51.100.0/24"}})
	require.NoError(t, err)
	_, err = s.CreateUser(zohoaccounts.User{ZUID: "800000002", OrgID: "800000001", Email: "a@acme.test"})
	require.NoError(t, err)
	self, err := s.RegisterClient(zohoaccounts.Client{ID: "1000.SELF", OrgID: "800000001", Type: zohoaccounts.SelfClient})
	require.NoError(t, err)
	code, err := s.GenerateCode(zohoaccounts.SelfClientCode{ClientID: "1000.SELF", User: "a@acme.test", Scopes: []string{"ZohoCRM.modules.ALL"}})
	require.NoError(t, err)
	assert.Equal(t, "eu", code.DC)

	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {"1000.SELF"},
		"client_secret": {self.Secret}, "code": {code.Code}}
	req := httptest.NewRequest(http.MethodPost, "/oauth/v2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req = httpx.WithLanding(req, httpx.Landing{Base: "http://e", Location: "eu", Source: netip.MustParseAddr("198.51.100.1")})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &tok), rec.Body.String())

	g, ok := s.Introspect(tok.AccessToken)
	require.True(t, ok)
	assert.Equal(t, zohoaccounts.Grant{ClientID: "1000.SELF", ZUID: "800000002", OrgID: "800000001", DC: "eu",
		Scopes: []string{"ZohoCRM.modules.ALL"}, Expires: clk.Now().Add(time.Hour)}, g)

	_, ok = s.Introspect("1000.nope")
	assert.False(t, ok, "unknown token")
	clk.Advance(time.Hour)
	_, ok = s.Introspect(tok.AccessToken)
	assert.False(t, ok, "expired token")

	assert.True(t, s.OrgAdmits("800000001", netip.MustParseAddr("198.51.100.9")))
	assert.False(t, s.OrgAdmits("800000001", netip.MustParseAddr("203.0.113.1")))
	assert.False(t, s.OrgAdmits("nope", netip.MustParseAddr("198.51.100.9")))
}
