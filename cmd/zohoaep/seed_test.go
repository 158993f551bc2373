package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
)

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := rootCommand()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func TestSeedCommands(t *testing.T) {
	tmp := t.TempDir()
	demo := filepath.Join(tmp, "demo")
	out, err := runCLI(t, "seed", "export", demo)
	require.NoError(t, err, out)
	out, err = runCLI(t, "seed", "check", demo)
	require.NoError(t, err)
	assert.Contains(t, out, "a valid world")

	// A data dir made from the folder exports the same world.
	data := filepath.Join(tmp, "data")
	st, err := emulator.LoadSeedDir(demo)
	require.NoError(t, err)
	e, err := emulator.New(emulator.Options{Seed: st, DataDir: data})
	require.NoError(t, err)
	require.NoError(t, e.Close())
	one := filepath.Join(tmp, "world.json")
	_, err = runCLI(t, "seed", "export", one, "--data-dir", data)
	require.NoError(t, err)
	got, err := emulator.LoadSeed(one)
	require.NoError(t, err)
	ids := func(s *emulator.State) (out []string) {
		for _, c := range s.Zoho.Orgs[0].Clients {
			out = append(out, c.ID)
		}
		return out
	}
	assert.ElementsMatch(t, ids(st), ids(got))
	_, err = runCLI(t, "seed", "check", one)
	require.NoError(t, err)

	// From a running emulator, over TLS with the local CA.
	cfg, caPath, err := emulator.LocalTLS(filepath.Join(tmp, "ca"), time.Now())
	require.NoError(t, err)
	live, err := emulator.New(emulator.Options{Seed: st, TLS: cfg})
	require.NoError(t, err)
	defer live.Close()
	require.NoError(t, live.Start("127.0.0.1:0"))
	fromLive := filepath.Join(tmp, "live.yaml")
	_, err = runCLI(t, "seed", "export", fromLive, "--from", live.URL(), "--cacert", caPath)
	require.NoError(t, err)
	got, err = emulator.LoadSeed(fromLive)
	require.NoError(t, err)
	assert.ElementsMatch(t, ids(st), ids(got))
	_, err = runCLI(t, "seed", "export", fromLive, "--from", live.URL())
	assert.ErrorContains(t, err, "certificate", "without the CA the emulator is not trusted")

	_, err = runCLI(t, "seed", "export", filepath.Join(tmp, "x"), "--seed", one, "--seed-dir", demo)
	assert.ErrorContains(t, err, "exclude each other")
	_, err = runCLI(t, "seed", "check", filepath.Join(tmp, "missing"))
	assert.Error(t, err)
}
