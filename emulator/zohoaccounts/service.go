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
	handler http.Handler // gorilla/mux over the route table
	exact   exact        // the same routes, by exact method and path

	mu   sync.Mutex
	st   *state
	seed State // what Reset returns to
	// The scopes of the last grant, joined (grant), under mu.
	lastScopes []string
	lastScope  string

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
	table := s.routes()
	s.handler, s.exact = router(table), exactRoutes(table)
	return s
}

// Config returns the service's configuration, defaults filled in.
func (s *Service) Config() Config { return s.cfg }

var writer = httpx.Writer{ContentType: "application/json;charset=UTF-8", Internal: internalError}

// Writer renders this service's results and errors.
func Writer() httpx.Writer { return writer }

// route is one entry of the route table.
type route struct {
	path, method string
	handler      http.Handler
}

// routes is the route table, in the order of openapi/zoho-accounts.yaml.
func (s *Service) routes() []route {
	return []route{
		{"/oauth/v2/auth", http.MethodGet, http.HandlerFunc(s.authorize)},
		{"/oauth/v2/auth", http.MethodPost, http.HandlerFunc(s.signIn)},
		{"/oauth/v2/token", http.MethodPost, writer.JSON(s.token)},
		{"/oauth/v2/token/revoke", http.MethodPost, writer.JSON(s.revoke)},
		{"/oauth/serverinfo", http.MethodGet, writer.JSON(s.serverInfo)},
		{"/oauth/user/info", http.MethodGet, writer.JSON(s.userInfo)},
	}
}

// router serves the route table with gorilla/mux: 404 and 405 answers,
// and paths to clean (a redirect). The path matcher comes before the
// method matcher: gorilla/mux 1.8.1 forgets a method mismatch when a later
// route's method matches first, and would answer a wrong method with 404
// instead of 405.
func router(table []route) http.Handler {
	r := mux.NewRouter()
	for _, rt := range table {
		r.Path(rt.path).Methods(rt.method).Handler(rt.handler)
	}
	r.NotFoundHandler = writer.JSON(func(*http.Request) (any, error) { return nil, errNotFound })
	r.MethodNotAllowedHandler = writer.JSON(func(*http.Request) (any, error) { return nil, errMethod })
	return r
}

// exact indexes the route table by method and path, for requests that
// name a route exactly: gorilla/mux would choose that route for them (the
// path is clean, and no two routes share a path and method), and its
// matching, route variables and request copy are all a refresh would pay
// it for.
type exact map[[2]string]http.Handler

func exactRoutes(table []route) exact {
	e := exact{}
	for _, rt := range table {
		e[[2]string{rt.method, rt.path}] = rt.handler
	}
	return e
}

// ServeHTTP serves the Zoho Accounts endpoints.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := s.exact[[2]string{r.Method, r.URL.Path}]; h != nil {
		h.ServeHTTP(w, r)
		return
	}
	s.handler.ServeHTTP(w, r)
}

// errNotFound and errMethod answer paths and methods Zoho Accounts does not
// serve; Zoho's own pages for these are HTML, unconfirmed (reference §15).
var (
	errNotFound = &Error{Code: "invalid_request", HTTPStatus: http.StatusNotFound}
	errMethod   = &Error{Code: "invalid_request", HTTPStatus: http.StatusMethodNotAllowed}
)
