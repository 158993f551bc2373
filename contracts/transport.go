package contracts

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"regexp"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/routers"
)

// Transport is an http.RoundTripper that judges every exchange it carries
// against the contracts: a client's request the contract rejects, or an
// answer it did not expect, is reported. Wrap a client's transport with it
// in the client's own tests (NewTransport fails the test).
type Transport struct {
	// Base sends the requests; nil is http.DefaultTransport.
	Base http.RoundTripper
	// Contracts judge the exchanges, the first whose paths match; nil is
	// every embedded contract.
	Contracts []*Contract
	// Report receives every verdict that breaks a rule; nil ignores them.
	Report func(*http.Request, Verdict)
	// AllowUnknown lets requests no contract describes pass unreported.
	AllowUnknown bool

	once sync.Once
	all  []*Contract
	err  error
}

// NewTransport returns a Transport over base that fails t on every
// violation, either side.
func NewTransport(t testing.TB, base http.RoundTripper) *Transport {
	return &Transport{Base: base, Report: func(r *http.Request, v Verdict) {
		t.Helper()
		t.Errorf("contracts: %s %s: %s", r.Method, r.URL.Redacted(), v.Summary())
	}}
}

// Client is an http.Client over the transport.
func (t *Transport) Client() *http.Client { return &http.Client{Transport: t} }

// dcPrefix is the emulator's data-centre prefix; the contracts' paths
// follow it.
var dcPrefix = regexp.MustCompile(`^/dc/[a-z]{2}(/|$)`)

// maxJudgedBody bounds the bodies the transport holds to judge.
const maxJudgedBody = 64 << 20

// RoundTrip sends req through Base and judges the exchange.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(io.LimitReader(req.Body, maxJudgedBody))
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	list, err := t.contracts()
	if err != nil {
		return nil, err
	}
	x := Begin(req, body, list)
	if x.unknown && t.AllowUnknown {
		return base.RoundTrip(req)
	}
	resp, err := base.RoundTrip(req)
	if err != nil {
		if !x.Verdict().OK() {
			t.report(req, x.Verdict())
		}
		return nil, err
	}
	respBody, err := io.ReadAll(io.LimitReader(resp.Body, maxJudgedBody))
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if v := x.CheckResponse(req.Context(), resp.StatusCode, resp.Header, respBody); !v.OK() {
		t.report(req, v)
	}
	return resp, nil
}

func (t *Transport) report(r *http.Request, v Verdict) {
	if t.Report != nil {
		t.Report(r, v)
	}
}

// contracts are the transport's contracts, every embedded one by default.
func (t *Transport) contracts() ([]*Contract, error) {
	if t.Contracts == nil {
		t.once.Do(func() {
			for _, name := range DefaultOrder {
				c, err := Load(name)
				if err != nil {
					t.err = err
					return
				}
				t.all = append(t.all, c)
			}
		})
		return t.all, t.err
	}
	return t.Contracts, nil
}

// Begin judges a request about to be sent (body is its body, already
// read): it finds the first of the contracts with an operation on its path
// (behind the emulator's /dc/{location} prefix too) and checks the
// request. A request no contract describes gets a "route" violation.
func Begin(r *http.Request, body []byte, list []*Contract) *Exchange {
	check := r.Clone(r.Context())
	check.Body = io.NopCloser(bytes.NewReader(body))
	if loc := dcPrefix.FindString(check.URL.Path); loc != "" {
		u := *check.URL
		u.Path, u.RawPath = "/"+u.Path[len(loc):], ""
		check.URL = &u
	}
	for _, c := range list {
		if _, _, err := c.findRoute(check); err == nil || errors.Is(err, routers.ErrMethodNotAllowed) {
			return c.CheckRequest(r.Context(), check)
		}
	}
	return &Exchange{unknown: true, verdict: Verdict{Violations: []Violation{{Side: Request, Rule: "route",
		Message: "no contract describes " + r.Method + " " + check.URL.Path}}}}
}
