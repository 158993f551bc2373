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
	ims, err := e.ims.CreateOrg(adobeims.Org{ID: control.TenantIMSOrg(org.ID), Name: spec.Name})
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
	if err := t.notSeeded(id); err != nil {
		return err
	}
	ims := control.TenantIMSOrg(id)
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

// ResetTenant returns a tenant to a clean start and keeps what it is: its
// orgs, users and clients (ids, secrets, registrations as they stand now)
// stay; its Zoho tokens are revoked, its CRM returns to its generated
// records with its full credits and no page tokens, its Flow Service
// resources go, and so do the fault rules scoped to it.
func (t *tenants) ResetTenant(id string) error {
	e := (*Emulator)(t)
	if err := t.notSeeded(id); err != nil {
		return err
	}
	if _, err := e.accounts.GetOrg(id); err != nil {
		return err
	}
	for _, c := range e.accounts.Clients(id) {
		for _, kind := range []string{"refresh", "access"} { // a refresh token takes its access tokens with it
			for _, tok := range e.accounts.Tokens(zohoaccounts.TokenFilter{ClientID: c.ID, Kind: kind}) {
				_ = e.accounts.RevokeToken(tok.ID) // gone already when its refresh token was
			}
		}
	}
	settings := e.crm.Org(id)
	spec, hasData := e.crmData.Spec(id)
	if err := e.crm.Reset(id); err != nil {
		return err
	}
	if err := e.crm.SetOrg(settings); err != nil {
		return err
	}
	e.crmData.DropOrg(id)
	if hasData {
		if err := e.crmData.PutOrg(spec); err != nil {
			return err
		}
	}
	ims := control.TenantIMSOrg(id)
	if err := e.flows.Reset(ims); err != nil {
		return err
	}
	e.faults.Clear(id)
	e.faults.Clear(ims)
	return nil
}

// notSeeded refuses an org the emulator was seeded with: not a tenant.
func (t *tenants) notSeeded(id string) error {
	for _, o := range t.seed.Zoho.Orgs {
		if o.Org.ID == id {
			return fmt.Errorf("%w: org %q is seeded, not a tenant: reset it with POST /_emulator/reset", zohoaccounts.ErrInvalid, id)
		}
	}
	return nil
}
