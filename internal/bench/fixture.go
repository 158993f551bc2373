package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// Options say which emulator a Fixture drives and how.
type Options struct {
	// Base is the emulator's base URL, such as http://127.0.0.1:9595.
	Base string
	// Client sends the set-up requests (sign-in, journal reads), which are
	// not measured; nil is a loopback net/http client (NewTransport). The
	// load itself goes through fasthttp's client (see Conns).
	Client *http.Client
	// Conns bounds the load's keep-alive connections (default 4096): a
	// run opens one per worker in flight, and workers beyond it wait.
	Conns int
	// Sessions is the number of Zoho refresh tokens the workers refresh
	// (default 8, at most 16: Zoho keeps 20 per user and client, the CRM
	// reads hold one more and the Flow Service connection another).
	Sessions int
	// PerPage is the page size of CRM reads (default 200, Zoho's most).
	PerPage int
	// Now is the emulator's clock, so that tokens are renewed before they
	// expire on a virtual clock; nil is wall time.
	Now func() time.Time
}

// The demo world's Flow Service base connection spec for Zoho CRM, and
// the Flow Service API's root.
const (
	zohoSpecID = "929e4450-0237-4ed2-9404-b7e1e0a00309"
	flowAPI    = "/data/foundation/flowservice"
)

// maxSessions keeps the refresh tokens of the demo admin and self client
// under Zoho's 20, with one for the CRM reads and one for the Flow Service
// connection.
const maxSessions = 16

// Fixture is a signed-in demo world, ready to be driven: Zoho sessions, an
// IMS token and a Flow Service base connection.
type Fixture struct {
	opts     Options
	base     *url.URL
	bare     bool
	wireMu   sync.Mutex
	wire     *wire      // the load's client; replaced after a cancelled run
	sessions []*session // refreshed by Refresh requests
	// reader is the CRM reads' session, refreshed only when its token is
	// about to expire, as a connector's token manager does. Zoho keeps 15
	// live access tokens per refresh token: a token shared with the
	// Refresh requests would be revoked under a reader's feet.
	reader   *session
	ims      atomic.Pointer[imsToken]
	imsMu    sync.Mutex // one IMS renewal at a time
	conn     string
	crmPages int
	// The load's URLs.
	crmURL, tokenURL, imsURL string
	connURL, exploreURL      []byte
}

// session is one Zoho refresh token and its newest access token.
type session struct {
	renew   sync.Mutex // one renewal when due at a time
	mu      sync.Mutex
	refresh string
	access  []byte    // reused: a refresh copies its token in
	expires time.Time // on the emulator's clock
	form    []byte    // the refresh request's body
}

// imsToken is an IMS access token as the Adobe I/O gateway takes it.
type imsToken struct {
	auth    string // "Bearer <token>"
	expires time.Time
}

// NewTransport is a loopback HTTP transport with conns keep-alive
// connections, never through a proxy.
func NewTransport(conns int) *http.Transport {
	return &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     time.Minute,
	}
}

// Prepare signs in to the demo world of the emulator at opts.Base as a
// connector would: Zoho refresh tokens from self-client codes (the control
// API's generateSelfClientCode, then the code exchange), an IMS token of
// the demo credential, and a Flow Service base connection holding a Zoho
// grant. It changes the emulator's state as those calls do, nothing else.
func Prepare(ctx context.Context, opts Options) (*Fixture, error) {
	if opts.Sessions <= 0 {
		opts.Sessions = 8
	}
	opts.Sessions = min(opts.Sessions, maxSessions)
	if opts.PerPage <= 0 {
		opts.PerPage = 200
	}
	if opts.PerPage > 200 {
		return nil, fmt.Errorf("bench: a CRM page holds at most 200 records, not %d", opts.PerPage)
	}
	f, err := newFixture(opts)
	if err != nil {
		return nil, err
	}
	for range opts.Sessions {
		s, err := f.signIn(ctx)
		if err != nil {
			return nil, fmt.Errorf("bench: Zoho sign-in at %s: %w", f.opts.Base, err)
		}
		f.sessions = append(f.sessions, s)
	}
	if f.reader, err = f.signIn(ctx); err != nil {
		return nil, fmt.Errorf("bench: Zoho sign-in at %s: %w", f.opts.Base, err)
	}
	setup := f.newWorker(-1, 0, nil, f.wire)
	ok, err := f.renewIMS(ctx, setup)
	setup.release()
	if err == nil && !ok {
		err = errors.New(setup.lastFailure)
	}
	if err != nil {
		return nil, fmt.Errorf("bench: IMS token at %s: %w", f.opts.Base, err)
	}
	grant, err := f.signIn(ctx)
	if err != nil {
		return nil, fmt.Errorf("bench: Zoho sign-in for the Flow Service connection: %w", err)
	}
	if f.conn, err = f.createConnection(ctx, grant); err != nil {
		return nil, fmt.Errorf("bench: Flow Service connection at %s: %w", f.opts.Base, err)
	}
	f.connURL = []byte(f.opts.Base + flowAPI + "/connections/" + url.PathEscape(f.conn))
	f.exploreURL = append(append([]byte{}, f.connURL...), "/explore?objectType=table&object=Leads"...)
	return f, nil
}

// BareFixture drives the bare handler served at base (ServeBare) over at
// most conns connections (0: 4096): every request, whatever the mix, is a
// Bare one.
func BareFixture(base string, conns int) (*Fixture, error) {
	f, err := newFixture(Options{Base: base, Conns: conns})
	if err != nil {
		return nil, err
	}
	f.bare = true
	return f, nil
}

// Close closes the fixture's idle connections and ends its load
// connections; a run after Close dials anew.
func (f *Fixture) Close() {
	f.wireMu.Lock()
	w := f.wire
	f.wireMu.Unlock()
	w.closeAll()
	f.opts.Client.CloseIdleConnections()
}

func newFixture(opts Options) (*Fixture, error) {
	u, err := url.Parse(opts.Base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("bench: the target must be an http(s) base URL, not %q", opts.Base)
	}
	opts.Base = strings.TrimSuffix(opts.Base, "/")
	if opts.Client == nil {
		opts.Client = &http.Client{Transport: NewTransport(64)}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	f := &Fixture{opts: opts, base: u}
	f.wire = newWire(u, opts.Conns)
	f.crmPages = max(1, min(10, 2000/max(opts.PerPage, 1)))
	f.tokenURL, f.imsURL = opts.Base+"/oauth/v2/token", opts.Base+"/ims/token/v3"
	f.crmURL = opts.Base + "/crm/v8/Leads?fields=" + url.QueryEscape(crmFields) + "&per_page=" + fmt.Sprint(opts.PerPage) + "&page="
	return f, nil
}

// crmFields are what a connector's incremental read asks for.
const crmFields = "Last_Name,First_Name,Email,Company,Lead_Status,Lead_Source,Phone,Modified_Time,Created_Time,Owner"

// Connection is the Flow Service base connection the fixture reads.
func (f *Fixture) Connection() string { return f.conn }

// signIn gets a Zoho grant of the demo admin for the demo self client.
func (f *Fixture) signIn(ctx context.Context) (*session, error) {
	body, _ := json.Marshal(map[string]any{"user": emulator.DemoUserEmail,
		"scopes": []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"}})
	var code struct {
		Code string `json:"code"`
	}
	if err := f.call(ctx, http.MethodPost, "/_emulator/zoho/clients/"+emulator.DemoSelfClientID+"/codes",
		"application/json", body, nil, http.StatusCreated, &code); err != nil {
		return nil, fmt.Errorf("self-client code: %w", err)
	}
	form := url.Values{"grant_type": {zohoaccounts.GrantAuthorizationCode}, "client_id": {emulator.DemoSelfClientID},
		"client_secret": {emulator.DemoClientSecret}, "code": {code.Code}}
	var tok tokenAnswer
	if err := f.call(ctx, http.MethodPost, "/oauth/v2/token", formType, []byte(form.Encode()), nil, http.StatusOK, &tok); err != nil {
		return nil, fmt.Errorf("code exchange: %w", err)
	}
	if tok.RefreshToken == "" || tok.AccessToken == "" {
		return nil, fmt.Errorf("code exchange: no tokens (error %q)", tok.Error)
	}
	s := &session{refresh: tok.RefreshToken}
	s.form = []byte(url.Values{"grant_type": {zohoaccounts.GrantRefreshToken}, "client_id": {emulator.DemoSelfClientID},
		"client_secret": {emulator.DemoClientSecret}, "refresh_token": {tok.RefreshToken}}.Encode())
	s.update([]byte(tok.AccessToken), int64(tok.ExpiresIn), f.opts.Now())
	return s, nil
}

const formType = "application/x-www-form-urlencoded"

type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int    `json:"expires_in"`
	Error        string `json:"error"`
}

// update keeps a new access token, valid for expiresIn seconds from now.
func (s *session) update(token []byte, expiresIn int64, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access = append(s.access[:0], token...)
	s.expires = now.Add(time.Duration(min(expiresIn, 1<<32)) * time.Second)
}

// appendCurrent appends the session's access token to dst, and says
// whether it expires within five minutes, when a token manager refreshes.
func (s *session) appendCurrent(dst []byte, now time.Time) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append(dst, s.access...), now.Add(5 * time.Minute).After(s.expires)
}

// current is the session's access token (set-up only: it allocates).
func (s *session) current() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.access)
}

var imsForm = []byte(url.Values{"grant_type": {"client_credentials"}, "client_id": {adobeims.DemoClientID},
	"client_secret": {adobeims.DemoClientSecret}, "scope": {"openid,AdobeID,read_organizations"}}.Encode())

// The Adobe I/O gateway's headers, besides the token.
const (
	apiKeyHeader  = "X-Api-Key"
	imsOrgHeader  = "X-Gw-Ims-Org-Id"
	sandboxHeader = "X-Sandbox-Name"
	sandbox       = "prod"
)

// imsHeader is the gateway's headers with the fixture's IMS token, for
// set-up calls.
func (f *Fixture) imsHeader() http.Header {
	return http.Header{"Authorization": {f.ims.Load().auth}, apiKeyHeader: {adobeims.DemoClientID},
		imsOrgHeader: {adobeims.DemoOrgID}, sandboxHeader: {sandbox}}
}

// createConnection makes the Zoho CRM base connection of Adobe's tutorial.
func (f *Fixture) createConnection(ctx context.Context, grant *session) (string, error) {
	body, _ := json.Marshal(map[string]any{"name": "zohoaep bench",
		"auth": map[string]any{"specName": "Basic Authentication", "params": map[string]any{
			"endpoint": "crm.zoho.com/crm/private", "accountsUrl": f.opts.Base,
			"clientId": emulator.DemoSelfClientID, "clientSecret": emulator.DemoClientSecret,
			"accessToken": grant.current(), "refreshToken": grant.refresh}},
		"connectionSpec": map[string]any{"id": zohoSpecID, "version": "1.0"}})
	var made struct {
		ID string `json:"id"`
	}
	if err := f.call(ctx, http.MethodPost, flowAPI+"/connections", "application/json", body, f.imsHeader(), http.StatusCreated, &made); err != nil {
		return "", err
	}
	if made.ID == "" {
		return "", fmt.Errorf("no connection id")
	}
	return made.ID, nil
}

// call is one set-up request, answered status with a JSON body into out.
func (f *Fixture) call(ctx context.Context, method, path, ctype string, body []byte, header http.Header, status int, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, f.opts.Base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("User-Agent", userAgent)
	resp, err := f.opts.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != status {
		return fmt.Errorf("%s %s: %d %.300s", method, path, resp.StatusCode, data)
	}
	return json.Unmarshal(data, out)
}
