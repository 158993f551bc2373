package zohocrm

import (
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// Service is the Zoho CRM emulator: an http.Handler for /crm/{version}/...
// (paths as served after the front door strips /dc/{location}) and a Go
// API for the control plane (SetOrg, Export, Import, Seed, Reset).
type Service struct {
	cfg     Config
	dir     Directory
	data    *crmdata.Store
	now     func() time.Time
	handler http.Handler

	pages  pageCache   // rendered record pages
	fields fieldsCache // the modules and fields reads name

	mu       sync.Mutex
	st       *state
	seed     State          // what Reset returns to
	inflight map[string]int // requests in flight per org
}

// New returns a Zoho CRM over the records in data, authenticating through
// dir. now is the virtual clock (time.Now when nil).
func New(cfg Config, dir Directory, data *crmdata.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{cfg: cfg.withDefaults(), dir: dir, data: data, now: now,
		st: newState(), inflight: map[string]int{}}
	s.handler = s.routes()
	return s
}

// Config returns the service's configuration, defaults filled in.
func (s *Service) Config() Config { return s.cfg }

// ServeHTTP serves the CRM endpoints.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routes is the route table, in the order of openapi/zoho-crm.yaml. The
// path matcher comes before the method matcher: gorilla/mux 1.8.1 forgets
// a method mismatch when a later route's method matches first. Paths are
// matched as sent (SkipClean): Zoho does not redirect.
func (s *Service) routes() http.Handler {
	r := mux.NewRouter().SkipClean(true)
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	r.Path("/crm/{version}/settings/modules").Methods(get).Handler(s.endpoint(settingsScope("modules"), s.listModules))
	r.Path("/crm/{version}/settings/modules/{module}").Methods(get).Handler(s.endpoint(settingsScope("modules"), s.getModule))
	r.Path("/crm/{version}/settings/fields").Methods(get).Handler(s.endpoint(settingsScope("fields"), s.listFields))
	r.Path("/crm/{version}/settings/layouts").Methods(get).Handler(s.endpoint(settingsScope("layouts"), s.listLayouts))
	r.Path("/crm/{version}/users").Methods(get).Handler(s.endpoint(plainScope("users"), s.listUsers))
	r.Path("/crm/{version}/users/{user}").Methods(get).Handler(s.endpoint(plainScope("users"), s.getUser))
	r.Path("/crm/{version}/org").Methods(get).Handler(s.endpoint(plainScope("org"), s.getOrg))
	r.Path("/crm/{version}/{module}").Methods(get).Handler(s.endpoint(recordScope(opRead), s.listRecords))
	r.Path("/crm/{version}/{module}").Methods(post).Handler(s.endpoint(recordScope(opCreate), s.createRecords))
	r.Path("/crm/{version}/{module}").Methods(put).Handler(s.endpoint(recordScope(opUpdate), s.updateRecords))
	r.Path("/crm/{version}/{module}").Methods(del).Handler(s.endpoint(recordScope(opDelete), s.deleteRecords))
	r.Path("/crm/{version}/{module}/deleted").Methods(get).Handler(s.endpoint(recordScope(opRead), s.listDeleted))
	r.Path("/crm/{version}/{module}/{record}").Methods(get).Handler(s.endpoint(recordScope(opRead), s.getRecord))
	r.Path("/crm/{version}/{module}/{record}").Methods(put).Handler(s.endpoint(recordScope(opUpdate), s.updateRecord))
	r.Path("/crm/{version}/{module}/{record}").Methods(del).Handler(s.endpoint(recordScope(opDelete), s.deleteRecord))
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { writer.Error(w, errURLPattern) })
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { writer.Error(w, errMethod) })
	return r
}

// misroute is the answer to a request that only the record routes
// matched: a wrong method on a path another API owns (INVALID_REQUEST_METHOD,
// as if the record routes were not there), or a path no API owns.
func misroute(r *http.Request) error {
	vars := mux.Vars(r)
	module, record := vars["module"], vars["record"]
	_, hasRecord := vars["record"]
	switch {
	case !hasRecord && (module == "users" || module == "org"):
		return errMethod // GET would have matched their own routes
	case hasRecord && module == "users":
		return errMethod
	case hasRecord && module == "settings":
		switch record {
		case "modules", "fields", "layouts":
			return errMethod
		}
		return errURLPattern
	case hasRecord && record == "deleted" && r.Method != http.MethodGet:
		return errMethod
	}
	return nil
}
