package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/scenarios"
)

func TestCassetteScenarioCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "token-exchange-then-read.yaml")
	msg, err := runToolkit(t, "cassette", "scenario", "../../contracts/cassette/testdata/session.json", "-o", out)
	require.NoError(t, err, msg)
	assert.Contains(t, msg, "wrote scenario token-exchange-then-read")
	assert.Contains(t, msg, "note: added a step (authorize)")
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	sc, err := scenarios.Parse(data)
	require.NoError(t, err)
	assert.Equal(t, "token-exchange-then-read", sc.ID, "the file's name")
	assert.Equal(t, []scenarios.Role{scenarios.RoleZohoOAuth, scenarios.RoleCRMReader}, sc.Roles)

	stdout, err := runToolkit(t, "cassette", "scenario", "../../contracts/cassette/testdata/session.json", "--id", "from-stdout")
	require.NoError(t, err)
	assert.Contains(t, stdout, "id: from-stdout")

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"version":1,"interactions":[]}`), 0o600))
	for _, args := range [][]string{
		{"cassette", "scenario", bad},
		{"cassette", "scenario", filepath.Join(dir, "missing.json")},
		{"cassette", "scenario", "../../contracts/cassette/testdata/session.json", "--id", "Not An Id"},
		{"cassette", "scenario"},
	} {
		_, err := runToolkit(t, args...)
		assert.Error(t, err, args)
	}
}
