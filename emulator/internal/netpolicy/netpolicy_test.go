package netpolicy

import (
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSourceIP(t *testing.T) {
	trusted, err := ParseList([]string{"10.0.0.0/8", "127.0.0.1"})
	require.NoError(t, err)
	tests := []struct {
		name, remote, xff, want string
		policy                  Policy
	}{
		{"peer only", "203.0.113.9:5555", "", "203.0.113.9", Policy{}},
		{"xff ignored from untrusted peer", "203.0.113.9:5555", "198.51.100.1", "203.0.113.9", Policy{trusted}},
		{"xff ignored without trusted proxies", "127.0.0.1:1", "198.51.100.1", "127.0.0.1", Policy{}},
		{"xff believed from trusted peer", "127.0.0.1:1", "198.51.100.1", "198.51.100.1", Policy{trusted}},
		{"rightmost untrusted hop wins", "127.0.0.1:1", "192.0.2.1, 198.51.100.1, 10.1.2.3", "198.51.100.1", Policy{trusted}},
		{"garbage hop falls back to peer", "127.0.0.1:1", "nonsense", "127.0.0.1", Policy{trusted}},
		{"ipv6 peer", "[2001:db8::1]:443", "", "2001:db8::1", Policy{}},
		{"mapped ipv4", "[::ffff:192.0.2.5]:80", "", "192.0.2.5", Policy{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			assert.Equal(t, netip.MustParseAddr(tt.want), tt.policy.SourceIP(r))
		})
	}
}

func TestAllowed(t *testing.T) {
	list, err := ParseList([]string{"198.51.100.0/24", "203.0.113.7"})
	require.NoError(t, err)
	assert.True(t, Allowed(list, netip.MustParseAddr("198.51.100.200")))
	assert.True(t, Allowed(list, netip.MustParseAddr("203.0.113.7")))
	assert.False(t, Allowed(list, netip.MustParseAddr("203.0.113.8")))
	assert.True(t, Allowed(nil, netip.MustParseAddr("203.0.113.8")), "empty list admits all")

	_, err = ParseList([]string{"300.1.1.1"})
	assert.Error(t, err)
	_, err = ParseList([]string{"10.0.0.0/33"})
	assert.Error(t, err)
}

func FuzzParseList(f *testing.F) {
	for _, s := range []string{"10.0.0.0/8", "::1", "1.2.3.4", "x/y", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		list, err := ParseList([]string{s})
		if err == nil {
			require.Len(t, list, 1)
			assert.True(t, list[0].IsValid())
		}
	})
}
