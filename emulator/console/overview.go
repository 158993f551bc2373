package console

import (
	"net/http"
	"time"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// overviewData is the world at a glance.
type overviewData struct {
	Zoho    []zohoOrg
	Consent zohoaccounts.Consent
	Modes   []zohoaccounts.ConsentMode
	Emails  []string // every user, for approve mode
	AEP     []aepOrg
	Region  string
	Presets []string
	Faults  []faultRow
	// Choices are what the add-a-rule form offers.
	Choices  []FaultService
	Actions  []string
	CanReset bool
}

type zohoOrg struct {
	zohoaccounts.Org
	Users   []zohoaccounts.User
	Clients []zohoClient
}

type zohoClient struct {
	zohoaccounts.Client
	ConsentMode zohoaccounts.ConsentMode // its own or the global mode
	ConsentUser string
	Own         bool // the client overrides the global mode
}

type aepOrg struct {
	adobeims.Org
	Sandboxes   []adobeims.Sandbox
	Credentials []string // client ids (API keys); never the secrets
}

// advancePresets are the clock's one-click advances.
var advancePresets = []string{"1m", "10m", "1h", "24h"}

func (c *Console) overview(*http.Request) (*view, error) {
	d := overviewData{Consent: c.deps.Accounts.Consent(), Region: c.deps.Region, Presets: advancePresets,
		Modes: []zohoaccounts.ConsentMode{zohoaccounts.ConsentInteractive, zohoaccounts.ConsentApprove, zohoaccounts.ConsentDeny}}
	for _, o := range c.deps.Accounts.Orgs() {
		zo := zohoOrg{Org: o, Users: c.deps.Accounts.Users(o.ID)}
		for _, cl := range c.deps.Accounts.Clients(o.ID) {
			zc := zohoClient{Client: cl, ConsentMode: d.Consent.Mode, ConsentUser: d.Consent.User}
			if cl.Consent != nil {
				zc.ConsentMode, zc.ConsentUser, zc.Own = cl.Consent.Mode, cl.Consent.User, true
			}
			zc.Secret, zc.DCSecrets = "", nil // never on a page
			zo.Clients = append(zo.Clients, zc)
		}
		for i := range zo.Users {
			zo.Users[i].Password = ""
			d.Emails = append(d.Emails, zo.Users[i].Email)
		}
		d.Zoho = append(d.Zoho, zo)
	}
	for _, o := range c.deps.IMS.Orgs() {
		ao := aepOrg{Org: o}
		ao.Sandboxes, _ = c.deps.IMS.Sandboxes(o.ID) // the org was just listed
		for _, cr := range c.deps.IMS.Credentials(o.ID) {
			ao.Credentials = append(ao.Credentials, cr.ClientID)
		}
		d.AEP = append(d.AEP, ao)
	}
	d.Faults, d.Actions, d.CanReset = c.faultRows(), actionKinds, c.deps.Reset != nil
	if c.deps.FaultChoices != nil {
		d.Choices = c.deps.FaultChoices()
	}
	return &view{Page: "overview", Title: "Overview", Data: d}, nil
}

// steerClock serves the clock's controls: action freeze, resume, advance
// (by a Go duration) or set (an RFC 3339 instant or a datetime-local value,
// read as UTC).
func (c *Console) steerClock(r *http.Request) (string, error) {
	clk := c.deps.Clock
	back := backTo(r, "overview")
	switch r.PostForm.Get("action") {
	case "freeze":
		clk.Freeze()
		return withFlash(back, "Clock frozen"), nil
	case "resume":
		clk.Resume()
		return withFlash(back, "Clock follows wall time again"), nil
	case "advance":
		by := r.PostForm.Get("by")
		d, err := time.ParseDuration(by)
		if err != nil {
			return "", badRequest("advance by %q: not a duration such as 1h30m", by)
		}
		clk.Advance(d)
		return withFlash(back, "Clock advanced by "+d.String()), nil
	case "set":
		t, err := parseInstant(r.PostForm.Get("time"))
		if err != nil {
			return "", err
		}
		clk.Set(t)
		return withFlash(back, "Clock set to "+when(t)), nil
	}
	return "", badRequest("unknown clock action %q", r.PostForm.Get("action"))
}

func parseInstant(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, badRequest("set the clock to %q: not a time such as 2026-01-02T15:04:05Z", s)
}

// backTo is the console page a form returns to: its "back" field when it
// names a console page, else def.
func backTo(r *http.Request, def string) string {
	b := r.PostForm.Get("back")
	if b != "" && len(b) < 512 && b[0] == '/' && len(b) >= len(Prefix) && b[:len(Prefix)] == Prefix {
		return b
	}
	return Prefix + def
}

// setConsent serves the default consent mode's form: how the
// authorization request is answered for clients without their own.
func (c *Console) setConsent(r *http.Request) (string, error) {
	cs := zohoaccounts.Consent{Mode: zohoaccounts.ConsentMode(r.PostForm.Get("mode"))}
	if cs.Mode == zohoaccounts.ConsentApprove {
		cs.User = r.PostForm.Get("user")
	}
	if err := c.deps.Accounts.SetConsent(cs); err != nil {
		return "", badRequest("consent: %v", err)
	}
	return withFlash(Prefix+"overview", "Consent mode: "+string(cs.Mode)), nil
}
