package graceful_test

import (
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/internal/graceful"
)

// serve runs h on a loopback listener and returns the server and its address.
func serve(t *testing.T, h http.Handler) (*http.Server, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	graceful.Track(srv)
	go func() { _ = srv.Serve(l) }()
	return srv, l.Addr().String()
}

func TestShutdownClosesConnectionsThatNeverSentARequest(t *testing.T) {
	srv, addr := serve(t, http.NotFoundHandler())
	unused, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer unused.Close()

	started := time.Now()
	require.NoError(t, graceful.Shutdown(srv, 5*time.Second))
	assert.Less(t, time.Since(started), 4*time.Second, "Shutdown waited for a connection that never sent a request")
	assertClosed(t, unused)
}

// assertClosed: the server closed c after accepting it (EOF), or reset it
// with the listener before accepting it.
func assertClosed(t *testing.T, c net.Conn) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(time.Second))
	_, err := c.Read(make([]byte, 1))
	assert.True(t, errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET), "the connection is closed: %v", err)
}

func TestShutdownWaitsForARequestInFlight(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	srv, addr := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		_, _ = io.WriteString(w, "finished")
	}))
	answer := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + addr)
		if err != nil {
			answer <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		answer <- string(b)
	}()
	<-entered
	done := make(chan error, 1)
	go func() { done <- graceful.Shutdown(srv, 5*time.Second) }()
	require.Eventually(t, func() bool { // Shutdown has begun: the listener is closed
		c, err := net.Dial("tcp", addr)
		if err == nil {
			_ = c.Close()
		}
		return err != nil
	}, 5*time.Second, time.Millisecond)
	close(release)
	require.NoError(t, <-done)
	assert.Equal(t, "finished", <-answer)
}

func TestShutdownCutsOffWhatOutlivesTheGrace(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	srv, addr := serve(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		close(entered)
		<-release
	}))
	go func() {
		if resp, err := http.Get("http://" + addr); err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	err := graceful.Shutdown(srv, 100*time.Millisecond)
	assert.ErrorContains(t, err, "requests still in flight after 100ms were cut off")
}
