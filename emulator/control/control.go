package control

import (
	"io"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// World is what the control API needs of the emulator as a whole.
type World interface {
	// Reset returns everything, or one tenant, to the seed.
	Reset(tenant string) error
	// ExportState writes the whole state as JSON, or the part of the
	// tenants named (by Zoho or IMS org id; an unknown one is an error
	// wrapping zohoaccounts.ErrNotFound); ImportState replaces it.
	ExportState(tenants []string) ([]byte, error)
	ImportState(data []byte) error
}

// Deps are the parts of the emulator the control API steers.
type Deps struct {
	Clock    *clock.Clock
	Journal  *journal.Journal
	Faults   *faults.Set
	Accounts *zohoaccounts.Service
	World    World
	// AEP reads back dataset rows and dataflow runs; nil answers 404.
	AEP AEP
	// CRM reads and sets an org's CRM API credits; nil answers 404.
	CRM CRM
	// Tenants creates and deletes tenants; nil answers 404.
	Tenants Tenants
	// Metrics writes the Prometheus exposition; nil answers 404.
	Metrics func(io.Writer) error
}

// API is the control API handler.
type API struct {
	deps    Deps
	handler http.Handler
}

// New returns the control API over deps.
func New(deps Deps) *API {
	a := &API{deps: deps}
	a.handler = a.routes()
	return a
}

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.handler.ServeHTTP(w, r) }

// routes is the route table, in the order of openapi/emulator-admin.yaml.
// The path matcher comes before the method matcher: gorilla/mux 1.8.1
// forgets a method mismatch when a later route's method matches first, and
// would answer a wrong method with 404 instead of 405.
func (a *API) routes() http.Handler {
	r := mux.NewRouter()
	route := func(method, path string, h httpx.HandlerFunc) {
		r.Path(path).Methods(method).Handler(handle(h))
	}
	const get, post, put, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	route(get, "/_emulator/health", a.health)
	route(get, "/_emulator/ready", a.ready)
	r.Path("/_emulator/metrics").Methods(get).Handler(a.metricsHandler())
	route(post, "/_emulator/reset", a.reset)
	route(post, "/_emulator/tenants", a.createTenant)
	route(del, "/_emulator/tenants/{tenant_id}", a.deleteTenant)
	route(post, "/_emulator/tenants/{tenant_id}/reset", a.resetTenant)
	route(get, "/_emulator/clock", a.getClock)
	route(post, "/_emulator/clock/freeze", a.freezeClock)
	route(post, "/_emulator/clock/resume", a.resumeClock)
	route(post, "/_emulator/clock/set", a.setClock)
	route(post, "/_emulator/clock/advance", a.advanceClock)
	route(get, "/_emulator/zoho/orgs", a.listOrgs)
	route(post, "/_emulator/zoho/orgs", a.createOrg)
	route(get, "/_emulator/zoho/orgs/{org_id}", a.getOrg)
	route(put, "/_emulator/zoho/orgs/{org_id}", a.replaceOrg)
	route(del, "/_emulator/zoho/orgs/{org_id}", a.deleteOrg)
	route(get, "/_emulator/zoho/orgs/{org_id}/users", a.listOrgUsers)
	route(post, "/_emulator/zoho/orgs/{org_id}/users", a.createUser)
	route(get, "/_emulator/zoho/users", a.listUsers)
	route(del, "/_emulator/zoho/users/{zuid}", a.deleteUser)
	route(get, "/_emulator/zoho/clients", a.listClients)
	route(post, "/_emulator/zoho/clients", a.registerClient)
	route(get, "/_emulator/zoho/clients/{client_id}", a.getClient)
	route(put, "/_emulator/zoho/clients/{client_id}", a.replaceClient)
	route(del, "/_emulator/zoho/clients/{client_id}", a.deleteClient)
	route(post, "/_emulator/zoho/clients/{client_id}/codes", a.generateSelfClientCode)
	route(get, "/_emulator/zoho/consent", a.getConsent)
	route(put, "/_emulator/zoho/consent", a.setConsent)
	route(get, "/_emulator/zoho/tokens", a.listTokens)
	route(post, "/_emulator/zoho/tokens/revoke", a.revokeToken)
	route(get, "/_emulator/crm/orgs/{org_id}/credits", a.getCredits)
	route(put, "/_emulator/crm/orgs/{org_id}/credits", a.setCredits)
	route(get, "/_emulator/aep/datasets/{dataset_id}/rows", a.datasetRows)
	route(get, "/_emulator/aep/runs", a.listAEPRuns)
	route(get, "/_emulator/journal", a.queryJournal)
	route(del, "/_emulator/journal", a.clearJournal)
	route(get, "/_emulator/faults", a.listFaults)
	route(post, "/_emulator/faults", a.addFault)
	route(del, "/_emulator/faults", a.clearFaults)
	route(del, "/_emulator/faults/{id}", a.removeFault)
	route(get, "/_emulator/state", a.exportState)
	route(put, "/_emulator/state", a.importState)
	r.NotFoundHandler = handle(func(r *http.Request) (any, error) { return nil, errRoute(r) })
	r.MethodNotAllowedHandler = handle(func(r *http.Request) (any, error) { return nil, errMethod(r) })
	return r
}

// handle adapts a handler: its errors are mapped onto the API's, its
// results written as JSON.
func handle(h httpx.HandlerFunc) http.Handler {
	return writer.JSON(func(r *http.Request) (any, error) {
		v, err := h(r)
		if err != nil {
			return nil, wire(err)
		}
		return v, nil
	})
}

// created answers 201 with v; noContent answers 204.
func created(v any) httpx.Response { return httpx.Response{Status: http.StatusCreated, Body: v} }

var noContent = httpx.Response{Status: http.StatusNoContent}

// status is the small {"status": ...} answer.
type status struct {
	Status string `json:"status"`
	Tenant string `json:"tenant,omitempty"`
}
