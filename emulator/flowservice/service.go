package flowservice

import (
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/mux"
)

// Service is the Flow Service emulator (with Catalog datasets and Data
// Prep mapping sets): an http.Handler for the paths under
// /data/foundation/{flowservice,catalog,conversion}, and a Go API for the
// control plane and the runs engine.
type Service struct {
	cfg     Config
	ims     IMS
	now     func() time.Time
	specs   *catalogue
	handler http.Handler

	mu   sync.Mutex
	st   *state
	seed State // what Reset returns to
	live Live
}

// New returns an empty Flow Service. ims verifies tokens and names
// sandboxes; now is the virtual clock (time.Now when nil).
func New(cfg Config, ims IMS, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	cfg = cfg.withDefaults()
	specs, err := loadCatalogue(cfg.ZohoSpecName)
	if err != nil {
		panic(err) // the embedded catalogue is broken: a build defect
	}
	s := &Service{cfg: cfg, ims: ims, now: now, specs: specs, st: newState()}
	s.handler = s.routes()
	return s
}

// Config returns the service's configuration, defaults filled in.
func (s *Service) Config() Config { return s.cfg }

// ServeHTTP serves the Flow Service, Catalog and Data Prep endpoints.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routes is the route table, in the order of openapi/flow-service.yaml.
// The path matcher comes before the method matcher: gorilla/mux 1.8.1
// forgets a method mismatch when a later route's method matches first, and
// would answer a wrong method with 404 instead of 405. Paths match as sent
// (SkipClean): the trailing-slash forms Adobe's own OpenAPI declares for
// PATCH and DELETE of a connection are routes of their own.
func (s *Service) routes() http.Handler {
	r := mux.NewRouter().SkipClean(true)
	get, post, patch, del := http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete
	route := func(path, method string, h handler) {
		r.Path(path).Methods(method).Handler(s.endpoint(h))
	}
	const fs = FlowBase
	route(fs+"/connectionSpecs", get, s.listConnectionSpecs)
	route(fs+"/connectionSpecs/{id}", get, s.getConnectionSpec)
	route(fs+"/connections", get, s.listConnections)
	route(fs+"/connections", post, s.createConnection)
	route(fs+"/connections/{id}", get, s.getConnection)
	route(fs+"/connections/{id}", patch, s.patchConnection)
	route(fs+"/connections/{id}", del, s.deleteConnection)
	route(fs+"/connections/{id}/", patch, s.patchConnection)
	route(fs+"/connections/{id}/", del, s.deleteConnection)
	route(fs+"/connections/{id}/action", post, s.connectionAction)
	route(fs+"/connections/{id}/test", get, s.testConnection)
	route(fs+"/connections/{id}/explore", get, s.exploreConnection)
	route(fs+"/sourceConnections", get, s.listSourceConnections)
	route(fs+"/sourceConnections", post, s.createSourceConnection)
	route(fs+"/sourceConnections/{id}", get, s.getSourceConnection)
	route(fs+"/sourceConnections/{id}", patch, s.patchSourceConnection)
	route(fs+"/sourceConnections/{id}", del, s.deleteSourceConnection)
	route(fs+"/sourceConnections/{id}/action", post, s.sourceConnectionAction)
	route(fs+"/targetConnections", get, s.listTargetConnections)
	route(fs+"/targetConnections", post, s.createTargetConnection)
	route(fs+"/targetConnections/{id}", get, s.getTargetConnection)
	route(fs+"/targetConnections/{id}", patch, s.patchTargetConnection)
	route(fs+"/targetConnections/{id}", del, s.deleteTargetConnection)
	route(fs+"/targetConnections/{id}/action", post, s.targetConnectionAction)
	route(fs+"/flowSpecs", get, s.listFlowSpecs)
	route(fs+"/flowSpecs/{id}", get, s.getFlowSpec)
	route(fs+"/flows", get, s.listFlows)
	route(fs+"/flows", post, s.createFlow)
	route(fs+"/flows/{id}", get, s.getFlow)
	route(fs+"/flows/{id}", patch, s.patchFlow)
	route(fs+"/flows/{id}", del, s.deleteFlow)
	route(fs+"/flows/{id}/action", post, s.flowAction)
	route(fs+"/runs", get, s.listRuns)
	route(fs+"/runs/{id}", get, s.getRun)
	route(CatalogBase+"/dataSets", post, s.createDataset)
	route(CatalogBase+"/dataSets/{id}", get, s.getDataset)
	route(PrepBase+"/mappingSets", post, s.createMappingSet)
	route(PrepBase+"/mappingSets/{id}", get, s.getMappingSet)
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fail(w, requestIDOf(r), errNoRoute()) })
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fail(w, requestIDOf(r), errMethod()) })
	return r
}
