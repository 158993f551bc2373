package main

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHealthOverTLS asks an HTTPS server whose certificate only the
// given CA vouches for: refused without --cacert, healthy with it.
func TestHealthOverTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	}))
	defer srv.Close()
	caDir := t.TempDir()
	ca := filepath.Join(caDir, "ca.pem")
	addr := strings.TrimPrefix(srv.URL, "https://")
	require.NoError(t, os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600))
	notPEM := filepath.Join(t.TempDir(), "x.pem")
	require.NoError(t, os.WriteFile(notPEM, []byte("not a certificate"), 0o600))

	tests := []struct {
		name       string
		args       []string
		want       int
		wantStderr string
	}{
		{"trusted CA", []string{"--cacert", ca}, exitOK, ""},
		{"no CA: unknown authority", nil, exitFailure, "certificate"},
		{"missing CA file", []string{"--cacert", filepath.Join(t.TempDir(), "none.pem")}, exitUsage, "--cacert"},
		{"not a PEM file", []string{"--cacert", notPEM}, exitUsage, "no PEM certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := execCLI(t, context.Background(), nil, append([]string{"health", "--url", srv.URL}, tt.args...)...)
			assert.Equal(t, tt.want, code, stderr)
			assert.Contains(t, stderr, tt.wantStderr)
		})
	}

	// As the image's HEALTHCHECK runs it: serve's own variables only.
	sameAsServe := []struct {
		name string
		env  map[string]string
		want int
	}{
		{"ZOHOAEP_TLS and the CA in the data dir", map[string]string{"ZOHOAEP_ADDR": addr, "ZOHOAEP_TLS": "true", "ZOHOAEP_DATA_DIR": caDir}, exitOK},
		{"ZOHOAEP_TLS and the CA in the TLS dir", map[string]string{"ZOHOAEP_ADDR": addr, "ZOHOAEP_TLS": "true", "ZOHOAEP_TLS_DIR": caDir, "ZOHOAEP_DATA_DIR": t.TempDir()}, exitOK},
		{"HTTPS unsaid: plain HTTP to an HTTPS server", map[string]string{"ZOHOAEP_ADDR": addr, "ZOHOAEP_DATA_DIR": caDir}, exitFailure},
	}
	for _, tt := range sameAsServe {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := execCLI(t, context.Background(), tt.env, "health")
			assert.Equal(t, tt.want, code, stderr)
		})
	}
}
