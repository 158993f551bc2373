package adobeims_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

// TestConcurrentUse mints, verifies, edits and resets at once; run with
// -race.
func TestConcurrentUse(t *testing.T) {
	w := newWorld(t, adobeims.Config{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 20 {
				rec := w.token(grant(acmeCred))
				if rec.Code == 200 {
					var b tokenBody
					_ = json.Unmarshal(rec.Body.Bytes(), &b)
					_, _ = w.s.Verify(b.AccessToken)
				}
				_, _ = w.s.Sandbox(acmeOrg, "dev-1")
				_ = w.s.TenantOf(otherCred.ClientID)
				if i == 0 {
					_ = w.s.Reset(acmeOrg)
					_ = w.s.DeleteCredential(narrowCred.ClientID)
				}
				_ = w.s.Export()
			}
		})
	}
	wg.Wait()
	assert.NoError(t, w.s.Reset(""))
	assert.Equal(t, newWorld(t, adobeims.Config{}).s.Export(), w.s.Export())
}
