package zohoaccounts

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// Service is the Zoho Accounts emulator: an http.Handler for the OAuth
// endpoints and a Go API (admin.go) for the control plane.
type Service struct {
	cfg     Config
	now     func() time.Time
	handler http.Handler

	mu   sync.Mutex
	st   *state
	seed State // what Reset returns to

	// TenantOf's memo (frontdoor.go): clientsEpoch moves with every
	// change to the clients, under mu; lastTenant is read without it.
	clientsEpoch atomic.Uint64
	lastTenant   atomic.Pointer[tenantMemo]
}

// New returns an empty Zoho Accounts. now is the virtual clock (time.Now
// when nil).
func New(cfg Config, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{cfg: cfg.withDefaults(), now: now}
	s.st = newState(s.cfg.Consent)
	s.handler = s.routes()
	return s
}

// Config returns the service's configuration, defaults filled in.
func (s *Service) Config() Config { return s.cfg }

var writer = httpx.Writer{ContentType: "application/json;charset=UTF-8", Internal: internalError}

// Writer renders this service's results and errors.
func Writer() httpx.Writer { return writer }

// routes is the route table, in the order of openapi/zoho-accounts.yaml.
// The path matcher comes before the method matcher: gorilla/mux 1.8.1
// forgets a method mismatch when a later route's method matches first, and
// would answer a wrong method with 404 instead of 405.
func (s *Service) routes() http.Handler {
	r := mux.NewRouter()
	r.Path("/oauth/v2/auth").Methods(http.MethodGet).HandlerFunc(s.authorize)
	r.Path("/oauth/v2/auth").Methods(http.MethodPost).HandlerFunc(s.signIn)
	r.Path("/oauth/v2/token").Methods(http.MethodPost).Handler(writer.JSON(s.token))
	r.Path("/oauth/v2/token/revoke").Methods(http.MethodPost).Handler(writer.JSON(s.revoke))
	r.Path("/oauth/serverinfo").Methods(http.MethodGet).Handler(writer.JSON(s.serverInfo))
	r.Path("/oauth/user/info").Methods(http.MethodGet).Handler(writer.JSON(s.userInfo))
	r.NotFoundHandler = writer.JSON(func(*http.Request) (any, error) { return nil, errNotFound })
	r.MethodNotAllowedHandler = writer.JSON(func(*http.Request) (any, error) { return nil, errMethod })
	return r
}

// ServeHTTP serves the Zoho Accounts endpoints.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// errNotFound and errMethod answer paths and methods Zoho Accounts does not
// serve; Zoho's own pages for these are HTML, unconfirmed (reference §15).
var (
	errNotFound = &Error{Code: "invalid_request", HTTPStatus: http.StatusNotFound}
	errMethod   = &Error{Code: "invalid_request", HTTPStatus: http.StatusMethodNotAllowed}
)
