package scenarios_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

func TestReferenceClientPassesTheCatalogue(t *testing.T) {
	ref, err := refclient.New()
	require.NoError(t, err)
	scenarios.Run(t, ref)
}
