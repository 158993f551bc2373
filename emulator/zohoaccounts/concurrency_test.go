package zohoaccounts_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// TestConcurrentUse drives every endpoint and the Go API at once; run with
// -race it checks the locking.
func TestConcurrentUse(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{CodeMints: 1 << 20, AccessTokenMints: 1 << 20})
	tb := w.offline()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				assert.Equal(t, http.StatusOK, w.token("us", refreshParams(webClient, tb.RefreshToken)).Code)
				code := w.authorize("us", authQuery(webClient, redirectURI, crmScopes))
				assert.Equal(t, http.StatusFound, code.Code)
				w.userInfo("us", "Zoho-oauthtoken "+tb.AccessToken)
				g, err := w.s.GenerateCode(zohoaccounts.SelfClientCode{ClientID: selfEUClient.ID, User: bob.Email, Scopes: []string{"ZohoCRM.modules.ALL"}})
				if assert.NoError(t, err) {
					w.token("eu", exchangeParams(selfEUClient, g.Code, ""))
				}
				_ = w.s.Export()
				_ = w.s.Tokens(zohoaccounts.TokenFilter{})
				if i%10 == 9 {
					assert.NoError(t, w.s.Reset(euOrgID))
				}
			}
		}()
	}
	wg.Wait()
}
