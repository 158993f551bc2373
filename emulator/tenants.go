package emulator

import (
	"errors"
	"fmt"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/control"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// tenants adapts the Emulator to control.Tenants: a tenant is a Zoho org
// shaped like the demo's (an admin, a server-based client with its own
// consent, a self client, a CRM with generated records) and an IMS org
// with a credential and its prod sandbox, all with fresh ids and secrets,
// beside whatever else the emulator holds.
type tenants Emulator

// CreateTenant builds a tenant; on an error nothing of it is left.
func (t *tenants) CreateTenant(spec control.TenantSpec) (out control.Tenant, err error) {
	e := (*Emulator)(t)
	if spec.Name == "" {
		spec.Name = "zohoaep tenant"
	}
	if spec.DC == "" {
		spec.DC = "us"
	}
	if len(spec.RedirectURIs) == 0 {
		spec.RedirectURIs = []string{DemoRedirectURI}
	}
	if spec.Seed == 0 {
		spec.Seed = DemoCRMSeed
	}
	leads := spec.Leads
	switch leads {
	case 0:
		leads = DemoLeads
	case -1:
		leads = -1 // MergeModules' "none"
	}
	org, err := e.accounts.CreateOrg(zohoaccounts.Org{Name: spec.Name, DC: spec.DC})
	if err != nil {
		return out, err
	}
	out.ID, out.DC = org.ID, org.DC
	defer func() {
		if err != nil {
			_ = t.DeleteTenant(out.ID)
		}
	}()
	password := DemoUserPassword
	admin, err := e.accounts.CreateUser(zohoaccounts.User{OrgID: org.ID, Email: "admin@tenant-" + org.ID + ".test",
		Password: password, FirstName: "Tenant", LastName: "Admin"})
	if err != nil {
		return out, err
	}
	out.Admin = control.TenantUser{ZUID: admin.ZUID, Email: admin.Email, Password: password}
	server, err := e.accounts.RegisterClient(zohoaccounts.Client{OrgID: org.ID, Name: spec.Name + " AEP Connector",
		Type: zohoaccounts.ServerBased, DCs: allDCs, RedirectURIs: spec.RedirectURIs,
		Consent: &zohoaccounts.Consent{Mode: zohoaccounts.ConsentInteractive}})
	if err != nil {
		return out, err
	}
	out.Server = control.TenantClient{ID: server.ID, Secret: server.Secret, RedirectURIs: server.RedirectURIs}
	self, err := e.accounts.RegisterClient(zohoaccounts.Client{OrgID: org.ID, Name: spec.Name + " Self Client",
		Type: zohoaccounts.SelfClient, DCs: allDCs})
	if err != nil {
		return out, err
	}
	out.Self = control.TenantClient{ID: self.ID, Secret: self.Secret}
	if err := e.crm.SetOrg(zohocrm.OrgSettings{OrgID: org.ID, Edition: zohocrm.Enterprise, Currency: "USD", CountryCode: "US"}); err != nil {
		return out, fmt.Errorf("%w: crm: %v", zohoaccounts.ErrInvalid, err)
	}
	if err := e.crmData.PutOrg(crmdata.OrgSpec{OrgID: org.ID, Seed: spec.Seed, Standard: true, Users: e.crm.Users(org.ID),
		Modules: []crmdata.ModuleSpec{{APIName: crmdata.Leads, Generate: leads}}}); err != nil {
		return out, fmt.Errorf("%w: crm: %v", zohoaccounts.ErrInvalid, err)
	}
	ims, err := e.ims.CreateOrg(adobeims.Org{ID: imsOrgOf(org.ID), Name: spec.Name})
	if err != nil {
		return out, err
	}
	out.IMSOrg, out.Sandbox = ims.ID, adobeims.ProdSandbox
	cred, err := e.ims.CreateCredential(adobeims.Credential{OrgID: ims.ID, Name: spec.Name + " (OAuth Server-to-Server)"})
	if err != nil {
		return out, err
	}
	out.IMS = control.TenantClient{ID: cred.ClientID, Secret: cred.Secret}
	return out, nil
}

// DeleteTenant removes a tenant made by CreateTenant: its Zoho org (users,
// clients, codes, tokens), CRM settings, credits, page tokens and records,
// IMS org (credentials, sandboxes), Flow Service resources and the fault
// rules scoped to either org. Orgs the emulator was seeded with are not
// tenants: reset them instead.
func (t *tenants) DeleteTenant(id string) error {
	e := (*Emulator)(t)
	for _, o := range e.seed.Zoho.Orgs {
		if o.Org.ID == id {
			return fmt.Errorf("%w: org %q is seeded, not a tenant: reset it instead", zohoaccounts.ErrInvalid, id)
		}
	}
	ims := imsOrgOf(id)
	zohoErr, imsErr := e.accounts.DeleteOrg(id), e.ims.DeleteOrg(ims)
	if errors.Is(zohoErr, zohoaccounts.ErrNotFound) && errors.Is(imsErr, adobeims.ErrNotFound) {
		return fmt.Errorf("%w: no tenant %q", zohoaccounts.ErrNotFound, id)
	}
	var errs []error
	for _, err := range []error{zohoErr, imsErr} {
		if err != nil && !errors.Is(err, zohoaccounts.ErrNotFound) && !errors.Is(err, adobeims.ErrNotFound) {
			errs = append(errs, err)
		}
	}
	errs = append(errs, e.crm.Reset(id))
	e.crmData.DropOrg(id)
	e.faults.Clear(id)
	errs = append(errs, e.flows.Reset(ims))
	e.faults.Clear(ims)
	return errors.Join(errs...)
}

// imsOrgOf names a tenant's IMS org after its Zoho org, so that the pair
// survives a state export and import without a table of its own.
func imsOrgOf(zohoOrg string) string { return "ZOHOAEPTENANT" + zohoOrg + "@AdobeOrg" }
