package emulator

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/bundle"
	"github.com/zohoaep/zohoaep/emulator/console"
	"github.com/zohoaep/zohoaep/emulator/control"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/internal/netpolicy"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
	"github.com/zohoaep/zohoaep/openapi"
)

// Options configure an Emulator. The zero value works: an empty world, a
// real-time clock, validation on, quiet logs.
type Options struct {
	// Seed is the world to start with and to return to on reset; nil is an
	// empty world. Demo() is the embedded demo world.
	Seed *State
	// Clock is the virtual clock (NewClock); nil follows wall time.
	Clock *Clock
	// Logger receives one line per exchange at debug level; nil discards.
	Logger *slog.Logger
	// PublicURL is the base of every absolute URL the emulator returns
	// (accounts-server, api_domain); empty means the Host the request used.
	PublicURL string
	// TrustedProxies are IPs or CIDR ranges whose X-Forwarded-For is
	// believed; other peers are their own source IP.
	TrustedProxies []string
	// JournalSize bounds the journal (default journal.DefaultSize).
	JournalSize int
	// NoValidation turns contract validation off (for benchmarks).
	NoValidation bool
	// Accounts configures Zoho Accounts where Zoho's behaviour is unsettled.
	Accounts zohoaccounts.Config
	// CRM configures Zoho CRM likewise.
	CRM zohocrm.Config
	// IMS configures Adobe IMS (for example an injected signing key).
	IMS adobeims.Config
	// FlowService configures the AEP Flow Service likewise.
	FlowService flowservice.Config
	// Source configures the Zoho CRM connector runtime behind Flow
	// Service: the AEP region (egress IP), API version, run lifecycle.
	Source zohosource.Config
	// Bundle is a repro bundle to start from (zohoaep serve --bundle): its
	// state, clock, fault rules and journal; its state is also the seed a
	// reset returns to, unless Seed is set.
	Bundle *bundle.Bundle
	// Scenarios feeds the web console's Scenarios view; nil shows none.
	Scenarios console.Scenarios
	// DataDir, when set, keeps the whole state in an embedded store there:
	// a change is durable before its request is answered, and an existing
	// directory's world is loaded instead of Seed (docs/durable-state.md).
	DataDir string
	// TLS, when set, makes Serve and Start serve HTTPS with it (LocalTLS
	// builds one from a local CA).
	TLS *tls.Config
}

// Emulator is one emulated world: services, clock, journal and faults.
type Emulator struct {
	opts     Options
	clock    *clock.Clock
	journal  *journal.Journal
	faults   *faults.Set
	policy   netpolicy.Policy
	log      *slog.Logger
	accounts *zohoaccounts.Service
	crm      *zohocrm.Service
	crmData  *crmdata.Store
	ims      *adobeims.Service
	flows    *flowservice.Service
	source   *zohosource.Engine
	console  *console.Console
	services []*service
	seed     State
	stored   *stored // the data directory, or nil
	metrics  metrics

	lastBase atomic.Pointer[hostBase] // baseFor's

	mu       sync.Mutex
	url      string
	servers  []*http.Server
	inflight sync.WaitGroup
}

// New builds an emulator.
func New(opts Options) (*Emulator, error) {
	if !opts.NoValidation {
		startContracts()
	}
	proxies, err := netpolicy.ParseList(opts.TrustedProxies)
	if err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	e := &Emulator{
		opts:    opts,
		clock:   opts.Clock,
		journal: journal.New(opts.JournalSize),
		policy:  netpolicy.Policy{TrustedProxies: proxies},
		log:     opts.Logger,
	}
	if e.clock == nil {
		e.clock = clock.New(nil)
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	dir, err := openDataDir(&opts)
	if err != nil {
		return nil, err
	}
	if dir != nil && dir.seedStored && opts.Bundle != nil {
		// Otherwise the directory's world would silently win over the bundle.
		return nil, errors.Join(fmt.Errorf("data dir %s already holds a world; a bundle brings its own: use a new --data-dir", opts.DataDir), dir.close())
	}
	e.opts = opts
	e.accounts = zohoaccounts.New(opts.Accounts, e.clock.Now)
	e.crmData = crmdata.New()
	e.crm = zohocrm.New(opts.CRM, crmDirectory{e.accounts}, e.crmData, e.clock.Now)
	if e.ims, err = adobeims.New(opts.IMS, e.clock.Now); err != nil {
		return nil, errors.Join(err, dir.close())
	}
	e.flows = flowservice.New(opts.FlowService, flowIMS{e.ims}, e.clock.Now)
	// The connector runtime reaches Zoho over HTTP, through this emulator,
	// from the AEP region's egress IP.
	if e.source, err = zohosource.Attach(e.flows, e.HTTPClientFrom, opts.Source, e.clock.Now); err != nil {
		return nil, err
	}
	e.faults = faults.New(e.knownError)
	if err := e.wire(); err != nil {
		return nil, err
	}
	if e.console, err = e.newConsole(); err != nil {
		return nil, err
	}
	go e.warm()
	if opts.Bundle != nil && opts.Seed == nil {
		if opts.Seed, err = bundleSeed(opts.Bundle); err != nil {
			return nil, err
		}
	}
	if opts.Seed != nil {
		e.seed = *opts.Seed
		if err := e.accounts.Seed(e.seed.Zoho); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		if err := e.seedCRM(e.seed.CRM, ""); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		if e.seed.IMS != nil {
			if err := e.ims.Seed(*e.seed.IMS); err != nil {
				return nil, fmt.Errorf("seed: ims: %w", err)
			}
		}
		if e.seed.FlowService != nil {
			if err := e.flows.Seed(*e.seed.FlowService); err != nil {
				return nil, fmt.Errorf("seed: flow service: %w", err)
			}
		}
	}
	if opts.Bundle != nil {
		if err := e.Restore(opts.Bundle); err != nil {
			return nil, errors.Join(err, dir.close())
		}
	}
	if dir != nil {
		if err := e.attach(dir); err != nil {
			return nil, errors.Join(err, dir.close())
		}
	}
	return e, nil
}

// wire builds the service table the front door routes on.
func (e *Emulator) wire() error {
	// The contracts parse in the background (parsing is most of a start-up):
	// a request waits for its own service's only.
	adminContract, accountsContract := contracts.Background(openapi.EmulatorAdmin), contracts.Background(openapi.ZohoAccounts)
	crmContract, imsContract := contracts.Background(openapi.ZohoCRM), contracts.Background(openapi.AdobeIMS)
	flowContract := contracts.Background(openapi.FlowService)
	admin := control.New(control.Deps{
		Clock: e.clock, Journal: e.journal, Faults: e.faults, Accounts: e.accounts, World: (*world)(e), AEP: (*aepControl)(e), Tenants: (*tenants)(e), CRM: e.crm,
		Metrics: e.WriteMetrics,
	})
	e.services = []*service{
		{
			name: ServiceZohoAccounts, prefix: "/oauth/", contract: accountsContract,
			handler: e.accounts, writer: zohoaccounts.Writer(), catalogue: zohoaccounts.Catalogue(),
			tooLarge: zohoaccounts.TooLarge(), judgesSize: true,
			identify: func(r *http.Request, body []byte) (string, string) {
				client := clientOf(r.URL.RawQuery, r.Header.Get("Content-Type"), body)
				if client == "" { // user info and the like: the token's client
					client, _ = e.tokenHolder(r.Header.Get("Authorization"))
				}
				return client, e.accounts.TenantOf(client)
			},
		},
		{
			name: ServiceZohoCRM, prefix: "/crm/", contract: crmContract,
			handler: e.crm, writer: zohocrm.Writer(), catalogue: zohocrm.Catalogue(), tooLarge: zohocrm.TooLarge(),
			identify: func(r *http.Request, _ []byte) (string, string) {
				if client, tenant := e.crm.Identify(r.Header.Get("Authorization")); client != "" {
					return client, tenant
				}
				return e.tokenHolder(r.Header.Get("Authorization")) // an expired token is still its tenant's
			},
		},
		{
			name: ServiceAdobeIMS, prefix: "/ims/", contract: imsContract,
			handler: e.ims, writer: adobeims.Writer(), catalogue: adobeims.Catalogue(), tooLarge: adobeims.TooLarge(),
			identify: func(r *http.Request, body []byte) (string, string) {
				client := adobeims.ClientOf(r, body)
				return client, e.ims.TenantOf(client)
			},
		},
		{
			// Flow Service with the Catalog and Data Prep parts a dataflow names.
			name: ServiceFlowService, prefix: "/data/foundation/", contract: flowContract,
			handler: e.flows, writer: flowservice.Writer(), catalogue: flowservice.Catalogue(), tooLarge: flowservice.TooLarge(),
			identify: e.flows.Identify,
			before:   e.runDue,
		},
		{
			name: ServiceControl, prefix: "/_emulator/", contract: adminContract, handler: admin,
			writer: control.Writer(), tooLarge: control.TooLarge(), maxBody: control.MaxStateBody,
		},
	}
	return nil
}

// warm readies, in the background and after the contracts a first
// request waits for, what a later first request would wait for.
func (e *Emulator) warm() {
	for _, s := range e.services {
		_, _ = s.contract.Contract()
	}
	e.ims.Warm()
}

// Service names, as the journal and fault rules spell them.
const (
	ServiceZohoAccounts = "zoho-accounts"
	ServiceZohoCRM      = "zoho-crm"
	ServiceAdobeIMS     = "adobe-ims"
	ServiceFlowService  = "flow-service"
	ServiceControl      = "control"
)

func (e *Emulator) knownError(service, code string) bool {
	for _, s := range e.services {
		if s.name == service {
			_, ok := s.catalogue[code]
			return ok
		}
	}
	return false
}

// Handler returns the emulator's single HTTP handler.
func (e *Emulator) Handler() http.Handler { return http.HandlerFunc(e.serve) }

// Clock is the emulator's virtual clock: it follows wall time until it is
// frozen, set or advanced (Freeze, Resume, Set, Advance, Reset).
type Clock = clock.Clock

// NewClock returns a virtual clock following wall (time.Now when nil).
func NewClock(wall func() time.Time) *Clock { return clock.New(wall) }

// Clock returns the virtual clock.
func (e *Emulator) Clock() *Clock { return e.clock }

// Journal returns the request journal.
func (e *Emulator) Journal() *journal.Journal { return e.journal }

// Faults returns the fault rules.
func (e *Emulator) Faults() *faults.Set { return e.faults }

// IMS returns the Adobe IMS service, for its Go API.
func (e *Emulator) IMS() *adobeims.Service { return e.ims }

// FlowService returns the AEP Flow Service, for its Go API (datasets, runs).
func (e *Emulator) FlowService() *flowservice.Service { return e.flows }

// CRM returns the Zoho CRM service, for its Go API.
func (e *Emulator) CRM() *zohocrm.Service { return e.crm }

// CRMData returns the Zoho CRM record store, for its Go API.
func (e *Emulator) CRMData() *crmdata.Store { return e.crmData }

// Accounts returns the Zoho Accounts service, for its Go API.
func (e *Emulator) Accounts() *zohoaccounts.Service { return e.accounts }

// now is the virtual time.
func (e *Emulator) now() time.Time { return e.clock.Now() }
