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
	check := req.Clone(req.Context())
	check.Body = io.NopCloser(bytes.NewReader(body))
	if loc := dcPrefix.FindString(check.URL.Path); loc != "" {
		u := *check.URL
		u.Path, u.RawPath = "/"+u.Path[len(loc):], ""
		check.URL = &u
	}
	c, err := t.contractFor(check)
	if err != nil {
		return nil, err
	}
	if c == nil {
		resp, err := base.RoundTrip(req)
		if err == nil && !t.AllowUnknown {
			t.report(req, Verdict{Violations: []Violation{{Side: Request, Rule: "route", Message: "no contract describes " + req.Method + " " + check.URL.Path}}})
		}
		return resp, err
	}
	x := c.CheckRequest(req.Context(), check)
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

// contractFor is the first contract with an operation on r's path (its
// method may still be wrong), or nil.
func (t *Transport) contractFor(r *http.Request) (*Contract, error) {
	list := t.Contracts
	if list == nil {
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
		if t.err != nil {
			return nil, t.err
		}
		list = t.all
	}
	for _, c := range list {
		if _, _, err := c.findRoute(r); err == nil || errors.Is(err, routers.ErrMethodNotAllowed) {
			return c, nil
		}
	}
	return nil, nil
}
