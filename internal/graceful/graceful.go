// Package graceful stops an http.Server the way a test harness needs:
// requests in flight may finish, and nothing else is waited for.
package graceful

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Track makes Shutdown close at once the connections of srv that have not
// sent a request yet. http.Server.Shutdown waits up to five seconds for
// such a connection, in case a request is on its way; a browser's
// speculative preconnects never send one, so a console or sign-in page left
// open in a tab would hold every shutdown up for its whole grace period.
// Call it before serving; it replaces srv.ConnState.
func Track(srv *http.Server) {
	var (
		unused   sync.Map // net.Conn → struct{}
		shutting atomic.Bool
	)
	srv.ConnState = func(c net.Conn, s http.ConnState) {
		if s != http.StateNew {
			unused.Delete(c) // active, idle, hijacked or closed: used, or gone
			return
		}
		unused.Store(c, struct{}{})
		// Accepted as Shutdown began: the sweep below may have run
		// before the Store. Stored first, checked second (and the sweep
		// the other way round), one of the two sees the other.
		if shutting.Load() {
			_ = c.Close()
		}
	}
	// Shutdown runs this once its listeners are closed.
	srv.RegisterOnShutdown(func() {
		shutting.Store(true)
		unused.Range(func(c, _ any) bool {
			_ = c.(net.Conn).Close()
			unused.Delete(c)
			return true
		})
	})
}

// Shutdown stops srv, giving requests in flight up to grace to finish and
// cutting off whatever still runs after it.
func Shutdown(srv *http.Server, grace time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("requests still in flight after %s were cut off: %w", grace, err)
	}
	return nil
}
