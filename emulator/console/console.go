package console

import (
	"errors"
	"net/http"
	"time"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// Prefix is where the console is served.
const Prefix = "/_emulator/ui/"

// Deps are the parts of the emulator the console shows and steers.
type Deps struct {
	Clock    *clock.Clock
	Journal  *journal.Journal
	Faults   *faults.Set
	Accounts *zohoaccounts.Service
	IMS      *adobeims.Service
	// Region names the AEP region dataflows run in, e.g. "VA7 (North
	// America, egress 20.42.2.1)"; empty shows nothing.
	Region string
	// Client reaches the emulator's own APIs (Flow Service, IMS, Zoho
	// Accounts) without a socket; BaseURL is the emulator's URL, which that
	// client routes. The Sources workflow needs both; nil disables it.
	Client  func() *http.Client
	BaseURL func() string
	// Scenarios lists the scenario catalogue and last results; nil shows
	// an empty catalogue.
	Scenarios Scenarios
	// FaultChoices lists, per service, the operations and error codes the
	// add-a-rule form offers; nil offers free text only.
	FaultChoices func() []FaultService
	// Reset returns the world to its seed (the reset button); nil hides it.
	Reset func() error
	// FlowService, when set, lets the runs table's polling ask Flow
	// Service's API only when a flow's runs have changed (read through its
	// Go API, which journals nothing); nil asks on every poll.
	FlowService *flowservice.Service
}

// Console is the web console's handler.
type Console struct {
	deps     Deps
	mux      *http.ServeMux
	handler  http.Handler
	platform *platform
	parked   parked
}

// New returns the console over deps; Clock, Journal, Faults, Accounts and
// IMS are required.
func New(deps Deps) (*Console, error) {
	if deps.Clock == nil || deps.Journal == nil || deps.Faults == nil || deps.Accounts == nil || deps.IMS == nil {
		return nil, errors.New("console: clock, journal, faults, accounts and IMS are required")
	}
	c := &Console{deps: deps, mux: http.NewServeMux()}
	if deps.Client != nil && deps.BaseURL != nil {
		c.platform = newPlatform(deps.Client, deps.BaseURL, deps.IMS, deps.Clock.Now)
	}
	c.routes()
	// The pages change state with forms: refuse cross-origin posts, so that
	// a web page elsewhere cannot steer a local emulator through a browser.
	c.handler = http.NewCrossOriginProtection().Handler(c.mux)
	return c, nil
}

func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) { c.handler.ServeHTTP(w, r) }

func (c *Console) routes() {
	page := func(pattern string, h func(*http.Request) (*view, error)) {
		c.mux.Handle(pattern, c.render(h))
	}
	act := func(pattern string, h func(*http.Request) (string, error)) {
		c.mux.Handle(pattern, c.act(h))
	}
	c.mux.Handle("GET "+Prefix+"static/", http.StripPrefix(Prefix, staticHandler()))
	c.mux.Handle("GET "+Prefix+"{$}", http.RedirectHandler(Prefix+"overview", http.StatusFound))
	page("GET "+Prefix+"overview", c.overview)
	act("POST "+Prefix+"clock", c.steerClock)
	act("POST "+Prefix+"faults", c.addFault)
	act("POST "+Prefix+"faults/{id}", c.switchFault)
	act("POST "+Prefix+"reset", c.resetWorld)
	act("POST "+Prefix+"consent", c.setConsent)
	page("GET "+Prefix+"tokens", c.tokens)
	act("POST "+Prefix+"tokens/revoke", c.revoke)
	page("GET "+Prefix+"journal", c.journalPage)
	c.mux.Handle("GET "+Prefix+"journal/rows", c.fragment("journal-rows", c.journalRows))
	c.mux.Handle("GET "+Prefix+"journal/{seq}", c.fragment("journal-entry", c.journalEntry))
	page("GET "+Prefix+"sources", c.catalogue)
	page("GET "+Prefix+"sources/zoho/account", c.accountForm)
	page("POST "+Prefix+"sources/zoho/authorize", c.authorizeHelper)
	act("POST "+Prefix+"sources/zoho/account", c.createAccount)
	page("GET "+Prefix+"sources/zoho/{conn}/tables", c.tables)
	page("GET "+Prefix+"sources/zoho/{conn}/dataflow", c.dataflowForm)
	act("POST "+Prefix+"sources/zoho/{conn}/dataflow", c.createDataflow)
	page("GET "+Prefix+"sources/flows/{flow}", c.flowPage)
	c.mux.HandleFunc("GET "+Prefix+"sources/flows/{flow}/runs", c.flowRuns)
	page("GET "+Prefix+"scenarios", c.scenarios)
	c.mux.Handle(Prefix, c.render(func(r *http.Request) (*view, error) {
		return nil, notFound("nothing here at %s", r.URL.Path)
	}))
}

// view is what a page template is given.
type view struct {
	Page  string // the template, and the navigation entry lit
	Title string
	Clock clock.State
	Flash string // a notice from the last action
	Error string // what went wrong, on an error page
	Data  any
}

// now is the virtual time.
func (c *Console) now() time.Time { return c.deps.Clock.Now() }
