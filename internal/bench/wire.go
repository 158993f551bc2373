package bench

import (
	"net"
	"net/url"
	"sync"
	"time"

	"github.com/valyala/fasthttp"
)

// userAgent names the load generator in every request it sends.
const userAgent = "zohoaep-bench"

// defaultConns bounds a load client's connections when Options.Conns is
// not set: the most workers `zohoaep bench` allows.
const defaultConns = 4096

// wire is the load's HTTP client: fasthttp's HostClient, one keep-alive
// connection per worker in flight, requests and answers reused by each
// worker, so that the generator takes as little CPU from the target as it
// can. net/http's Transport, which it replaces, cost about three times as
// much per token request (BenchmarkGenerator): a read and a write
// goroutine per connection and the hand-offs between them, and a request
// and an answer allocated for each exchange.
//
// It keeps its connections, so that cut can close them all when a run is
// cancelled: a request in flight then ends at once, as a net/http request
// does when its context ends. A cut wire is not used again.
type wire struct {
	hc *fasthttp.HostClient

	mu    sync.Mutex
	conns map[*wireConn]struct{}
	cut   bool
}

// newWire is a load client of the server at base (http or https).
func newWire(base *url.URL, maxConns int) *wire {
	port := base.Port()
	if port == "" {
		port = "80"
		if base.Scheme == "https" {
			port = "443"
		}
	}
	if maxConns <= 0 {
		maxConns = defaultConns
	}
	w := &wire{conns: map[*wireConn]struct{}{}}
	w.hc = &fasthttp.HostClient{
		Addr:     net.JoinHostPort(base.Hostname(), port),
		IsTLS:    base.Scheme == "https",
		Name:     userAgent,
		Dial:     w.dial,
		MaxConns: maxConns,
		// More workers than connections wait for one rather than fail.
		MaxConnWaitTimeout: time.Minute,
		// Idle connections close after fasthttp's 10 s, before a server's
		// idle timeout would (the emulator's is 2 minutes): a form POST on
		// a connection the server closed meanwhile is not sent again.
	}
	return w
}

// do sends req and reads the answer into resp.
func (w *wire) do(req *fasthttp.Request, resp *fasthttp.Response) error {
	return w.hc.Do(req, resp)
}

var dialer = net.Dialer{Timeout: 5 * time.Second}

func (w *wire) dial(addr string) (net.Conn, error) {
	c, err := dialer.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	wc := &wireConn{Conn: c, w: w}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cut {
		_ = c.Close()
		return nil, net.ErrClosed
	}
	w.conns[wc] = struct{}{}
	return wc, nil
}

// closeAll cuts every connection, in flight or idle, for good.
func (w *wire) closeAll() {
	w.mu.Lock()
	w.cut = true
	conns := make([]*wireConn, 0, len(w.conns))
	for c := range w.conns {
		conns = append(conns, c)
	}
	w.mu.Unlock()
	for _, c := range conns {
		_ = c.Close()
	}
	w.hc.CloseIdleConnections()
}

// isCut reports whether closeAll was called.
func (w *wire) isCut() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cut
}

// wireConn is a connection the wire keeps until it closes.
type wireConn struct {
	net.Conn
	w    *wire
	once sync.Once
}

func (c *wireConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.w.mu.Lock()
		delete(c.w.conns, c)
		c.w.mu.Unlock()
	})
	return err
}
