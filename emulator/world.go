package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/control"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// State is the emulator's whole world as a document: a seed file holds the
// Zoho part alone; an export adds the clock and the fault rules.
type State struct {
	Version int                `json:"version"`
	Clock   *ClockState        `json:"clock,omitempty"`
	Zoho    zohoaccounts.State `json:"zoho"`
	CRM     *CRMState          `json:"crm,omitempty"`
	IMS     *adobeims.State    `json:"ims,omitempty"`
	// FlowService holds connections, flows, runs, datasets and mappings.
	FlowService *flowservice.State `json:"flow_service,omitempty"`
	Faults      []faults.Rule      `json:"faults,omitempty"`
}

// ClockState is the clock in an export.
type ClockState struct {
	Now    time.Time `json:"now"`
	Frozen bool      `json:"frozen"`
}

// StateVersion is the version of the State document this build writes.
const StateVersion = 1

// Export returns the whole state.
func (e *Emulator) Export() State {
	c := e.clock.State()
	return State{
		Version:     StateVersion,
		Clock:       &ClockState{Now: c.Now, Frozen: c.Frozen},
		Zoho:        e.accounts.Export(),
		CRM:         &CRMState{Service: e.crm.Export(), Data: e.crmData.Export()},
		IMS:         ptr(e.ims.Export()),
		FlowService: ptr(e.flows.Export()),
		Faults:      e.faults.List(),
	}
}

// ExportTenants returns the part of the state that belongs to the tenants
// named, by Zoho org id (with its tenant's IMS org) or IMS org id: their
// orgs, users, clients, grants, CRM settings and records, IMS credentials
// and sandboxes, Flow Service resources, and the fault rules scoped to
// them or to none. It imports on its own: one tenant's repro, without the
// other tenants' secrets. The clock is the instance's.
func (e *Emulator) ExportTenants(ids ...string) (State, error) {
	var zoho, ims []string
	for _, id := range ids {
		_, zohoErr := e.accounts.GetOrg(id)
		_, imsErr := e.ims.GetOrg(id)
		if zohoErr != nil && imsErr != nil {
			return State{}, fmt.Errorf("%w: no tenant %q", zohoaccounts.ErrNotFound, id)
		}
		if zohoErr == nil {
			zoho, ims = append(zoho, id), append(ims, control.TenantIMSOrg(id))
		}
		if imsErr == nil {
			ims = append(ims, id)
		}
	}
	st := e.Export()
	st.Zoho = st.Zoho.Part(zoho...)
	st.CRM.Service = st.CRM.Service.Part(zoho...)
	st.CRM.Data = slices.DeleteFunc(st.CRM.Data, func(o crmdata.OrgState) bool { return !slices.Contains(zoho, o.Spec.OrgID) })
	st.IMS = ptr(st.IMS.Part(ims...))
	st.FlowService = ptr(st.FlowService.Part(ims...))
	st.Faults = slices.DeleteFunc(st.Faults, func(r faults.Rule) bool {
		t := r.Match.Tenant
		return t != "" && !slices.Contains(zoho, t) && !slices.Contains(ims, t)
	})
	return st, nil
}

// Import replaces the whole state; nothing changes if st is invalid.
func (e *Emulator) Import(st State) error {
	if st.Version > StateVersion {
		return fmt.Errorf("state version %d is newer than this build's %d", st.Version, StateVersion)
	}
	probe := faults.New(e.knownError)
	if err := probe.Load(st.Faults); err != nil {
		return err
	}
	if st.CRM != nil { // validate on scratch copies first: an import is all or nothing
		if err := crmdata.New().Import(st.CRM.Data); err != nil {
			return err
		}
		if err := zohocrm.New(e.opts.CRM, crmDirectory{e.accounts}, crmdata.New(), e.clock.Now).Import(st.CRM.Service); err != nil {
			return err
		}
	}
	if st.IMS != nil {
		scratch, err := adobeims.New(e.opts.IMS, e.clock.Now)
		if err != nil {
			return err
		}
		if err := scratch.Import(*st.IMS); err != nil {
			return err
		}
	}
	if st.FlowService != nil {
		if err := flowservice.New(e.opts.FlowService, nil, e.clock.Now).Import(*st.FlowService); err != nil {
			return err
		}
	}
	if err := e.accounts.Import(st.Zoho); err != nil {
		return err
	}
	if st.CRM != nil {
		if err := e.crm.Import(st.CRM.Service); err != nil {
			return err
		}
		if err := e.crmData.Import(st.CRM.Data); err != nil {
			return err
		}
	}
	if st.IMS != nil {
		if err := e.ims.Import(*st.IMS); err != nil {
			return err
		}
	}
	if st.FlowService != nil {
		if err := e.flows.Import(*st.FlowService); err != nil {
			return err
		}
	}
	_ = e.faults.Load(st.Faults)
	if st.Clock != nil {
		restoreClock(e.clock, *st.Clock)
	}
	return nil
}

func restoreClock(c *clock.Clock, st ClockState) {
	c.Reset()
	if st.Frozen {
		c.Freeze()
	}
	c.Set(st.Now)
}

// Reset returns everything to the seed (clock, journal and faults too),
// or one tenant (a Zoho or IMS org id) alone, leaving other tenants
// untouched.
func (e *Emulator) Reset(tenant string) error {
	zohoErr := e.accounts.Reset(tenant)
	imsErr := e.ims.Reset(tenant)
	switch {
	case tenant != "" && errors.Is(zohoErr, zohoaccounts.ErrNotFound) && errors.Is(imsErr, adobeims.ErrNotFound):
		return fmt.Errorf("%w: no tenant %q", zohoaccounts.ErrNotFound, tenant)
	case zohoErr != nil && !errors.Is(zohoErr, zohoaccounts.ErrNotFound):
		return zohoErr
	case imsErr != nil && !errors.Is(imsErr, adobeims.ErrNotFound):
		return imsErr
	}
	if err := e.flows.Reset(tenant); err != nil {
		return err
	}
	if err := e.crm.Reset(tenant); err != nil {
		return err
	}
	if err := e.seedCRM(e.seed.CRM, tenant); err != nil {
		return err
	}
	e.faults.Clear(tenant)
	if tenant == "" {
		e.clock.Reset()
		e.journal.Clear()
	}
	return nil
}

// world adapts the Emulator to control.World.
type world Emulator

func (w *world) Reset(tenant string) error { return (*Emulator)(w).Reset(tenant) }

func (w *world) ExportState(tenants []string) ([]byte, error) {
	if len(tenants) == 0 {
		return json.Marshal((*Emulator)(w).Export())
	}
	st, err := (*Emulator)(w).ExportTenants(tenants...)
	if err != nil {
		return nil, err
	}
	return json.Marshal(st)
}

func (w *world) ImportState(data []byte) error {
	// A document with none of a state's keys would import as an empty
	// world: a key the State does not know is refused, so a stray JSON
	// object (a typo, the wrong file) cannot wipe the world.
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	for k := range keys {
		if !stateKeys[k] {
			return fmt.Errorf("state: unknown key %q", k)
		}
	}
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return (*Emulator)(w).Import(st)
}

// stateKeys are the top-level keys of a State document.
var stateKeys = map[string]bool{"version": true, "clock": true, "zoho": true, "crm": true, "ims": true, "flow_service": true, "faults": true}

func ptr[T any](v T) *T { return &v }
