package scenarios_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

// TestAgainstAServingEmulator steers an emulator already serving the demo
// world through its control API, as --emulator does: each scenario resets
// it, and a scenario that sets the AEP region is skipped.
func TestAgainstAServingEmulator(t *testing.T) {
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo()})
	require.NoError(t, err)
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })

	all, err := scenarios.Catalog()
	require.NoError(t, err)
	list, err := scenarios.Select(all, []string{"grant-code-reused", "refresh-once-per-expiry", "scope-mismatch",
		"stale-etag-on-patch", "ip-allowlist-aep-region-allowed"}, nil)
	require.NoError(t, err)

	ref, err := refclient.New()
	require.NoError(t, err)
	rep := scenarios.Execute(context.Background(), ref, list, scenarios.Options{Target: scenarios.Target{URL: e.URL()}, Parallel: 4})
	for _, r := range rep.Results {
		if r.ID == "ip-allowlist-aep-region-allowed" {
			assert.Equal(t, scenarios.Skip, r.Status)
			assert.Contains(t, r.Reason, "region")
			continue
		}
		assert.Equal(t, scenarios.Pass, r.Status, "%s: %s %+v", r.ID, r.Reason, r.Findings)
	}

	broken, err := refclient.New(refclient.RefreshesEveryCall)
	require.NoError(t, err)
	one, err := scenarios.Select(all, []string{"refresh-once-per-expiry"}, nil)
	require.NoError(t, err)
	rep = scenarios.Execute(context.Background(), broken, one, scenarios.Options{Target: scenarios.Target{URL: e.URL()}})
	require.Len(t, rep.Results, 1)
	assert.Equal(t, "refresh-once-per-expiry", rep.Results[0].ID)
	assert.Equal(t, scenarios.Fail, rep.Results[0].Status, "the journal is read back over HTTP too")
}
