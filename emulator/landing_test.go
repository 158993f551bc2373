package emulator

import (
	"crypto/tls"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// baseFor remembers the last base it built; hosts and schemes taking turns
// still get their own.
func TestBaseForEachHost(t *testing.T) {
	e, err := New(Options{})
	require.NoError(t, err)
	for range 3 {
		for _, tt := range []struct {
			host string
			tls  bool
			want string
		}{
			{"127.0.0.1:9595", false, "http://127.0.0.1:9595"},
			{"emulator:9595", false, "http://emulator:9595"},
			{"emulator:9595", true, "https://emulator:9595"},
			{"accounts.zoho.eu", true, unservedURL}, // a vendor host is never handed back
		} {
			r := httptest.NewRequest("GET", "/", nil)
			r.Host = tt.host
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			assert.Equal(t, tt.want, e.baseFor(r), tt.host)
		}
	}
}
