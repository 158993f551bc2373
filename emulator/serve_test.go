package emulator

import (
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// A connection that never sends a request (a browser's preconnect) does
// not hold Close up: only requests in flight are waited for.
func TestCloseDoesNotWaitForUnusedConnections(t *testing.T) {
	e, err := New(Options{Seed: Demo()})
	require.NoError(t, err)
	require.NoError(t, e.Start("127.0.0.1:0"))
	idle, err := net.Dial("tcp", strings.TrimPrefix(e.URL(), "http://"))
	require.NoError(t, err)
	defer idle.Close()

	started := time.Now()
	require.NoError(t, e.Close())
	assert.Less(t, time.Since(started), 4*time.Second, "Close waited for a connection that never sent a request")
	_ = idle.SetReadDeadline(time.Now().Add(time.Second))
	_, err = idle.Read(make([]byte, 1))
	// Closed after it was accepted (EOF), or reset with the listener
	// before the server took it.
	assert.True(t, errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET), "the unused connection is closed: %v", err)
}
