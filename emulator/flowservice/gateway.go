package flowservice

import (
	"errors"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// call is one admitted request: who asks, in which org and sandbox.
type call struct {
	r     *http.Request
	id    Identity
	who   actor
	sb    SandboxInfo
	t     Tenant
	now   time.Time
	body  []byte
	reqID string
}

// ms is the call's virtual time in epoch milliseconds.
func (c *call) ms() int64 { return c.now.UnixMilli() }

// pathVar is a path variable.
func (c *call) pathVar(name string) string { return mux.Vars(c.r)[name] }

// handler is an endpoint's own work, after the gateway admitted it.
type handler func(c *call) (any, error)

// maxBody bounds the bodies the service reads itself (the front door
// bounds them first when there is one).
const maxBody = 1 << 20

// endpoint admits a request through the gateway's rules, runs h and writes
// its result; every answer carries an x-request-id, and every Flow Service
// error names it in report.request-id.
func (s *Service) endpoint(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqID := requestIDOf(r)
		c, err := s.admit(r, reqID)
		var v any
		if err == nil {
			v, err = h(c)
		}
		if err != nil {
			fail(w, reqID, err)
			return
		}
		w.Header().Set(headerRequestID, reqID)
		writer.Respond(w, v)
	})
}

// fail writes err in its wire form, stamped with the request id.
func fail(w http.ResponseWriter, id string, err error) {
	w.Header().Set(headerRequestID, id)
	var fe *Error
	var he httpx.Error
	switch {
	case errors.As(err, &fe):
		err = fe.withRequest(id)
	case errors.As(err, &he):
	default:
		err = errInternal().withRequest(id)
	}
	writer.Error(w, err)
}

// requestIDOf is the client's x-request-id, or a new one.
func requestIDOf(r *http.Request) string {
	if id := r.Header.Get(headerRequestID); id != "" && len(id) <= 128 {
		return id
	}
	return newUUID()
}

// admit applies the gateway's rules in order (reference §1): the token is
// present (403010), the API key is present (403000), the token is valid
// and unexpired on the virtual clock (401013), the API key is the token's
// client (403003), the org header is present (400003) and is the token's
// org (403025); then the token's scopes (2120), the Content-Type of a body
// (placeholder 400), and the sandbox (2105, 2100, 2103).
func (s *Service) admit(r *http.Request, reqID string) (*call, error) {
	auth := strings.TrimSpace(r.Header.Get("Authorization"))
	if auth == "" {
		return nil, ErrTokenMissing
	}
	key := r.Header.Get(headerAPIKey)
	if key == "" {
		return nil, ErrAPIKeyMissing
	}
	scheme, token, _ := strings.Cut(auth, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" || s.ims == nil {
		return nil, ErrTokenInvalid
	}
	id, err := s.ims.Verify(token)
	now := s.now()
	if err != nil || !id.Expires.IsZero() && !now.Before(id.Expires) {
		return nil, ErrTokenInvalid
	}
	if key != id.ClientID {
		return nil, ErrAPIKeyInvalid
	}
	org := r.Header.Get(headerOrg)
	if org == "" {
		return nil, ErrOrgMissing
	}
	if org != id.OrgID {
		return nil, ErrOrgInvalid
	}
	for _, need := range s.cfg.RequiredScopes {
		if !slices.Contains(id.Scopes, need) {
			return nil, errForbidden()
		}
	}
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	if len(body) > 0 && (r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch) &&
		!isJSON(r.Header.Get("Content-Type")) {
		return nil, ErrContentType
	}
	name, ok := r.Header[http.CanonicalHeaderKey(headerSandbox)]
	sandbox := defaultSandbox
	switch {
	case ok && len(name) > 0 && name[0] != "":
		sandbox = name[0]
	case s.cfg.MissingSandbox == SandboxRequired:
		return nil, errSandboxMissing()
	}
	sb, found := s.ims.Sandbox(org, sandbox)
	if !found {
		return nil, errSandboxNotFound(sandbox)
	}
	if sid := r.Header.Get(headerSandboxID); sid != "" && sid != sb.ID {
		return nil, errSandboxIDNotFound(sid, sandbox)
	}
	return &call{r: r, id: id, who: actorOf(id), sb: sb, t: Tenant{Org: org, Sandbox: sb.Name},
		now: now, body: body, reqID: reqID}, nil
}

// readBody reads at most maxBody bytes.
func readBody(r *http.Request) ([]byte, error) {
	b, err := httpx.ReadBody(r, maxBody)
	switch {
	case errors.Is(err, httpx.ErrTooLarge):
		return nil, TooLarge()
	case err != nil:
		return nil, errBadRequest()
	}
	return b, nil
}

// isJSON accepts application/json and every application/*+json type
// (application/json-patch+json among them), with any parameters.
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == contentTypeJSON || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}
