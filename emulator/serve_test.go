package emulator

import (
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReachable(t *testing.T) {
	tests := []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9595}, "127.0.0.1:9595"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 9595}, "127.0.0.1:9595"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 9595}, "127.0.0.1:9595"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 1}, "[::1]:1"},
		{&net.UnixAddr{Name: "/tmp/zohoaep.sock", Net: "unix"}, "/tmp/zohoaep.sock"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, reachable(tt.addr), tt.addr.String())
	}
}
