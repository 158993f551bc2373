package zohosource

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// Auth param names of the Zoho connection spec (reference §3).
const (
	paramEndpoint     = "endpoint"
	paramAccountsURL  = "accountsUrl"
	paramClientID     = "clientId"
	paramClientSecret = "clientSecret"
	paramAccessToken  = "accessToken"
	paramRefreshToken = "refreshToken"
)

// session is one call's (a test, an explore, a run's copy) use of a
// connection's credentials: the access token in use, the API base, and
// whether the one refresh a call may make was made.
type session struct {
	e         *Engine
	t         flowservice.Tenant
	connID    string
	p         map[string]string
	accounts  string // accountsUrl, checked
	endpoint  string // the endpoint's API base, or ""
	api       string // the API base in use
	token     string
	refreshed bool
	mask      *strings.Replacer
}

// session starts a call with a connection: the token and API domain the
// engine remembers for it, else the connection's own.
func (e *Engine) session(conn flowservice.Connection) (*session, error) {
	p := map[string]string{}
	for _, k := range []string{paramEndpoint, paramAccountsURL, paramClientID, paramClientSecret, paramAccessToken, paramRefreshToken} {
		if s, ok := conn.Auth.Params[k].(string); ok {
			p[k] = strings.TrimSpace(s)
		}
	}
	s := &session{e: e, t: flowservice.Tenant{Org: conn.IMSOrgID, Sandbox: conn.SandboxName}, connID: conn.ID, p: p}
	var pairs []string
	for _, k := range []string{paramClientSecret, paramAccessToken, paramRefreshToken} {
		if v := p[k]; len(v) >= 4 {
			pairs = append(pairs, v, "********")
		}
	}
	s.mask = strings.NewReplacer(pairs...)
	acc, ok := accountsBase(p[paramAccountsURL])
	if !ok {
		return nil, configFailure("The connection's accountsUrl %q is not an absolute http(s) URL.", p[paramAccountsURL])
	}
	s.accounts, s.endpoint = acc, endpointBase(p[paramEndpoint])
	s.token, s.api = p[paramAccessToken], derivedAPIBase(acc)
	if c, ok := e.tokens.get(s.key(), acc, p[paramRefreshToken]); ok {
		if c.apiDomain != "" {
			s.api = c.apiDomain
		}
		if s.token == "" || s.token == c.stored {
			s.token = c.token
		}
	}
	if s.endpoint != "" {
		s.api = s.endpoint
	}
	return s, nil
}

func (s *session) key() string { return s.t.String() + "/" + s.connID }

// answer is a Zoho response as read.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// errTooLarge is a response over Config.MaxResponseBytes.
var errTooLarge = errors.New("the response is larger than the engine reads")

// do sends one request and reads its answer, bounded. A transport error
// is a KindTransport Failure, or the caller's error when its ctx is done.
func (s *session) do(parent context.Context, req *http.Request) (answer, error) {
	ctx, cancel := context.WithTimeout(parent, s.e.cfg.RequestTimeout)
	defer cancel()
	op := req.Method + " " + opURL(req.URL)
	resp, err := s.e.client.Do(req.WithContext(ctx))
	if err == nil {
		defer resp.Body.Close()
		var body []byte
		body, err = io.ReadAll(io.LimitReader(resp.Body, s.e.cfg.MaxResponseBytes+1))
		if err == nil && int64(len(body)) > s.e.cfg.MaxResponseBytes {
			return answer{}, &Failure{Kind: KindRequest, Op: op, Status: resp.StatusCode, Cause: errTooLarge.Error()}
		}
		if err == nil {
			return answer{status: resp.StatusCode, header: resp.Header, body: body}, nil
		}
	}
	if perr := parent.Err(); perr != nil {
		return answer{}, perr
	}
	return answer{}, &Failure{Kind: KindTransport, Op: op, Cause: s.mask.Replace(transportCause(err))}
}

// transportCause is the transport error without Go's URL wrapping.
func transportCause(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

// opURL is a request URL without its query.
func opURL(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment, c.User = "", "", nil
	return c.String()
}

// quote is a Zoho body as a failure quotes it: bounded, secrets masked.
func (s *session) quote(b []byte) string {
	q := string(b)
	if limit := s.e.cfg.DetailLimit; len(q) > limit {
		q = q[:limit] + "…"
	}
	return s.mask.Replace(strings.TrimSpace(q))
}

// get sends a GET to the CRM API, refreshing the access token first when
// there is none, and once more when Zoho calls it INVALID_TOKEN. 200, 204
// and 304 are answers; any other status is a Failure.
func (s *session) get(ctx context.Context, path string, q url.Values, h http.Header) (answer, error) {
	if s.token == "" {
		if err := s.refresh(ctx); err != nil {
			return answer{}, err
		}
	}
	for {
		u := s.api + "/crm/" + s.e.cfg.APIVersion + path
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return answer{}, configFailure("The CRM URL %q cannot be built: %v", opURLString(u), err)
		}
		for k, v := range h {
			req.Header[k] = v
		}
		req.Header.Set("Authorization", "Zoho-oauthtoken "+s.token)
		req.Header.Set("Accept", "application/json")
		a, err := s.do(ctx, req)
		if err != nil {
			return answer{}, err
		}
		switch a.status {
		case http.StatusOK, http.StatusNoContent, http.StatusNotModified:
			return a, nil
		}
		f := classifyAPI(req.Method+" "+opURL(req.URL), a.status, s.quote(a.body))
		if a.status == http.StatusUnauthorized && f.Code == "INVALID_TOKEN" && !s.refreshed {
			if err := s.refresh(ctx); err != nil {
				return answer{}, err
			}
			continue
		}
		return answer{}, f
	}
}

func opURLString(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return opURL(u)
	}
	return raw
}

// missing lists the params a refresh needs that the connection lacks.
func (s *session) missing() []string {
	var out []string
	for _, k := range []string{paramClientID, paramClientSecret, paramRefreshToken} {
		if s.p[k] == "" {
			out = append(out, k)
		}
	}
	return out
}

// refresh trades the refresh token for an access token at the accounts
// server (reference §4: a form POST, grant_type=refresh_token), at most
// once per session. The token and Zoho's api_domain are remembered, and
// written back into the connection unless Config.SkipTokenWriteBack.
func (s *session) refresh(ctx context.Context) error {
	if s.refreshed {
		return &Failure{Kind: KindAuth, Cause: "The access token was refused after a refresh."}
	}
	s.refreshed = true
	if m := s.missing(); len(m) > 0 {
		return configFailure("The connection has no %s: its access token cannot be refreshed.", strings.Join(m, ", "))
	}
	form := url.Values{
		"client_id": {s.p[paramClientID]}, "client_secret": {s.p[paramClientSecret]},
		"grant_type": {"refresh_token"}, "refresh_token": {s.p[paramRefreshToken]},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.accounts+"/oauth/v2/token", strings.NewReader(form.Encode()))
	if err != nil {
		return configFailure("The token URL cannot be built from accountsUrl %q.", s.accounts)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	a, err := s.do(ctx, req)
	if err != nil {
		return err
	}
	op := req.Method + " " + opURL(req.URL)
	tok := readToken(a.body)
	if a.status != http.StatusOK || tok.AccessToken == "" {
		return classifyToken(op, a.status, s.quote(a.body))
	}
	s.token = tok.AccessToken
	if tok.APIDomain != "" && s.endpoint == "" {
		if base, ok := accountsBase(tok.APIDomain); ok {
			s.api = base
		}
	}
	s.e.tokens.put(s.key(), tokenEntry{accounts: s.accounts, refresh: s.p[paramRefreshToken],
		stored: s.p[paramAccessToken], token: s.token, apiDomain: s.api})
	if !s.e.cfg.SkipTokenWriteBack {
		s.writeBack()
	}
	return nil
}

// errCredentialsChanged stops a write-back over credentials that changed
// meanwhile (a client's PATCH wins).
var errCredentialsChanged = errors.New("zohosource: the connection's credentials changed")

// writeBack stores the new access token in the base connection.
func (s *session) writeBack() {
	_, err := s.e.fs.UpdateConnection(s.t, s.connID, func(c *flowservice.Connection) error {
		rt, _ := c.Auth.Params[paramRefreshToken].(string)
		acc, _ := c.Auth.Params[paramAccountsURL].(string)
		if strings.TrimSpace(rt) != s.p[paramRefreshToken] || strings.TrimSpace(acc) != s.p[paramAccountsURL] {
			return errCredentialsChanged
		}
		if c.Auth.Params == nil {
			c.Auth.Params = map[string]any{}
		}
		c.Auth.Params[paramAccessToken] = s.token
		return nil
	})
	if err != nil && !errors.Is(err, errCredentialsChanged) && !errors.Is(err, flowservice.ErrUnknown) {
		s.e.cfg.Logger.Warn("zohosource: token write-back", "tenant", s.t.String(), "connection", s.connID, "err", err)
	}
}

// tokenResponse is the part of a token answer the runtime reads.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	APIDomain   string `json:"api_domain"`
}

func readToken(body []byte) tokenResponse {
	var t tokenResponse
	_ = jsonUnmarshal(body, &t)
	return t
}

// describe is an error for logs: a Failure's text, else the error's.
func describe(err error) string {
	var f *Failure
	if errors.As(err, &f) {
		return f.Error()
	}
	return fmt.Sprint(err)
}
