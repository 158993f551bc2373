package contracts

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/openapi"
)

func TestBackgroundLoadsOnceLikeLoad(t *testing.T) {
	p := Background(openapi.ZohoAccounts)
	c, err := p.Contract()
	require.NoError(t, err)
	loaded, err := Load(openapi.ZohoAccounts)
	require.NoError(t, err)
	assert.Same(t, loaded, c, "one parse per process")

	_, err = Background("no-such-contract").Contract()
	assert.Error(t, err)
}
