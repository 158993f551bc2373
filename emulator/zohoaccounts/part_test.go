package zohoaccounts_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// An org's part of the state holds its users, clients and their grants,
// leaves out any grant that names a user or client of another org, and
// imports on its own.
func TestPartOfTheState(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	usRefresh := w.offline().RefreshToken // alice, the US web client
	g, err := w.s.GenerateCode(zohoaccounts.SelfClientCode{ClientID: selfEUClient.ID, User: bob.Email, Scopes: []string{"ZohoCRM.modules.ALL"}})
	require.NoError(t, err)
	euRefresh := success(t, w.token("eu", exchangeParams(selfEUClient, g.Code, ""))).RefreshToken
	require.NoError(t, w.s.SetConsent(zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: bob.Email}))
	code := w.code("access_type", "offline", "prompt", "consent") // bob of the EU org, the US org's web client
	crossRefresh := success(t, w.token("eu", exchangeParams(webClient, code, redirectURI))).RefreshToken
	require.NotEmpty(t, euRefresh)
	require.NotEmpty(t, crossRefresh)

	whole := w.s.Export()
	for _, tt := range []struct {
		org        string
		kept, gone []string
	}{
		{usOrgID, []string{usRefresh, webClient.Secret, alice.Email}, []string{euRefresh, crossRefresh, selfEUClient.Secret, bob.Email}},
		{euOrgID, []string{euRefresh, selfEUClient.Secret, bob.Email}, []string{usRefresh, crossRefresh, webClient.Secret, alice.Email}},
	} {
		t.Run(tt.org, func(t *testing.T) {
			part := whole.Part(tt.org)
			doc, err := json.Marshal(part)
			require.NoError(t, err)
			for _, s := range tt.kept {
				assert.Contains(t, string(doc), s)
			}
			for _, s := range tt.gone {
				assert.NotContains(t, string(doc), s, "another org's, or a grant across orgs")
			}
			fresh := zohoaccounts.New(zohoaccounts.Config{}, w.clk.Now)
			require.NoError(t, fresh.Import(part), "the part imports on its own")
			assert.Equal(t, part.AccessTokens, fresh.Export().AccessTokens)
		})
	}
	both := whole.Part(usOrgID, euOrgID)
	assert.Len(t, both.RefreshTokens, len(whole.RefreshTokens), "the grant across them is in the part of both")
	assert.Empty(t, whole.Part("999999999").Orgs)
}
