package emulator_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
)

func sameState(t *testing.T, want, got emulator.State) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, string(w), string(g))
}

func TestSeedDirRoundTrip(t *testing.T) {
	e := emulatortest.New(t)
	changeWorld(t, e) // tokens, a CRM record, a frozen clock
	want := e.Export()

	for _, target := range []string{"folder", "world.json", "world.yaml"} {
		t.Run(target, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), target)
			require.NoError(t, emulator.WriteStateFile(path, want))
			var got *emulator.State
			var err error
			if target == "folder" {
				names, _ := os.ReadDir(path)
				assert.Len(t, names, 6, "one file per concern; no fault rules, no faults.yaml")
				got, err = emulator.LoadSeedDir(path)
			} else {
				got, err = emulator.LoadSeed(path)
			}
			require.NoError(t, err)
			sameState(t, want, *got)

			// And the world it describes is the same world.
			again, err := emulator.New(emulator.Options{Seed: got})
			require.NoError(t, err)
			require.NoError(t, again.Import(*got))
			sameState(t, want, again.Export())
		})
	}
}

func TestLoadSeedDirRejects(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"unknown file", map[string]string{"zohoo.yaml": "{}"}, "unknown file"},
		{"unknown field", map[string]string{"zoho.yaml": "orgz: []"}, "unknown field"},
		{"not yaml", map[string]string{"ims.yaml": "orgs: [\n"}, "ims.yaml"},
		{"same concern twice", map[string]string{"ims.yaml": "orgs: []", "ims.json": `{"orgs":[]}`}, "twice"},
		{"world not a mapping", map[string]string{"world.yaml": "- 1"}, "mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tt.files {
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600))
			}
			_, err := emulator.LoadSeedDir(dir)
			assert.ErrorContains(t, err, tt.want)
		})
	}
	_, err := emulator.LoadSeedDir(filepath.Join(t.TempDir(), "missing"))
	assert.Error(t, err)
}

func TestSeedDirOfTheDemoWorldReads(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, emulator.WriteSeedDir(dir, *emulator.Demo()))
	zoho, err := os.ReadFile(filepath.Join(dir, "zoho.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(zoho), "email: admin@zylker.test", "plain block YAML, not JSON in disguise")
	got, err := emulator.LoadSeedDir(dir)
	require.NoError(t, err)
	sameState(t, *emulator.Demo(), *got)
}

// FuzzLoadSeedDir feeds a concern's file arbitrary bytes: loading never
// panics, and what loads writes back and reloads as the same world.
func FuzzLoadSeedDir(f *testing.F) {
	f.Add("zoho", []byte("orgs: []\n"))
	f.Add("ims", []byte(`{"orgs":[{"id":"X@AdobeOrg","name":"x"}]}`))
	f.Add("world", []byte("version: 1\n"))
	f.Add("clock", []byte("now: 2026-01-01T00:00:00Z\nfrozen: true\n"))
	f.Add("faults", []byte("- match: {service: zoho-crm}\n  action: {status: 500}\n"))
	f.Add("crm", []byte("service: {orgs: []}\ndata: [{spec: {org_id: '1', seed: 3}}]\n"))
	f.Add("zoho", []byte("orgs: [{id: '1', name: '\"true\"', dc: us}]\n"))
	f.Fuzz(func(t *testing.T, concern string, body []byte) {
		dir := t.TempDir()
		if concern == "" || filepath.Base(concern) != concern || concern[0] == '.' {
			return
		}
		if err := os.WriteFile(filepath.Join(dir, concern+".yaml"), body, 0o600); err != nil {
			return
		}
		st, err := emulator.LoadSeedDir(dir)
		if err != nil {
			return
		}
		out := t.TempDir()
		require.NoError(t, emulator.WriteSeedDir(out, *st))
		again, err := emulator.LoadSeedDir(out)
		require.NoError(t, err)
		sameState(t, *st, *again)
	})
}
