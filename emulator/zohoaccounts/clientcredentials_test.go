package zohoaccounts_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

func clientCredentials(c zohoaccounts.Client, kv ...string) map[string]string {
	m := map[string]string{"grant_type": "client_credentials", "client_id": c.ID, "client_secret": c.Secret,
		"scope": "ZohoCRM.modules.ALL,ZohoCRM.org.READ"}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// TestClientCredentials checks the Self Client's client_credentials grant
// for the org named by soid (reference §9).
func TestClientCredentials(t *testing.T) {
	tests := []struct {
		name   string
		loc    string
		params map[string]string // "" values are left out
		want   string            // error code, or "" for success
		domain string
	}{
		{"US self client", "us", clientCredentials(selfClient, "soid", "ZohoCRM."+usOrgID), "", base},
		{"EU self client at eu", "eu", clientCredentials(selfEUClient, "soid", "ZohoCRM."+euOrgID), "", base + "/dc/eu"},
		{"any service prefix names the org", "us", clientCredentials(selfClient, "soid", "ZohoBooks."+usOrgID), "", base},
		{"missing soid", "us", clientCredentials(selfClient), zohoaccounts.ErrMissingOrgInfo, ""},
		{"soid without a dot", "us", clientCredentials(selfClient, "soid", usOrgID), zohoaccounts.ErrMissingOrgInfo, ""},
		{"soid of an unknown org", "us", clientCredentials(selfClient, "soid", "ZohoCRM.999"), zohoaccounts.ErrMissingOrgInfo, ""},
		{"soid of an org in another DC", "eu", clientCredentials(selfEUClient, "soid", "ZohoCRM."+usOrgID), zohoaccounts.ErrMissingOrgInfo, ""},
		{"soid of another tenant's org", "us", clientCredentials(selfClient, "soid", "ZohoCRM.300000000000000003"), zohoaccounts.ErrMissingOrgInfo, ""},
		{"EU self client at us", "us", clientCredentials(selfEUClient, "soid", "ZohoCRM."+euOrgID), zohoaccounts.ErrInvalidClient, ""},
		{"server-based client", "us", clientCredentials(webClient, "soid", "ZohoCRM."+usOrgID), zohoaccounts.ErrUnsupportedGrantType, ""},
		{"javascript client", "us", clientCredentials(spaClient, "soid", "ZohoCRM."+usOrgID), zohoaccounts.ErrUnsupportedGrantType, ""},
		{"wrong secret", "us", clientCredentials(selfClient, "soid", "ZohoCRM."+usOrgID, "client_secret", "nope"), zohoaccounts.ErrInvalidClientSecret, ""},
		{"no scope", "us", clientCredentials(selfClient, "soid", "ZohoCRM."+usOrgID, "scope", ""), zohoaccounts.ErrInvalidScope, ""},
		{"malformed scope", "us", clientCredentials(selfClient, "soid", "ZohoCRM."+usOrgID, "scope", "ZohoCRM..ALL"), zohoaccounts.ErrInvalidScope, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			// Another tenant in the US with its own self client.
			_, err := w.s.CreateOrg(zohoaccounts.Org{ID: "300000000000000003", Name: "Other Co"})
			require.NoError(t, err)
			_, err = w.s.RegisterClient(zohoaccounts.Client{OrgID: "300000000000000003", Type: zohoaccounts.SelfClient})
			require.NoError(t, err)

			v := vals()
			for k, val := range tt.params {
				if val != "" {
					v.Set(k, val)
				}
			}
			before := w.s.Export()
			rec := w.token(tt.loc, v)
			if tt.want != "" {
				zohoError(t, rec, http.StatusOK, tt.want)
				assert.Equal(t, before, w.s.Export(), "a refused request changes nothing")
				return
			}
			b := success(t, rec)
			assert.Empty(t, b.RefreshToken, "client_credentials never gives a refresh token")
			assert.Equal(t, "ZohoCRM.modules.ALL ZohoCRM.org.READ", b.Scope)
			assert.Equal(t, tt.domain, b.APIDomain)

			infos := w.s.Tokens(zohoaccounts.TokenFilter{Kind: "access"})
			require.Len(t, infos, 1)
			assert.Equal(t, tt.params["client_id"], infos[0].ClientID)
			assert.Empty(t, infos[0].ZUID, "no user behind it")
			assert.NotEmpty(t, infos[0].OrgID)
			assert.Equal(t, tt.loc, infos[0].DC)
			// Not a user's token: the user info endpoint refuses it.
			assert.Equal(t, http.StatusUnauthorized, w.userInfo(tt.loc, "Zoho-oauthtoken "+b.AccessToken).Code)
		})
	}
}
