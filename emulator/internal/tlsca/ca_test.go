package tlsca

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnsureMakesOnceThenLoads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	now := time.Now()
	ca, err := Ensure(dir, now)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, CertFile), ca.CertPath)
	info, err := os.Stat(filepath.Join(dir, KeyFile))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the CA key is its owner's alone")

	again, err := Ensure(dir, now.Add(time.Hour))
	require.NoError(t, err)
	assert.Equal(t, ca.Cert.Raw, again.Cert.Raw, "the CA clients trust stays the same across starts")
}

func TestLeafVerifiesForEveryName(t *testing.T) {
	ca, err := Ensure(t.TempDir(), time.Now())
	require.NoError(t, err)
	hosts := []string{"localhost", "127.0.0.1", "::1", "accounts.zoho.eu", "platform.adobe.io"}
	leaf, err := ca.Leaf(hosts, time.Now())
	require.NoError(t, err)
	for _, h := range hosts {
		_, err := leaf.Leaf.Verify(x509.VerifyOptions{DNSName: h, Roots: ca.Pool()})
		assert.NoError(t, err, h)
	}
	_, err = leaf.Leaf.Verify(x509.VerifyOptions{DNSName: "example.com", Roots: ca.Pool()})
	assert.Error(t, err, "only the names asked for")
	_, err = leaf.Leaf.Verify(x509.VerifyOptions{DNSName: "localhost"})
	assert.Error(t, err, "not trusted without the CA")
}

func TestEnsureRejectsBrokenFiles(t *testing.T) {
	tests := []struct {
		name       string
		cert, key  string
		wantErrSub string
	}{
		{"garbage", "not pem", "not pem", "tlsca"},
		{"cert without key", "", "", "tlsca"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, CertFile), []byte(tt.cert), 0o644))
			if tt.key != "" {
				require.NoError(t, os.WriteFile(filepath.Join(dir, KeyFile), []byte(tt.key), 0o600))
			}
			_, err := Ensure(dir, time.Now())
			assert.ErrorContains(t, err, tt.wantErrSub)
		})
	}
}
