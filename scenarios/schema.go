package scenarios

// Scenario is one catalogue entry: a production failure, the world that
// reproduces it, what the client is asked to do, and what is expected.
// It is the YAML document of one file under catalog/, read strictly
// (unknown fields are errors); docs/scenarios.md documents every field.
type Scenario struct {
	// ID is unique, lower-case words joined by hyphens; the file's name.
	ID string `yaml:"id" json:"id"`
	// Title says what happens, in a line.
	Title string `yaml:"title" json:"title"`
	// Class groups scenarios for the conformance score (Classes).
	Class string `yaml:"class" json:"class"`
	// Why is the production failure this reproduces.
	Why string `yaml:"why" json:"why"`
	// Docs are the vendor documents behind it.
	Docs []string `yaml:"docs,omitempty" json:"docs,omitempty"`
	// Roles are the roles a client must play to be asked; a client that
	// lacks one skips the scenario.
	Roles []Role `yaml:"roles" json:"roles"`
	// Setup changes the demo world before the first step.
	Setup Setup `yaml:"setup,omitempty" json:"setup,omitempty"`
	// Steps run in order: client intents and emulator actions.
	Steps []Step `yaml:"steps" json:"steps"`
	// Journal holds the checks over every exchange the client made.
	Journal []Check `yaml:"journal,omitempty" json:"journal,omitempty"`
	// Serial keeps the scenario from running beside others (it uses wall
	// time, such as a fault's delay).
	Serial bool `yaml:"serial,omitempty" json:"serial,omitempty"`
}

// Classes are the scenario classes a report scores, in order.
var Classes = []string{"oauth", "limits", "datacentre", "network", "crm", "aep"}

// Setup is the world a scenario starts from: the demo world (docs/
// scenarios.md lists it) changed with the control API's vocabulary.
type Setup struct {
	// Region is the AEP region whose egress IPs the connector runtime
	// uses (VA7, NLD2, AUS5, CAN2, IND2). In-process only: against a
	// serving emulator a scenario with a region is skipped.
	Region string `yaml:"region,omitempty" json:"region,omitempty"`
	// Clock, when set, is the virtual time the scenario starts at (RFC
	// 3339; POST /_emulator/clock/set), for instance just before a month
	// or a day turns. In-process the clock is frozen either way; a
	// serving emulator's only moves forwards, so a time before its now is
	// skipped there.
	Clock string `yaml:"clock,omitempty" json:"clock,omitempty"`
	// User, when set, is created (with its org) and consents instead of
	// the demo admin.
	User *User `yaml:"user,omitempty" json:"user,omitempty"`
	// Consent is the consent mode; the default approves as the user.
	Consent *Consent `yaml:"consent,omitempty" json:"consent,omitempty"`
	// Client changes the demo server-based client's registration.
	Client *ClientSetup `yaml:"client,omitempty" json:"client,omitempty"`
	// OrgAllowedIPs is the demo org's IP allow list.
	OrgAllowedIPs []string `yaml:"org_allowed_ips,omitempty" json:"org_allowed_ips,omitempty"`
	// Env changes what the client is told (its view of its own
	// configuration): client_secret, redirect_uri, scopes, module,
	// crm_version, sandbox.
	Env EnvSetup `yaml:"env,omitempty" json:"env,omitempty"`
	// CRMCredits, when set, is the API credits the org has left (PUT
	// /_emulator/crm/orgs/{id}/credits): the rest of its budget is spent,
	// as other integrations of the org would have.
	CRMCredits *int `yaml:"crm_credits,omitempty" json:"crm_credits,omitempty"`
	// Faults are fault rules, as POST /_emulator/faults takes them.
	Faults []Fault `yaml:"faults,omitempty" json:"faults,omitempty"`
}

// User is a Zoho user created for the scenario, in an org of its own.
type User struct {
	Email string `yaml:"email" json:"email"`
	// DC is the user's (and org's) data centre: us, eu, in, au, cn, jp,
	// ca, sa, uk, ae.
	DC  string `yaml:"dc" json:"dc"`
	Org string `yaml:"org" json:"org"`
}

// Consent is a consent mode: approve (as the user), deny or interactive.
type Consent struct {
	Mode string `yaml:"mode" json:"mode"`
}

// ClientSetup changes the registered server-based client.
type ClientSetup struct {
	AllowedIPs   []string `yaml:"allowed_ips,omitempty" json:"allowed_ips,omitempty"`
	RedirectURIs []string `yaml:"redirect_uris,omitempty" json:"redirect_uris,omitempty"`
}

// EnvSetup overrides what the client is told.
type EnvSetup struct {
	ClientSecret string   `yaml:"client_secret,omitempty" json:"client_secret,omitempty"`
	RedirectURI  string   `yaml:"redirect_uri,omitempty" json:"redirect_uri,omitempty"`
	Scopes       []string `yaml:"scopes,omitempty" json:"scopes,omitempty"`
	Module       string   `yaml:"module,omitempty" json:"module,omitempty"`
	CRMVersion   string   `yaml:"crm_version,omitempty" json:"crm_version,omitempty"`
	Sandbox      string   `yaml:"sandbox,omitempty" json:"sandbox,omitempty"`
}

// Fault is a fault rule in the control API's shape (FaultRuleSettings in
// openapi/emulator-admin.yaml).
type Fault struct {
	ID     string      `yaml:"id,omitempty" json:"id,omitempty"`
	Match  FaultMatch  `yaml:"match" json:"match"`
	Action FaultAction `yaml:"action" json:"action"`
	Limit  *FaultLimit `yaml:"limit,omitempty" json:"limit,omitempty"`
}

// FaultMatch selects calls; empty fields match any.
type FaultMatch struct {
	Service   string `yaml:"service,omitempty" json:"service,omitempty"`
	Operation string `yaml:"operation,omitempty" json:"operation,omitempty"`
	Tenant    string `yaml:"tenant,omitempty" json:"tenant,omitempty"`
	Client    string `yaml:"client,omitempty" json:"client,omitempty"`
	Nth       int    `yaml:"nth,omitempty" json:"nth,omitempty"`
}

// FaultAction is what happens instead of the answer.
type FaultAction struct {
	Error  string `yaml:"error,omitempty" json:"error,omitempty"`
	Status int    `yaml:"status,omitempty" json:"status,omitempty"`
	Body   any    `yaml:"body,omitempty" json:"body,omitempty"`
	Delay  string `yaml:"delay,omitempty" json:"delay,omitempty"`
	Reset  bool   `yaml:"reset,omitempty" json:"reset,omitempty"`
	Empty  bool   `yaml:"empty,omitempty" json:"empty,omitempty"`
}

// FaultLimit bounds a rule.
type FaultLimit struct {
	Times       int     `yaml:"times,omitempty" json:"times,omitempty"`
	Probability float64 `yaml:"probability,omitempty" json:"probability,omitempty"`
	Seed        int64   `yaml:"seed,omitempty" json:"seed,omitempty"`
}

// Step is one thing that happens: exactly one of a client intent
// (Client, with Role and Expect) or an emulator action.
type Step struct {
	// Client is an intent (Intents) for the client to carry out in Role
	// (the scenario's first role when empty).
	Client string `yaml:"client,omitempty" json:"client,omitempty"`
	Role   Role   `yaml:"role,omitempty" json:"role,omitempty"`
	// Expect is the outcome wanted; nil accepts any.
	Expect *Expect `yaml:"expect,omitempty" json:"expect,omitempty"`
	// Repeat asks for the intent this many times in a row (default 1).
	Repeat int `yaml:"repeat,omitempty" json:"repeat,omitempty"`

	// Advance moves the virtual clock by a Go duration ("1h").
	Advance string `yaml:"advance,omitempty" json:"advance,omitempty"`
	// Fault adds a fault rule.
	Fault *Fault `yaml:"fault,omitempty" json:"fault,omitempty"`
	// ClearFaults deletes every fault rule.
	ClearFaults bool `yaml:"clear_faults,omitempty" json:"clear_faults,omitempty"`
	// Revoke revokes the client's Zoho tokens of a kind: "refresh" (with
	// their access tokens) or "access".
	Revoke string `yaml:"revoke,omitempty" json:"revoke,omitempty"`
	// Regrant has the harness obtain fresh Zoho tokens for AEP
	// (Env.ZohoRefreshToken) as a user reconnecting would.
	Regrant bool `yaml:"regrant,omitempty" json:"regrant,omitempty"`
	// Reconsent has the same user consent to the same client this many
	// more times (offline, prompt=consent), as another installation of the
	// app would: each consent mints a refresh token.
	Reconsent int `yaml:"reconsent,omitempty" json:"reconsent,omitempty"`
	// Mint has another worker sharing the client's refresh token refresh
	// this many times (waiting out the throttle on the virtual clock when
	// it must): 10 fill the throttle window, 15 evict the client's access
	// token.
	Mint int `yaml:"mint,omitempty" json:"mint,omitempty"`
	// Touch changes the newest AEP connection behind the client's back (a
	// colleague's edit), so the etag the client holds goes stale.
	Touch bool `yaml:"touch,omitempty" json:"touch,omitempty"`
}

// Expect is a wanted outcome: success, or a failure of a kind.
type Expect struct {
	// OK wants success.
	OK bool `yaml:"ok,omitempty" json:"ok,omitempty"`
	// Fail wants a failure of this kind (Kind* constants); "any" accepts
	// every kind.
	Fail string `yaml:"fail,omitempty" json:"fail,omitempty"`
	// Records, when positive, is the count the outcome must report.
	Records int `yaml:"records,omitempty" json:"records,omitempty"`
	// Says is what a client that misses this expectation did wrong.
	Says string `yaml:"says,omitempty" json:"says,omitempty"`
}

// Check is an assertion over the journal: the exchanges the client made
// (not the harness's own) that Match selects are counted against Min and
// Max, and each must satisfy Each.
type Check struct {
	// Name is a short name for reports.
	Name  string `yaml:"name" json:"name"`
	Match Match  `yaml:"match,omitempty" json:"match,omitempty"`
	// Min and Max bound the count; nil does not bound.
	Min *int `yaml:"min,omitempty" json:"min,omitempty"`
	Max *int `yaml:"max,omitempty" json:"max,omitempty"`
	// Each is what every matched exchange must satisfy.
	Each *Each `yaml:"each,omitempty" json:"each,omitempty"`
	// Says is what a client that fails the check did wrong, in a sentence.
	Says string `yaml:"says" json:"says"`
}

// Match selects journal entries; empty fields match any.
type Match struct {
	Service   string `yaml:"service,omitempty" json:"service,omitempty"`
	Operation string `yaml:"operation,omitempty" json:"operation,omitempty"`
	Method    string `yaml:"method,omitempty" json:"method,omitempty"`
	// DC is the data centre addressed (us for the root paths).
	DC string `yaml:"dc,omitempty" json:"dc,omitempty"`
	// Status is the status sent (0: any).
	Status int `yaml:"status,omitempty" json:"status,omitempty"`
	// Params are query or form parameters by name; "*" means present.
	Params map[string]string `yaml:"params,omitempty" json:"params,omitempty"`
	// Fault selects the exchanges a fault rule answered ("*" any rule).
	Fault string `yaml:"fault,omitempty" json:"fault,omitempty"`
	// AfterStep selects the exchanges of steps after this one (1-based
	// over all steps).
	AfterStep int `yaml:"after_step,omitempty" json:"after_step,omitempty"`
}

// Each is a property of every matched exchange.
type Each struct {
	// Headers must be present on the request.
	Headers []string `yaml:"headers,omitempty" json:"headers,omitempty"`
	// HeaderValues must be present with these values (Env placeholders
	// ${sandbox}, ${org} are expanded).
	HeaderValues map[string]string `yaml:"header_values,omitempty" json:"header_values,omitempty"`
	// QueryAbsent are parameters that must not be in the query string
	// (a secret there lands in every proxy's access log).
	QueryAbsent []string `yaml:"query_absent,omitempty" json:"query_absent,omitempty"`
	// DC is the data centre every matched exchange must address.
	DC string `yaml:"dc,omitempty" json:"dc,omitempty"`
}
