package console

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// Flow Service paths the workflow calls, as Adobe's tutorials spell them.
const (
	flowAPI    = flowservice.FlowBase
	catalogAPI = flowservice.CatalogBase
	prepAPI    = flowservice.PrepBase
)

// items is a Flow Service list.
type items[T any] struct {
	Items []T `json:"items"`
}

// spec is a connection spec as the catalogue shows it.
type spec struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Attributes  struct {
		Category     string `json:"category"`
		UIAttributes struct {
			Label string `json:"label"`
		} `json:"uiAttributes"`
	} `json:"attributes"`
	Zoho bool `json:"-"`
}

// sourceLabels are the names Platform's catalogue shows for the specs
// whose documents carry none.
var sourceLabels = map[string]string{
	flowservice.SpecZohoCRM: "Zoho CRM", flowservice.SpecSalesforce: "Salesforce",
	flowservice.SpecDynamics: "Microsoft Dynamics", flowservice.SpecHubSpot: "HubSpot", flowservice.SpecSquare: "Square",
}

// account is a base connection as the workflow lists it.
type account struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	State string `json:"state"`
	Auth  struct {
		Params map[string]any `json:"params"`
	} `json:"auth"`
	CreatedAt int64 `json:"createdAt"`
}

// tenantOf reads the tenant from a query or form (org, sandbox): by default
// the first IMS org and its production sandbox.
func (c *Console) tenantOf(v url.Values) (tenant, []tenantChoice, error) {
	if c.platform == nil {
		return tenant{}, nil, errNoPlatform
	}
	var choices []tenantChoice
	for _, o := range c.deps.IMS.Orgs() {
		sbs, _ := c.deps.IMS.Sandboxes(o.ID)
		for _, sb := range sbs {
			choices = append(choices, tenantChoice{Org: o.ID, OrgName: o.Name, Sandbox: sb.Name})
		}
	}
	if len(choices) == 0 {
		return tenant{}, nil, notFound("no IMS org with a sandbox: the Sources workflow needs one")
	}
	t := tenant{Org: v.Get("org"), Sandbox: v.Get("sandbox")}
	if org, sb, ok := strings.Cut(v.Get("tenant"), "|"); ok { // the catalogue's picker
		t = tenant{Org: org, Sandbox: sb}
	}
	if t.Org == "" {
		t.Org = choices[0].Org
	}
	if t.Sandbox == "" {
		t.Sandbox = "prod"
	}
	if !slices.ContainsFunc(choices, func(ch tenantChoice) bool { return ch.Org == t.Org && ch.Sandbox == t.Sandbox }) {
		return tenant{}, nil, badRequest("no sandbox %q in IMS org %q", t.Sandbox, t.Org)
	}
	return t, choices, nil
}

type tenantChoice struct{ Org, OrgName, Sandbox string }

// query is the tenant as URL parameters for the next step's links.
func (t tenant) query() string { return url.Values{"org": {t.Org}, "sandbox": {t.Sandbox}}.Encode() }

// Query is query for templates: encoded here, so not escaped again.
func (t tenant) Query() template.URL { return template.URL(t.query()) } //nolint:gosec // encoded by url.Values

type catalogueData struct {
	Tenant   tenant
	Tenants  []tenantChoice
	Specs    []spec
	Accounts []account
	Flows    []flowservice.Flow
}

// catalogue is the Sources catalogue: the source connectors, the Zoho CRM
// accounts and the dataflows of the tenant.
func (c *Console) catalogue(r *http.Request) (*view, error) {
	t, choices, err := c.tenantOf(r.URL.Query())
	if err != nil {
		return nil, err
	}
	d := catalogueData{Tenant: t, Tenants: choices}
	ctx := r.Context()
	var specs items[spec]
	if err := c.platform.call(ctx, t, http.MethodGet, flowAPI+"/connectionSpecs", nil, &specs, "step"); err != nil {
		return nil, err
	}
	for _, s := range specs.Items {
		if s.ID == flowservice.SpecDataLake {
			continue // a destination, not a source
		}
		s.Zoho = s.ID == flowservice.SpecZohoCRM
		if s.Attributes.UIAttributes.Label == "" {
			s.Attributes.UIAttributes.Label = sourceLabels[s.ID]
		}
		d.Specs = append(d.Specs, s)
	}
	slices.SortStableFunc(d.Specs, func(a, b spec) int { return strings.Compare(a.Name, b.Name) })
	if d.Accounts, err = c.accounts(r, t); err != nil {
		return nil, err
	}
	var flows items[flowservice.Flow]
	if err := c.platform.call(ctx, t, http.MethodGet, flowAPI+"/flows", nil, &flows, "step"); err != nil {
		return nil, err
	}
	d.Flows = flows.Items
	return &view{Page: "sources", Title: "Sources", Data: d}, nil
}

// accounts lists the tenant's Zoho CRM base connections.
func (c *Console) accounts(r *http.Request, t tenant) ([]account, error) {
	var list items[account]
	q := "?property=" + url.QueryEscape("connectionSpec.id=="+flowservice.SpecZohoCRM)
	if err := c.platform.call(r.Context(), t, http.MethodGet, flowAPI+"/connections"+q, nil, &list, "step"); err != nil {
		return nil, err
	}
	return list.Items, nil
}

// accountFields are the new-account form, as Platform asks for a Zoho CRM
// account (reference §3).
type accountFields struct {
	Name, Endpoint, AccountsURL, ClientID, ClientSecret, AccessToken, RefreshToken string
}

type accountData struct {
	Tenant   tenant
	Accounts []account
	Fields   accountFields
	Helper   helperFields
	Clients  []zohoaccounts.Client // server-based clients, for the helper
	Helped   string                // what the helper did
}

// accountForm is the step "connect a Zoho CRM account": a new account's
// form with the authorization helper, or an existing account.
func (c *Console) accountForm(r *http.Request) (*view, error) {
	t, _, err := c.tenantOf(r.URL.Query())
	if err != nil {
		return nil, err
	}
	d, err := c.accountData(r, t)
	if err != nil {
		return nil, err
	}
	return &view{Page: "account", Title: "Connect Zoho CRM", Data: d}, nil
}

func (c *Console) accountData(r *http.Request, t tenant) (accountData, error) {
	d := accountData{Tenant: t, Fields: accountFields{Name: "Zoho CRM account", Endpoint: "crm.zoho.com/crm/private",
		AccountsURL: c.deps.BaseURL()}}
	var err error
	if d.Accounts, err = c.accounts(r, t); err != nil {
		return d, err
	}
	for _, o := range c.deps.Accounts.Orgs() {
		for _, cl := range c.deps.Accounts.Clients(o.ID) {
			if cl.Type == zohoaccounts.ServerBased && len(cl.RedirectURIs) > 0 {
				cl.Secret, cl.DCSecrets = "", nil
				d.Clients = append(d.Clients, cl)
			}
		}
	}
	d.Helper = helperFields{Scopes: "ZohoCRM.modules.ALL,ZohoCRM.settings.ALL"}
	if len(d.Clients) > 0 {
		d.Helper.ClientID = d.Clients[0].ID
	}
	return d, nil
}

// createAccount creates the base connection (POST /connections), tests it
// as Platform does on "Connect to source", and goes on to its tables.
func (c *Console) createAccount(r *http.Request) (string, error) {
	f := r.PostForm
	t, _, err := c.tenantOf(f)
	if err != nil {
		return "", err
	}
	in := accountFields{Name: f.Get("name"), Endpoint: f.Get("endpoint"), AccountsURL: f.Get("accountsUrl"),
		ClientID: f.Get("clientId"), ClientSecret: f.Get("clientSecret"),
		AccessToken: f.Get("accessToken"), RefreshToken: f.Get("refreshToken")}
	if in.Name == "" {
		return "", badRequest("an account needs a name")
	}
	var created struct {
		ID string `json:"id"`
	}
	body := map[string]any{
		"name": in.Name, "description": "Created in the zohoaep console",
		"auth": map[string]any{"specName": flowservice.AuthBasic, "params": map[string]any{
			"endpoint": in.Endpoint, "accountsUrl": in.AccountsURL, "clientId": in.ClientID,
			"clientSecret": in.ClientSecret, "accessToken": in.AccessToken, "refreshToken": in.RefreshToken}},
		"connectionSpec": map[string]any{"id": flowservice.SpecZohoCRM, "version": flowservice.SpecVersion},
	}
	if err := c.platform.call(r.Context(), t, http.MethodPost, flowAPI+"/connections", body, &created, "step"); err != nil {
		return "", err
	}
	var test struct {
		Result bool `json:"result"`
	}
	flash := "Connected: " + in.Name
	if err := c.platform.call(r.Context(), t, http.MethodGet, flowAPI+"/connections/"+created.ID+"/test", nil, &test, "step"); err != nil || !test.Result {
		flash = "Account created, but its connection test failed: check the journal"
	}
	return withFlash(Prefix+"sources/zoho/"+url.PathEscape(created.ID)+"/tables?"+t.query(), flash), nil
}
