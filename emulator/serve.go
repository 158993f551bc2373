package emulator

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/zohoaep/zohoaep/internal/graceful"
)

// Start listens on addr (default 127.0.0.1:9595; loopback unless told
// otherwise) and serves in the background until Close.
func (e *Emulator) Start(addr string) error {
	if addr == "" {
		addr = DefaultAddr
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	e.Serve(l)
	return nil
}

// DefaultAddr is where `zohoaep serve` listens.
const DefaultAddr = "127.0.0.1:9595"

// Serve serves on l in the background until Close; the first listener
// served gives the emulator its URL.
func (e *Emulator) Serve(l net.Listener) {
	srv := &http.Server{
		Handler:           e.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
	graceful.Track(srv)
	scheme := "http://"
	if e.opts.TLS != nil {
		srv.TLSConfig, scheme = e.opts.TLS.Clone(), "https://"
	}
	e.mu.Lock()
	if e.url == "" {
		e.url = scheme + reachable(l.Addr())
	}
	e.servers = append(e.servers, srv)
	if len(e.servers) == 1 {
		// While served, due dataflow runs also happen on their own.
		e.source.Start(context.Background())
	}
	e.mu.Unlock()
	e.inflight.Go(func() {
		serve := srv.Serve
		if srv.TLSConfig != nil {
			serve = func(l net.Listener) error { return srv.ServeTLS(l, "", "") }
		}
		if err := serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.log.Error("serve", "err", err)
		}
	})
}

// reachable is addr as a client on this machine dials it: a listener on
// every interface (0.0.0.0 or [::], as in a container) is reached on
// 127.0.0.1, so that URL never hands out an unspecified address.
func reachable(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		// IPv4 loopback even for [::]: Go listens on 0.0.0.0 with a
		// dual-stack socket that reports [::], and a container may
		// have no IPv6 loopback at all.
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// URL is the base URL the emulator is served at, or a never-resolving
// placeholder that HTTPClient still routes before it is served.
func (e *Emulator) URL() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.url == "" {
		return unservedURL
	}
	return e.url
}

// Close stops serving, waiting up to five seconds for requests in flight;
// connections that never sent a request are not waited for.
func (e *Emulator) Close() error {
	e.mu.Lock()
	servers := e.servers
	e.servers = nil
	e.mu.Unlock()
	var errs []error
	deadline := time.Now().Add(5 * time.Second) // one grace for every listener
	for _, s := range servers {
		errs = append(errs, graceful.Shutdown(s, max(time.Until(deadline), 0)))
	}
	e.inflight.Wait()
	e.source.Stop()
	errs = append(errs, e.stored.close()) // after the last request: its change is in the final commit
	return errors.Join(errs...)
}
