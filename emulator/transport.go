package emulator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
)

// unservedURL is the emulator's base URL before it listens: the .invalid
// TLD never resolves, so nothing leaks to a real network.
const unservedURL = "http://zohoaep.invalid"

// HTTPClient returns a client whose requests to the emulator (its URL or a
// vendor host name) reach the handler without a socket, from 127.0.0.1.
// Requests to other hosts go out through http.DefaultTransport.
func (e *Emulator) HTTPClient() *http.Client {
	return e.HTTPClientFrom(netip.MustParseAddr("127.0.0.1"))
}

// HTTPClientFrom is HTTPClient with a simulated source IP, such as an AEP
// region's egress address, so IP allow lists see what production sees.
func (e *Emulator) HTTPClientFrom(source netip.Addr) *http.Client {
	return &http.Client{Transport: &memTransport{e: e, source: source}}
}

type memTransport struct {
	e      *Emulator
	source netip.Addr
}

func (t *memTransport) routes(host string) bool {
	if vendorHost(host) {
		return true
	}
	own := strings.TrimPrefix(strings.TrimPrefix(t.e.URL(), "http://"), "https://")
	return host == own || host == strings.TrimPrefix(unservedURL, "http://")
}

// RoundTrip serves req with the emulator's handler in this goroutine.
func (t *memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.routes(req.URL.Host) {
		return http.DefaultTransport.RoundTrip(req)
	}
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	sreq := req.Clone(req.Context())
	sreq.Body = io.NopCloser(bytes.NewReader(body))
	sreq.ContentLength = int64(len(body))
	sreq.RemoteAddr = netip.AddrPortFrom(t.source, 40000).String()
	sreq.RequestURI = req.URL.RequestURI()
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
	w := &memWriter{recorder: *newRecorder()}
	t.e.Handler().ServeHTTP(w, sreq)
	switch {
	case req.Context().Err() != nil:
		// A socket's client gives up at its deadline (http.Client.Timeout,
		// a context): the answer that came later is not delivered. A delay
		// fault wakes on the cancelled context, so this is prompt.
		return nil, gaveUp{context.Cause(req.Context())}
	case w.reset:
		return nil, fmt.Errorf("zohoaep: read: %w", syscall.ECONNRESET)
	case w.closed:
		return nil, fmt.Errorf("zohoaep: %w", io.ErrUnexpectedEOF)
	}
	resp := &http.Response{
		Status:        fmt.Sprintf("%d %s", w.status, http.StatusText(w.status)),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.header,
		Body:          io.NopCloser(bytes.NewReader(w.body.Bytes())),
		ContentLength: int64(w.body.Len()),
		Request:       req,
	}
	if req.Method == http.MethodHead {
		resp.Body = http.NoBody
	}
	return resp, nil
}

// memWriter is the in-memory response; cut marks a dropped connection.
type memWriter struct {
	recorder
	reset, closed bool
}

func (w *memWriter) cut(reset bool) { w.reset, w.closed = reset, !reset }

// gaveUp is a client's giving up at its deadline or on cancellation. A
// deadline is a timeout to net.Error users, as a socket's is, whether or
// not http.Client has yet marked its own timeout when the answer comes
// (it does so on another goroutine, which a loaded machine may run late).
type gaveUp struct{ err error }

func (e gaveUp) Error() string { return "zohoaep: " + e.err.Error() }
func (e gaveUp) Unwrap() error { return e.err }
func (e gaveUp) Timeout() bool { return errors.Is(e.err, context.DeadlineExceeded) }
