package emulator_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

// trustingOnly is a client that trusts the CA in caPath and nothing else,
// and dials every host name at addr: what /etc/hosts pointing the vendor
// names at the emulator would do.
func trustingOnly(t *testing.T, caPath, addr string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(caPath)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(pem))
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool},
		ForceAttemptHTTP2: true,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}}
}

func TestTLSWithTheLocalCA(t *testing.T) {
	cfg, caPath, err := emulator.LocalTLS(t.TempDir(), time.Now())
	require.NoError(t, err)
	e := emulatortest.New(t, emulatortest.WithOptions(emulator.Options{Seed: emulator.Demo(), TLS: cfg}))
	require.True(t, strings.HasPrefix(e.URL(), "https://127.0.0.1:"), e.URL())
	addr := strings.TrimPrefix(e.URL(), "https://")
	c := trustingOnly(t, caPath, addr)

	tests := []struct {
		name, url, location string
	}{
		{"loopback address", e.URL() + "/oauth/serverinfo", "us"},
		{"localhost", "https://localhost:" + addr[strings.LastIndexByte(addr, ':')+1:] + "/oauth/serverinfo", "us"},
		{"Zoho EU by its production name", "https://accounts.zoho.eu/oauth/serverinfo", "eu"},
		{"Zoho Japan by its production name", "https://accounts.zoho.jp/oauth/serverinfo", "jp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.Journal().Clear()
			resp, err := c.Get(tt.url)
			require.NoError(t, err)
			body := decode(t, resp)
			require.Equal(t, http.StatusOK, resp.StatusCode, body)
			assert.Equal(t, "HTTP/2.0", resp.Proto, "HTTP/2 over TLS, as the vendors serve")
			got := e.Journal().Query(journal.Filter{})
			require.Len(t, got, 1)
			assert.Equal(t, tt.location, got[0].Location, "routed by the Host the client used")
		})
	}

	// Adobe's host names too: an IMS token from ims-na1.adobelogin.com.
	resp, err := c.PostForm("https://ims-na1.adobelogin.com/ims/token/v3", url.Values{"grant_type": {"client_credentials"},
		"client_id": {adobeims.DemoClientID}, "client_secret": {adobeims.DemoClientSecret}, "scope": {"openid,AdobeID"}})
	require.NoError(t, err)
	assert.Contains(t, decode(t, resp), "access_token")

	// A client that does not trust the local CA is refused.
	_, err = http.Get(e.URL() + "/_emulator/health")
	var unknown x509.UnknownAuthorityError
	assert.ErrorAs(t, err, &unknown)
	// Nor is the certificate good for names it was not made for.
	_, err = c.Get("https://example.com/oauth/serverinfo")
	var wrongName x509.HostnameError
	assert.ErrorAs(t, err, &wrongName)
}
