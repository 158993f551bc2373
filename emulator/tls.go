package emulator

import (
	"crypto/tls"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/tlsca"
	"github.com/zohoaep/zohoaep/internal/zohodc"
)

// TLSNames are the names the emulator's certificate is valid for:
// loopback, and every production host name the front door routes by Host,
// so a client whose resolver (or dialer) points accounts.zoho.eu at the
// emulator verifies it as it would verify Zoho.
func TLSNames() []string {
	names := []string{"localhost", "127.0.0.1", "::1"}
	for _, dc := range zohodc.All {
		names = append(names, dc.AccountsHost, dc.APIHost)
	}
	return append(names, adobeHosts...)
}

// LocalTLS returns a server TLS configuration signed by the local CA kept
// in dir (made there on first use), valid for TLSNames and extra, and the
// path of the CA certificate clients should trust. now is wall time.
func LocalTLS(dir string, now time.Time, extra ...string) (cfg *tls.Config, caPath string, err error) {
	ca, err := tlsca.Ensure(dir, now)
	if err != nil {
		return nil, "", err
	}
	leaf, err := ca.Leaf(append(TLSNames(), extra...), now)
	if err != nil {
		return nil, "", err
	}
	return &tls.Config{Certificates: []tls.Certificate{leaf}, MinVersion: tls.VersionTLS12}, ca.CertPath, nil
}
