package emulator

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// CRMState is Zoho CRM in a State: the service's org settings (edition,
// company) with its credits and page tokens, and each org's data (the
// generator's spec plus the records changed through the API).
type CRMState struct {
	Service zohocrm.State      `json:"service"`
	Data    []crmdata.OrgState `json:"data,omitempty"`
}

// crmDirectory adapts Zoho Accounts to what the CRM needs of it; the two
// services never import each other.
type crmDirectory struct{ accounts *zohoaccounts.Service }

func (d crmDirectory) Introspect(token string) (zohocrm.Grant, bool) {
	g, ok := d.accounts.Introspect(token)
	return zohocrm.Grant(g), ok
}

func (d crmDirectory) OrgAdmits(orgID string, ip netip.Addr) bool {
	return d.accounts.OrgAdmits(orgID, ip)
}

func (d crmDirectory) Org(orgID string) (zohocrm.OrgInfo, bool) {
	o, err := d.accounts.GetOrg(orgID)
	if err != nil {
		return zohocrm.OrgInfo{}, false
	}
	return zohocrm.OrgInfo{ID: o.ID, Name: o.Name, DC: o.DC, TimeZone: o.TimeZone}, true
}

func (d crmDirectory) Users(orgID string) []zohocrm.UserInfo {
	users := d.accounts.Users(orgID)
	out := make([]zohocrm.UserInfo, len(users))
	for i, u := range users {
		out[i] = zohocrm.UserInfo{ZUID: u.ZUID, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName, TimeZone: u.TimeZone}
	}
	return out
}

// seedCRM loads the CRM part of a world: settings first, then each org's
// data, whose owners default to the org's CRM users.
func (e *Emulator) seedCRM(st *CRMState, tenant string) error {
	if st == nil {
		return nil
	}
	if tenant == "" {
		if err := e.crm.Seed(st.Service); err != nil {
			return fmt.Errorf("crm: %w", err)
		}
	}
	var data []crmdata.OrgState
	for _, d := range st.Data {
		if tenant != "" && d.Spec.OrgID != tenant {
			continue
		}
		if len(d.Spec.Users) == 0 {
			d.Spec.Users = e.crm.Users(d.Spec.OrgID)
		}
		data = append(data, d)
	}
	if tenant == "" {
		return e.crmData.Import(data)
	}
	e.crmData.DropOrg(tenant)
	for _, d := range data {
		if err := e.crmData.PutOrg(d.Spec); err != nil {
			return fmt.Errorf("crm: %w", err)
		}
	}
	return nil
}

// ScaleCRM sets how many records every org of the world generates for a
// module (for example Leads to a million: they are generated lazily, as
// they are read). The module must be standard or already in the world.
func (st *State) ScaleCRM(module string, records int) error {
	if st.CRM == nil || len(st.CRM.Data) == 0 {
		return fmt.Errorf("crm: the world has no CRM data to scale")
	}
	if records < 0 || records > crmdata.MaxRecords {
		return fmt.Errorf("crm: %d records: between 0 and %d", records, crmdata.MaxRecords)
	}
	generate := records
	if generate == 0 {
		generate = -1 // MergeModules' "none"
	}
	for i := range st.CRM.Data {
		spec := &st.CRM.Data[i].Spec
		if spec.Modules == nil {
			spec.Standard = true
		}
		known := spec.Standard && slices.ContainsFunc(crmdata.StandardModules(), func(m crmdata.ModuleSpec) bool { return strings.EqualFold(m.APIName, module) }) ||
			slices.ContainsFunc(spec.Modules, func(m crmdata.ModuleSpec) bool { return strings.EqualFold(m.APIName, module) })
		if !known {
			return fmt.Errorf("crm: org %s has no module %q", spec.OrgID, module)
		}
		spec.Modules = crmdata.MergeModules(spec.Modules, []crmdata.ModuleSpec{{APIName: module, Generate: generate}})
	}
	return nil
}
