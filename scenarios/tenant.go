package scenarios

// A scenario's own tenant on an emulator already serving, which other
// users share: its orgs and clients are fresh, its fault rules are scoped
// to it, its journal is read back by its tenant ids, and it is deleted
// after the scenario. The instance is never reset and the clock never set
// backwards; see movesClock for the clock.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// tenant is what the harness made on a serving emulator for one scenario.
type tenant struct {
	// ids are the tenants whose journal entries are the scenario's: the
	// tenant's Zoho org, its IMS org and the orgs of setup users.
	ids []string
	// clients are the tenant's Zoho and IMS client ids, for entries that
	// name a client but no tenant.
	clients []string
	// orgs are extra Zoho orgs the setup made (a user's), deleted after.
	orgs []string
	// start is the journal's newest sequence number when it was made.
	start int64
}

// tenantAnswer is POST /_emulator/tenants' answer, as far as the harness
// reads it.
type tenantAnswer struct {
	ID      string `json:"id"`
	IMSOrg  string `json:"ims_org"`
	Sandbox string `json:"sandbox"`
	Admin   struct {
		Email string `json:"email"`
	} `json:"admin"`
	Server tenantClient `json:"server_client"`
	Self   tenantClient `json:"self_client"`
	IMS    tenantClient `json:"ims_client"`
}

type tenantClient struct {
	ID     string `json:"client_id"`
	Secret string `json:"client_secret"`
}

// openTenant makes the scenario's tenant: a Zoho org shaped like the
// demo's (2,500 Leads from the demo's generator seed, so counts are the
// same) and an IMS org with its prod sandbox.
func (w *world) openTenant(ctx context.Context, sc Scenario) error {
	if sc.Setup.Clock != "" {
		at, err := time.Parse(time.RFC3339, sc.Setup.Clock)
		if err != nil {
			return fmt.Errorf("setup: clock %q: %w", sc.Setup.Clock, err)
		}
		if now := w.now(); at.Before(now) {
			return errSkip(fmt.Sprintf("starts the clock at %s, before the shared emulator's %s: a tenant cannot move time backwards",
				at.Format(time.RFC3339), now.Format(time.RFC3339)))
		}
	}
	start := w.lastSeq(ctx)
	var t tenantAnswer
	if err := w.control(ctx, http.MethodPost, "/_emulator/tenants", map[string]any{"name": "scenario " + sc.ID}, &t); err != nil {
		return fmt.Errorf("create a tenant: %w", err)
	}
	w.id = identity{
		Org: t.ID, Admin: t.Admin.Email, ServerID: t.Server.ID, ServerSecret: t.Server.Secret,
		SelfID: t.Self.ID, SelfSecret: t.Self.Secret, IMSOrg: t.IMSOrg, IMSID: t.IMS.ID, IMSSecret: t.IMS.Secret, Sandbox: t.Sandbox,
	}
	w.tenant = &tenant{ids: []string{t.ID, t.IMSOrg}, clients: []string{t.Server.ID, t.Self.ID, t.IMS.ID}, start: start}
	return nil
}

// closeTenant deletes the tenant and the orgs its setup made; it runs
// after the scenario, whatever became of it.
func (w *world) closeTenant() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, org := range w.tenant.orgs {
		_ = w.control(ctx, http.MethodDelete, "/_emulator/zoho/orgs/"+url.PathEscape(org), nil, nil)
	}
	_ = w.control(ctx, http.MethodDelete, "/_emulator/tenants/"+url.PathEscape(w.id.Org), nil, nil)
}

// owns reports whether a journal entry is the scenario's: every entry of
// an in-process emulator, and on a serving one those of its tenants or
// clients.
func (w *world) owns(e entry) bool {
	if w.tenant == nil {
		return true
	}
	return e.Tenant != "" && slices.Contains(w.tenant.ids, e.Tenant) || e.Client != "" && slices.Contains(w.tenant.clients, e.Client)
}

// scoped returns a fault rule confined to the scenario's tenant: Zoho's
// services know it by its Zoho org, Adobe's by its IMS org. A rule that
// names no service is scoped to the Zoho org.
func (w *world) scoped(f Fault) Fault {
	if w.tenant == nil {
		return f
	}
	f.Match.Tenant = w.id.Org
	if strings.HasPrefix(f.Match.Service, "adobe") || f.Match.Service == "flow-service" {
		f.Match.Tenant = w.id.IMSOrg
	}
	return f
}

// clearFaults deletes the scenario's fault rules: every rule in-process,
// the tenant's on a serving emulator.
func (w *world) clearFaults(ctx context.Context) error {
	if w.tenant == nil {
		return w.control(ctx, http.MethodDelete, "/_emulator/faults", nil, nil)
	}
	for _, id := range w.tenant.ids {
		if err := w.control(ctx, http.MethodDelete, "/_emulator/faults?tenant="+url.QueryEscape(id), nil, nil); err != nil {
			return err
		}
	}
	return nil
}

// movesClock reports whether a scenario moves the virtual clock: it sets
// it, advances it, or has the harness wait out a limit on it (reconsent,
// mint). The clock is the instance's, so on a serving emulator such a
// scenario runs while no other scenario of the run does.
func movesClock(sc Scenario) bool {
	if sc.Setup.Clock != "" {
		return true
	}
	return slices.ContainsFunc(sc.Steps, func(s Step) bool { return s.Advance != "" || s.Reconsent > 0 || s.Mint > 0 })
}
