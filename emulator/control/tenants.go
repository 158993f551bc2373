package control

import (
	"net/http"

	"github.com/gorilla/mux"
)

// Tenants creates and deletes tenants: everything one user of a shared
// emulator needs, apart from every other user's.
type Tenants interface {
	// CreateTenant builds a tenant from spec (defaults filled in).
	CreateTenant(spec TenantSpec) (Tenant, error)
	// DeleteTenant removes a tenant and everything it holds.
	DeleteTenant(id string) error
	// ResetTenant returns a tenant to a clean start, keeping its ids,
	// secrets and registrations.
	ResetTenant(id string) error
}

// TenantSpec is what a new tenant is made of; the zero value is the demo
// world's shape (the US data centre, the demo redirect URI, the demo CRM
// at its own scale).
type TenantSpec struct {
	// Name is the Zoho org's name (default "zohoaep tenant").
	Name string `json:"name,omitempty"`
	// DC is the Zoho org's data centre (default "us").
	DC string `json:"dc,omitempty"`
	// RedirectURIs are the server-based client's (default the demo's).
	RedirectURIs []string `json:"redirect_uris,omitempty"`
	// Leads is how many Leads the CRM generates (default the demo's 2,500;
	// -1 none). The other standard modules hold the demo's records.
	Leads int `json:"leads,omitempty"`
	// Seed is the CRM generator's seed (default the demo's): the same seed
	// and scale give the same records.
	Seed uint64 `json:"seed,omitempty"`
}

// TenantIMSOrg is the IMS org of the tenant whose Zoho org is zohoOrg, as
// POST /_emulator/tenants documents it: named after the Zoho org, so that
// the pair survives a state export and import without a table of its own.
func TenantIMSOrg(zohoOrg string) string { return "ZOHOAEPTENANT" + zohoOrg + "@AdobeOrg" }

// Tenant is a tenant as created: its ids and the credentials its clients
// use. Secrets are shown here once, as the vendors' consoles show them.
type Tenant struct {
	// ID is the tenant's id, its Zoho org id: the journal's, the fault
	// rules' and the reset's tenant for Zoho Accounts and Zoho CRM.
	ID string `json:"id"`
	// IMSOrg is its Adobe IMS org: the tenant of Adobe IMS and Flow Service.
	IMSOrg  string       `json:"ims_org"`
	Sandbox string       `json:"sandbox"`
	DC      string       `json:"dc"`
	Admin   TenantUser   `json:"admin"`
	Server  TenantClient `json:"server_client"`
	Self    TenantClient `json:"self_client"`
	IMS     TenantClient `json:"ims_client"`
}

// TenantUser is a tenant's Zoho user.
type TenantUser struct {
	ZUID     string `json:"zuid"`
	Email    string `json:"email"`
	Password string `json:"password"`
}

// TenantClient is one of a tenant's registered clients.
type TenantClient struct {
	ID           string   `json:"client_id"`
	Secret       string   `json:"client_secret"`
	RedirectURIs []string `json:"redirect_uris,omitempty"`
}

// createTenant serves POST /_emulator/tenants.
func (a *API) createTenant(r *http.Request) (any, error) {
	if a.deps.Tenants == nil {
		return nil, notFound("this emulator makes no tenants")
	}
	var spec TenantSpec
	if _, err := decodeOptional(r, &spec); err != nil {
		return nil, err
	}
	if spec.Leads < -1 {
		return nil, invalid("leads %d: -1 (none), 0 (the default) or more", spec.Leads)
	}
	t, err := a.deps.Tenants.CreateTenant(spec)
	if err != nil {
		return nil, err
	}
	return created(t), nil
}

// deleteTenant serves DELETE /_emulator/tenants/{tenant_id}.
func (a *API) deleteTenant(r *http.Request) (any, error) {
	if a.deps.Tenants == nil {
		return nil, notFound("this emulator makes no tenants")
	}
	if err := a.deps.Tenants.DeleteTenant(mux.Vars(r)["tenant_id"]); err != nil {
		return nil, err
	}
	return noContent, nil
}

// resetTenant serves POST /_emulator/tenants/{tenant_id}/reset.
func (a *API) resetTenant(r *http.Request) (any, error) {
	if a.deps.Tenants == nil {
		return nil, notFound("this emulator makes no tenants")
	}
	id := mux.Vars(r)["tenant_id"]
	if err := a.deps.Tenants.ResetTenant(id); err != nil {
		return nil, err
	}
	return status{Status: "reset", Tenant: id}, nil
}
