package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
)

func TestServeDurableOptions(t *testing.T) {
	seedDir := t.TempDir()
	require.NoError(t, emulator.WriteSeedDir(seedDir, emulator.State{Version: emulator.StateVersion}))
	tests := []struct {
		name    string
		edit    func(*serveFlags)
		check   func(*testing.T, *serveFlags, emulator.Options)
		wantErr string
	}{
		{"data dir", func(f *serveFlags) { f.durable.dataDir = "/var/lib/zohoaep" }, func(t *testing.T, _ *serveFlags, o emulator.Options) {
			assert.Equal(t, "/var/lib/zohoaep", o.DataDir)
			assert.Nil(t, o.TLS)
		}, ""},
		{"seed folder", func(f *serveFlags) { f.durable.seedDir = seedDir }, func(t *testing.T, _ *serveFlags, o emulator.Options) {
			require.NotNil(t, o.Seed)
			assert.Empty(t, o.Seed.Zoho.Orgs, "the folder's world, not the demo")
		}, ""},
		{"tls keeps its CA in the data dir", func(f *serveFlags) {
			f.durable.tls, f.durable.dataDir = true, filepath.Join(t.TempDir(), "data")
		}, func(t *testing.T, f *serveFlags, o emulator.Options) {
			require.NotNil(t, o.TLS)
			assert.Equal(t, filepath.Join(f.durable.dataDir, "ca.pem"), f.caPath)
			_, err := os.Stat(f.caPath)
			assert.NoError(t, err)
		}, ""},
		{"tls dir wins", func(f *serveFlags) {
			f.durable.tls, f.durable.tlsDir, f.durable.tlsHosts = true, filepath.Join(t.TempDir(), "ca"), []string{"zohoaep.internal"}
		}, func(t *testing.T, f *serveFlags, o emulator.Options) {
			assert.Equal(t, filepath.Join(f.durable.tlsDir, "ca.pem"), f.caPath)
			assert.Contains(t, o.TLS.Certificates[0].Leaf.DNSNames, "zohoaep.internal")
		}, ""},
		{"seed folder and seed", func(f *serveFlags) { f.durable.seedDir, f.seed = seedDir, "x.yaml" }, nil, "--seed-dir excludes"},
		{"seed folder and empty", func(f *serveFlags) { f.durable.seedDir, f.empty = seedDir, true }, nil, "--seed-dir excludes"},
		{"missing seed folder", func(f *serveFlags) { f.durable.seedDir = filepath.Join(seedDir, "nope") }, nil, "no such file"},
		{"tls host without tls", func(f *serveFlags) { f.durable.tlsHosts = []string{"x"} }, nil, "need --tls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := serveFlags{consent: "interactive"}
			tt.edit(&f)
			opts, err := f.options(discard)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			tt.check(t, &f, opts)
		})
	}
}

// serve --export-on-exit writes the state when the process is told to
// stop, after the last request.
func TestServeExportsOnExit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "after")
	root := rootCommand()
	var stdout syncWriter
	root.SetOut(&stdout)
	root.SetErr(io.Discard)
	root.SetArgs([]string{"serve", "--addr", "127.0.0.1:0", "--frozen-at", "2026-05-01T10:00:00Z", "--export-on-exit", out})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "listening on") }, 10*time.Second, 10*time.Millisecond)
	stop()
	require.NoError(t, <-done)

	st, err := emulator.LoadSeedDir(out)
	require.NoError(t, err)
	require.NotNil(t, st.Clock)
	assert.True(t, st.Clock.Frozen)
	assert.Equal(t, "2026-05-01T10:00:00Z", st.Clock.Now.UTC().Format(time.RFC3339))
	assert.Equal(t, emulator.DemoOrgID, st.Zoho.Orgs[0].ID)
}

// syncWriter is a bytes.Buffer safe for the server's goroutine and the test.
type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
