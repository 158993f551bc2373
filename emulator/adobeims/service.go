package adobeims

import (
	"crypto/rsa"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// Service is the Adobe IMS emulator: an http.Handler for the token and
// keys endpoints, a Go API (admin.go, sandbox.go, snapshot.go) for the
// control plane, and Verify for the services that accept its tokens.
type Service struct {
	cfg     Config
	now     func() time.Time
	key     func() (*rsa.PrivateKey, error) // the signing key, once it exists
	jwks    func() (jwks, error)            // the published key set, built once
	handler http.Handler

	mu   sync.Mutex
	st   *state
	seed State // what Reset returns to
}

// New returns an empty IMS. now is the virtual clock (time.Now when nil).
// It fails only on an unusable Config.Key.
func New(cfg Config, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Service{cfg: cfg, now: now, st: newState()}
	s.key = func() (*rsa.PrivateKey, error) { return cfg.Key, nil }
	if cfg.Key == nil {
		s.key = processKey // generated on first use, or by Warm
	}
	s.jwks = sync.OnceValues(func() (jwks, error) {
		k, err := s.key()
		if err != nil {
			return jwks{}, err
		}
		return publicKeySet(&k.PublicKey, cfg.KeyID), nil
	})
	s.handler = s.routes()
	return s, nil
}

// Warm makes the signing key ready (generating the per-process key if it
// is not yet), so that the first token request does not wait for it.
func (s *Service) Warm() { _, _ = s.key() }

// Config returns the service's configuration, defaults filled in.
func (s *Service) Config() Config { return s.cfg }

var writer = httpx.Writer{ContentType: "application/json;charset=utf-8", Internal: internalError}

// Writer renders this service's results and errors.
func Writer() httpx.Writer { return writer }

// routes is the route table, in the order of openapi/adobe-ims.yaml. The
// path matcher comes before the method matcher: gorilla/mux 1.8.1 forgets
// a method mismatch when a later route's method matches first.
func (s *Service) routes() http.Handler {
	r := mux.NewRouter()
	r.Path(PathToken).Methods(http.MethodPost).Handler(writer.JSON(s.token))
	r.Path(PathKeys).Methods(http.MethodGet).Handler(writer.JSON(s.keys))
	r.NotFoundHandler = writer.JSON(func(*http.Request) (any, error) { return nil, errNotFound })
	r.MethodNotAllowedHandler = writer.JSON(func(*http.Request) (any, error) { return nil, errMethod })
	return r
}

// ServeHTTP serves the IMS endpoints.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
