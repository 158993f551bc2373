package zohoaccounts_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// TestTenantOfFollowsEveryChange holds TenantOf's memo to the state: every
// way a client or the whole state changes is seen by the next call.
func TestTenantOfFollowsEveryChange(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	s := w.s
	require.Equal(t, usOrgID, s.TenantOf(selfClient.ID))
	require.Equal(t, usOrgID, s.TenantOf(selfClient.ID), "remembered")

	require.NoError(t, s.DeleteClient(selfClient.ID))
	assert.Equal(t, "", s.TenantOf(selfClient.ID), "deleted client")

	require.Equal(t, usOrgID, s.TenantOf(webClient.ID))
	require.NoError(t, s.DeleteClient(webClient.ID))
	moved := webClient
	moved.OrgID = euOrgID
	_, err := s.RegisterClient(moved)
	require.NoError(t, err)
	assert.Equal(t, euOrgID, s.TenantOf(webClient.ID), "registered again in another org")

	require.NoError(t, s.Reset(""))
	assert.Equal(t, usOrgID, s.TenantOf(selfClient.ID), "reset to the seed")

	require.NoError(t, s.DeleteOrg(usOrgID))
	assert.Equal(t, "", s.TenantOf(selfClient.ID), "org deleted")

	snap := seed()
	require.NoError(t, s.Import(snap))
	assert.Equal(t, usOrgID, s.TenantOf(selfClient.ID), "imported")

	require.NoError(t, s.Seed(zohoaccounts.State{}))
	assert.Equal(t, "", s.TenantOf(selfClient.ID), "seeded empty")

	require.NoError(t, s.Seed(seed()))
	assert.Equal(t, euOrgID, s.TenantOf(selfEUClient.ID))
	require.NoError(t, s.Reset(euOrgID))
	assert.Equal(t, euOrgID, s.TenantOf(selfEUClient.ID), "tenant reset")
	assert.Equal(t, "", s.TenantOf(""))
}
