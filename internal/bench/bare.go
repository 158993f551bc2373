package bench

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

const bareRefreshToken = "1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24"

// bareToken is the bare handler's fixed answer, shaped like Zoho's.
var bareToken = []byte(`{"access_token":"` + bareRefreshToken + `","scope":"ZohoCRM.modules.ALL","api_domain":"http://127.0.0.1:9595","token_type":"Bearer","expires_in":3600}`)

var bareForm = []byte(url.Values{"grant_type": {"refresh_token"}, "client_id": {"1000.BARE"},
	"client_secret": {"bare"}, "refresh_token": {bareRefreshToken}}.Encode())

// BareHandler is the yardstick: a plain net/http handler that reads the
// request and answers a fixed Zoho token with Zoho's headers, with no
// state, validation or journal.
func BareHandler() http.Handler {
	length := []string{strconv.Itoa(len(bareToken))}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Content-Type"] = []string{"application/json;charset=UTF-8"}
		h["Content-Length"] = length
		h["Cache-Control"] = []string{"no-store"}
		h["Pragma"] = []string{"no-cache"}
		_, _ = w.Write(bareToken)
	})
}

// ServeBare serves BareHandler on a loopback port of this process.
func ServeBare() (base string, stop func(), err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: BareHandler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l) }()
	return "http://" + l.Addr().String(), func() { _ = srv.Close() }, nil
}
