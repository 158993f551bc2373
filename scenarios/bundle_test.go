package scenarios_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/bundle"
	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

// TestFailureLeavesABundle: a failed scenario leaves a repro bundle that
// names it, holds the client's failing exchange, and starts an emulator
// at the moment the scenario ended; a passed one leaves none.
func TestFailureLeavesABundle(t *testing.T) {
	list, err := scenarios.Catalog()
	require.NoError(t, err)
	var sc scenarios.Scenario
	for _, s := range list {
		if s.ID == "refresh-token-revoked" {
			sc = s
		}
	}
	require.NotEmpty(t, sc.ID)
	dir := t.TempDir()
	broken, err := refclient.New(refclient.NeverRefreshes)
	require.NoError(t, err)
	res := scenarios.Execute(context.Background(), broken, []scenarios.Scenario{sc}, scenarios.Options{Bundles: dir}).Results[0]
	require.Equal(t, scenarios.Fail, res.Status, res.Reason)
	require.Equal(t, filepath.Join(dir, sc.ID+".bundle.json.gz"), res.Bundle)

	data, err := os.ReadFile(res.Bundle)
	require.NoError(t, err)
	b, err := bundle.Parse(data)
	require.NoError(t, err)
	got, ok := scenarios.BundledOf(b)
	require.True(t, ok)
	assert.Equal(t, "builtin:never-refreshes", got.Client)
	assert.Equal(t, sc.ID, got.Definition.ID)
	assert.Equal(t, res.Findings, got.Result.Findings)
	assert.Empty(t, b.Source, "an in-process emulator has no URL to name")
	require.NotEmpty(t, b.Failures(), "the client's failing exchange is in the journal")

	e, err := emulator.New(emulator.Options{Bundle: b})
	require.NoError(t, err)
	defer e.Close()
	assert.Equal(t, len(b.Journal), e.Journal().Len(), "the journal as the scenario left it")

	ref, err := refclient.New()
	require.NoError(t, err)
	passDir := t.TempDir()
	res = scenarios.Execute(context.Background(), ref, []scenarios.Scenario{sc}, scenarios.Options{Bundles: passDir}).Results[0]
	require.Equal(t, scenarios.Pass, res.Status)
	assert.Empty(t, res.Bundle)
	entries, err := os.ReadDir(passDir)
	require.NoError(t, err)
	assert.Empty(t, entries)

	_, ok = scenarios.BundledOf(&bundle.Bundle{})
	assert.False(t, ok, "a bundle exported by hand names no scenario")
}
