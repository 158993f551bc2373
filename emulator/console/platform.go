package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

// platform calls the emulator's own Adobe APIs as Platform's UI does: an
// IMS access token of the org's credential, x-api-key, x-gw-ims-org-id
// and x-sandbox-name on every call. The calls pass the front door, so they
// are validated, journaled and faulted like any client's.
type platform struct {
	client func() *http.Client
	base   func() string
	ims    *adobeims.Service
	now    func() time.Time

	mu     sync.Mutex
	tokens map[string]imsToken // by org
}

type imsToken struct {
	access, apiKey string
	expires        time.Time
}

// tenant is an IMS org and a sandbox name.
type tenant struct{ Org, Sandbox string }

func newPlatform(client func() *http.Client, base func() string, ims *adobeims.Service, now func() time.Time) *platform {
	return &platform{client: client, base: base, ims: ims, now: now, tokens: map[string]imsToken{}}
}

// apiError is an API's refusal, with the vendor's own message.
type apiError struct {
	Method, Path string
	Status       int
	Message      string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s %s answered %d: %s", e.Method, e.Path, e.Status, e.Message)
}

// uiStatus is the status of the console's page that met the refusal: a
// client error is the form's (the user's input), anything else a bad
// gateway.
func (e *apiError) uiStatus() int {
	if e.Status >= 400 && e.Status < 500 && e.Status != http.StatusUnauthorized && e.Status != http.StatusForbidden {
		return e.Status
	}
	return http.StatusBadGateway
}

// token returns an IMS access token of the org's first credential,
// minted at /ims/token/v3 and kept until shortly before it expires on the
// virtual clock.
func (p *platform) token(ctx context.Context, org string) (imsToken, error) {
	p.mu.Lock()
	t, ok := p.tokens[org]
	p.mu.Unlock()
	if ok && p.now().Before(t.expires.Add(-time.Minute)) {
		return t, nil
	}
	creds := p.ims.Credentials(org)
	if len(creds) == 0 {
		return imsToken{}, badRequest("IMS org %q has no credential to sign the console in with", org)
	}
	cred, err := p.ims.GetCredential(creds[0].ClientID) // with its secret
	if err != nil {
		return imsToken{}, err
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {cred.ClientID},
		"client_secret": {cred.Secret}, "scope": {strings.Join(cred.Scopes, ",")}}
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := p.send(ctx, http.MethodPost, "/ims/token/v3", "application/x-www-form-urlencoded",
		strings.NewReader(form.Encode()), nil, &out); err != nil {
		return imsToken{}, err
	}
	t = imsToken{access: out.AccessToken, apiKey: cred.ClientID, expires: p.now().Add(time.Duration(out.ExpiresIn) * time.Second)}
	p.mu.Lock()
	p.tokens[org] = t
	p.mu.Unlock()
	return t, nil
}

// call sends one Platform request for the tenant; in and out are JSON
// (nil for none); mark is the ConsoleHeader value. A 401 (the token
// kept is no longer good: a reset, a deleted credential) is tried once
// more with a fresh token.
func (p *platform) call(ctx context.Context, tn tenant, method, path string, in, out any, mark string) error {
	err := p.callOnce(ctx, tn, method, path, in, out, mark)
	if ae, ok := errors.AsType[*apiError](err); ok && ae.Status == http.StatusUnauthorized {
		p.mu.Lock()
		delete(p.tokens, tn.Org)
		p.mu.Unlock()
		err = p.callOnce(ctx, tn, method, path, in, out, mark)
	}
	return err
}

func (p *platform) callOnce(ctx context.Context, tn tenant, method, path string, in, out any, mark string) error {
	tok, err := p.token(ctx, tn.Org)
	if err != nil {
		return err
	}
	var body io.Reader
	ctype := ""
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body, ctype = bytes.NewReader(b), "application/json"
	}
	h := http.Header{}
	h.Set("Authorization", "Bearer "+tok.access)
	h.Set("x-api-key", tok.apiKey)
	h.Set("x-gw-ims-org-id", tn.Org)
	h.Set("x-sandbox-name", tn.Sandbox)
	h.Set(ConsoleHeader, mark)
	return p.send(ctx, method, path, ctype, body, h, out)
}

func (p *platform) send(ctx context.Context, method, path, ctype string, body io.Reader, h http.Header, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, p.base()+path, body)
	if err != nil {
		return err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Accept", "application/json")
	if req.Header.Get(ConsoleHeader) == "" {
		req.Header.Set(ConsoleHeader, "step")
	}
	resp, err := p.client().Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	short, _, _ := strings.Cut(path, "?")
	if resp.StatusCode >= 300 {
		return &apiError{Method: method, Path: short, Status: resp.StatusCode, Message: messageOf(b)}
	}
	if out == nil || len(b) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s: unreadable answer: %w", method, short, err)
	}
	return nil
}

// messageOf finds the message in a vendor's error envelope: Flow
// Service's title and detail, the gateway's message, IMS's and Zoho's
// error and description.
func messageOf(b []byte) string {
	var env map[string]any
	if json.Unmarshal(b, &env) != nil {
		if s := strings.TrimSpace(strings.ToValidUTF8(string(b[:min(len(b), 200)]), "")); s != "" {
			return s
		}
		return "no message"
	}
	var parts []string
	for _, k := range []string{"error_code", "error", "code", "title", "message", "detail", "error_description"} {
		if s, ok := env[k].(string); ok && s != "" {
			parts = append(parts, s)
		}
	}
	if r, ok := env["report"].(map[string]any); ok {
		if d, ok := r["detailed-message"].(string); ok {
			parts = append(parts, d)
		}
	}
	if len(parts) == 0 {
		return "no message"
	}
	return strings.Join(parts, ": ")
}

// errNoPlatform is the Sources workflow without a way to call the APIs.
var errNoPlatform error = &uiError{status: http.StatusServiceUnavailable,
	msg: "the Sources workflow needs the emulator's HTTP client: this console was built without one"}
