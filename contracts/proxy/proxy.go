package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/contracts/cassette"
)

// Options configure a Proxy.
type Options struct {
	// Upstream is where requests go: its scheme, host and path prefix; or
	// Vendors, for VendorRoutes. Routes, when set, replace it.
	Upstream string
	// Routes send requests by path prefix to several upstreams.
	Routes []Route
	// Client sends them; nil is a client that follows no redirect.
	Client *http.Client
	// Contracts judge the exchanges; nil is every embedded contract.
	Contracts []*contracts.Contract
	// OnExchange sees every interaction as recorded (redacted), for logs.
	OnExchange func(cassette.Interaction)
	// Now stamps the cassette; nil is time.Now.
	Now func() time.Time
}

// Proxy forwards, judges and records.
type Proxy struct {
	opts      Options
	routes    []route
	contracts []*contracts.Contract

	mu       sync.Mutex
	redactor *cassette.Redactor
	cassette cassette.Cassette
}

// maxBody bounds the bodies the proxy holds, either way.
const maxBody = 64 << 20

// New returns a proxy to opts.Upstream or opts.Routes.
func New(opts Options) (*Proxy, error) {
	rs := opts.Routes
	switch {
	case len(rs) > 0:
	case opts.Upstream == Vendors:
		rs = VendorRoutes()
	default:
		rs = []Route{{Prefix: "/", Upstream: opts.Upstream}}
	}
	routes, err := parseRoutes(rs)
	if err != nil {
		return nil, err
	}
	if opts.Client == nil {
		opts.Client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	list := opts.Contracts
	if list == nil {
		for _, name := range contracts.DefaultOrder {
			c, err := contracts.Load(name)
			if err != nil {
				return nil, err
			}
			list = append(list, c)
		}
	}
	p := &Proxy{opts: opts, routes: routes, contracts: list, redactor: cassette.NewRedactor()}
	p.cassette = cassette.Cassette{Version: cassette.Version, RecordedAt: opts.Now().UTC()}
	switch {
	case len(routes) == 1:
		p.cassette.Upstream = routes[0].origin
	case len(opts.Routes) == 0: // the vendors
		p.cassette.Upstream = Vendors
	}
	return p, nil
}

// Cassette returns the session so far.
func (p *Proxy) Cassette() *cassette.Cassette {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.cassette
	c.Interactions = append([]cassette.Interaction(nil), c.Interactions...)
	c.Placeholders = p.redactor.Placeholders()
	return &c
}

// hopHeaders are connection-level headers a proxy does not forward.
var hopHeaders = []string{"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		proxyError(w, http.StatusBadRequest, "the request body could not be read whole")
		return
	}
	rt, ok := match(p.routes, r.URL.Path)
	if !ok {
		proxyError(w, http.StatusNotFound, "no upstream for "+r.URL.Path)
		return
	}
	out, err := p.outbound(r.Context(), rt, r, body)
	if err != nil {
		proxyError(w, http.StatusBadRequest, err.Error())
		return
	}
	x := contracts.Begin(r, body, p.contracts) // as the client sent it, before any upstream prefix
	resp, err := p.opts.Client.Do(out)
	if err != nil {
		proxyError(w, http.StatusBadGateway, "upstream: "+err.Error())
		return
	}
	respBody, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	_ = resp.Body.Close()
	if err != nil {
		proxyError(w, http.StatusBadGateway, "upstream: reading the answer: "+err.Error())
		return
	}
	verdict := x.CheckResponse(r.Context(), resp.StatusCode, resp.Header, respBody)
	// Absolute URLs that name an upstream name the proxy instead.
	self := "http://" + r.Host
	rewrite := rewriter(p.routes, self)
	respBody = []byte(rewrite.Replace(string(respBody)))
	header := resp.Header.Clone()
	for _, h := range hopHeaders {
		header.Del(h)
	}
	header.Del("Content-Length")
	if loc := header.Get("Location"); loc != "" {
		header.Set("Location", rewrite.Replace(loc))
	}
	for k, vs := range header {
		w.Header()[k] = vs
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(respBody)
	p.record(r, rt.origin, body, resp.StatusCode, header, respBody, verdict, time.Since(started), self)
}

// outbound is r as the route's upstream gets it.
func (p *Proxy) outbound(ctx context.Context, rt route, r *http.Request, body []byte) (*http.Request, error) {
	u := *rt.upstream
	u.Path = strings.TrimRight(rt.upstream.Path, "/") + strings.TrimPrefix(r.URL.Path, rt.Strip)
	u.RawPath = ""
	u.RawQuery = r.URL.RawQuery
	out, err := http.NewRequestWithContext(ctx, r.Method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	out.Header = r.Header.Clone()
	for _, h := range hopHeaders {
		out.Header.Del(h)
	}
	out.Header.Del("Accept-Encoding") // bodies are judged and recorded in clear
	return out, nil
}

// record redacts the exchange and adds it to the cassette; the base URL
// the client saw becomes "{{base_url}}", so that a replay can serve it
// from anywhere.
func (p *Proxy) record(r *http.Request, upstream string, body []byte, status int, header http.Header, respBody []byte, v contracts.Verdict, d time.Duration, self string) {
	reqHeader := r.Header.Clone()
	for _, h := range hopHeaders {
		reqHeader.Del(h)
	}
	reqHeader.Del("Host")
	base := strings.NewReplacer(self, BaseURL, url.QueryEscape(self), url.QueryEscape(BaseURL))
	x := cassette.Interaction{
		Contract: v.Contract, Operation: v.Operation, Upstream: upstream,
		Request:    cassette.Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: reqHeader, Body: cassette.NewBody(body)},
		Response:   cassette.Response{Status: status, Header: header.Clone(), Body: cassette.NewBody([]byte(base.Replace(string(respBody))))},
		DurationMS: float64(d.Microseconds()) / 1000,
	}
	if loc := x.Response.Header.Get("Location"); loc != "" {
		x.Response.Header.Set("Location", base.Replace(loc))
	}
	if !v.OK() || v.Operation != "" {
		vv := v
		x.Verdict = &vv
	}
	p.mu.Lock()
	p.redactor.Redact(&x)
	if x.Verdict != nil {
		redactVerdict(p.redactor, x.Verdict)
	}
	p.cassette.Interactions = append(p.cassette.Interactions, x)
	p.mu.Unlock()
	if p.opts.OnExchange != nil {
		p.opts.OnExchange(x)
	}
}

// BaseURL stands in a cassette for the address the client used.
const BaseURL = cassette.BaseURL

// redactVerdict keeps secrets out of violation messages, which can quote
// the values they reject.
func redactVerdict(r *cassette.Redactor, v *contracts.Verdict) {
	for i := range v.Violations {
		v.Violations[i].Message = r.Text(v.Violations[i].Message)
	}
}

func proxyError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": "zohoaep_proxy", "message": msg})
}
