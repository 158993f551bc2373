package refclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/scenarios"
)

// answer is an HTTP answer, or the transport error in its place.
type answer struct {
	status int
	header http.Header
	body   []byte
	err    error
}

func (a answer) json(v any) error { return json.Unmarshal(a.body, v) }

// transient is a 5xx or a broken connection: worth another try.
func (a answer) transient() bool { return a.err != nil || a.status >= 500 }

// productionHost maps the emulator's base URL to Zoho's production host
// for ProductionHosts, keeping the emulator as the address connected to.
func (s *session) rewrite(req *http.Request, prodHost string) {
	if s.has(ProductionHosts) && prodHost != "" {
		req.Host = prodHost
	}
}

// do sends one request with a per-attempt timeout.
func (s *session) do(ctx context.Context, env scenarios.Env, method, u string, body io.Reader, header http.Header, prodHost string) answer {
	timeout := 20 * time.Second
	if s.has(ShortTimeout) {
		timeout = 100 * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return answer{err: err}
	}
	for k, v := range header {
		req.Header[k] = v
	}
	s.rewrite(req, prodHost)
	resp, err := env.Client().Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{err: err}
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: data}
}

// retrying sends a request up to three times while the answer is
// transient, with a short backoff; flawed clients differ.
func (s *session) retrying(ctx context.Context, send func() answer) answer {
	tries := 3
	switch {
	case s.has(NoRetry), s.has(ShortTimeout):
		tries = 1
	case s.has(RetriesInvalidCode):
		tries = 20
	}
	var a answer
	for i := range tries {
		a = send()
		if !a.transient() || ctx.Err() != nil {
			return a
		}
		if !s.has(RetriesInvalidCode) {
			time.Sleep(time.Duration(i+1) * 5 * time.Millisecond)
		}
	}
	return a
}

func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

func describe(a answer) string {
	if a.err != nil {
		var ue *url.Error
		if errors.As(a.err, &ue) {
			return ue.Err.Error()
		}
		return a.err.Error()
	}
	b := strings.TrimSpace(string(a.body))
	if len(b) > 200 {
		b = b[:200] + "…"
	}
	return http.StatusText(a.status) + ": " + b
}
