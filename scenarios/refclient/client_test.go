package refclient_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

func TestBuiltin(t *testing.T) {
	ref, err := refclient.Builtin("reference")
	require.NoError(t, err)
	assert.Equal(t, "builtin:reference", ref.Name())
	assert.Equal(t, scenarios.Roles, ref.Roles())
	for _, f := range refclient.Flaws() {
		c, err := refclient.Builtin(string(f))
		require.NoError(t, err)
		assert.Equal(t, "builtin:"+string(f), c.Name())
	}
	_, err = refclient.Builtin("tea-maker")
	assert.ErrorContains(t, err, "no flaw")
	_, err = refclient.New(refclient.NoRetry, refclient.PageOnly)
	assert.ErrorContains(t, err, "one flaw at a time")
}

// Every session plays every role.
func TestSessionPlaysEveryRole(t *testing.T) {
	ref, err := refclient.New()
	require.NoError(t, err)
	s, err := ref.Open("x")
	require.NoError(t, err)
	defer s.Close()
	assert.Implements(t, (*scenarios.ZohoOAuth)(nil), s)
	assert.Implements(t, (*scenarios.CRMReader)(nil), s)
	assert.Implements(t, (*scenarios.AEPConnection)(nil), s)
	assert.Implements(t, (*scenarios.AEPDataflow)(nil), s)
}
