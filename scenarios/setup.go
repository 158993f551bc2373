package scenarios

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

// browserAgent is the user's browser the harness plays.
const browserAgent = "zohoaep-scenarios-browser"

// DefaultScopes are the Zoho scopes a client asks for unless a scenario
// says otherwise.
var DefaultScopes = []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL", "AaaServer.profile.READ"}

// baseEnv is what every step of a scenario is told, before the setup's
// overrides.
func (w *world) baseEnv(sc Scenario) Env {
	state := make([]byte, 8)
	_, _ = rand.Read(state)
	env := Env{
		Scenario: sc.ID, HTTPClient: w.hc, Now: w.now,
		AccountsURL: w.base, ClientID: emulator.DemoServerClientID, ClientSecret: emulator.DemoClientSecret,
		RedirectURI: emulator.DemoRedirectURI, Scopes: DefaultScopes, State: hex.EncodeToString(state),
		Module: "Leads", CRMVersion: "v8",
		IMSURL: w.base, PlatformURL: w.base, IMSClientID: adobeims.DemoClientID, IMSClientSecret: adobeims.DemoClientSecret,
		IMSOrg: adobeims.DemoOrgID, Sandbox: "prod",
	}
	if w.emu == nil {
		env.HTTPClient = nil // a serving emulator is reached over the network
	}
	o := sc.Setup.Env
	for _, set := range []struct {
		dst *string
		v   string
	}{{&env.ClientSecret, o.ClientSecret}, {&env.RedirectURI, o.RedirectURI}, {&env.Module, o.Module},
		{&env.CRMVersion, o.CRMVersion}, {&env.Sandbox, o.Sandbox}} {
		if set.v != "" {
			*set.dst = set.v
		}
	}
	if len(o.Scopes) > 0 {
		env.Scopes = o.Scopes
	}
	return env
}

// apply builds the scenario's world with the control API.
func (w *world) apply(ctx context.Context, sc Scenario) error {
	s := sc.Setup
	if s.Clock != "" {
		if err := w.control(ctx, http.MethodPost, "/_emulator/clock/set", map[string]string{"time": s.Clock}, nil); err != nil {
			return err
		}
		if err := w.control(ctx, http.MethodPost, "/_emulator/clock/freeze", nil, nil); err != nil {
			return err
		}
	}
	user := emulator.DemoUserEmail
	if u := s.User; u != nil {
		var org struct {
			ID string `json:"id"`
		}
		if err := w.control(ctx, http.MethodPost, "/_emulator/zoho/orgs", map[string]any{"name": u.Org, "dc": u.DC}, &org); err != nil {
			return err
		}
		if err := w.control(ctx, http.MethodPost, "/_emulator/zoho/orgs/"+org.ID+"/users", map[string]any{
			"email": u.Email, "password": emulator.DemoUserPassword, "first_name": "Scenario", "last_name": "User"}, nil); err != nil {
			return err
		}
		user = u.Email
	}
	consent := map[string]any{"mode": "approve", "user": user}
	if c := s.Consent; c != nil && c.Mode != "approve" {
		consent = map[string]any{"mode": c.Mode}
	}
	if err := w.control(ctx, http.MethodPut, "/_emulator/zoho/consent", consent, nil); err != nil {
		return err
	}
	if c := s.Client; c != nil {
		var client map[string]any
		path := "/_emulator/zoho/clients/" + url.PathEscape(emulator.DemoServerClientID)
		if err := w.control(ctx, http.MethodGet, path, nil, &client); err != nil {
			return err
		}
		if c.AllowedIPs != nil {
			client["allowed_ips"] = c.AllowedIPs
		}
		if c.RedirectURIs != nil {
			client["redirect_uris"] = c.RedirectURIs
		}
		if err := w.control(ctx, http.MethodPut, path, client, nil); err != nil {
			return err
		}
	}
	if s.OrgAllowedIPs != nil {
		var org map[string]any
		path := "/_emulator/zoho/orgs/" + emulator.DemoOrgID
		if err := w.control(ctx, http.MethodGet, path, nil, &org); err != nil {
			return err
		}
		org["allowed_ips"] = append(slices.Clone(s.OrgAllowedIPs), w.ownAddress(ctx)...)
		if err := w.control(ctx, http.MethodPut, path, org, nil); err != nil {
			return err
		}
	}
	for _, f := range s.Faults {
		if err := w.control(ctx, http.MethodPost, "/_emulator/faults", f, nil); err != nil {
			return err
		}
	}
	return nil
}

// grant obtains Zoho tokens for an AEP connection as the demo admin
// would from the API console: a self-client code, exchanged.
func (w *world) grant(ctx context.Context, env *Env) error {
	var code struct {
		Code string `json:"code"`
	}
	if err := w.control(ctx, http.MethodPost, "/_emulator/zoho/clients/"+url.PathEscape(emulator.DemoSelfClientID)+"/codes",
		map[string]any{"user": emulator.DemoUserEmail, "scopes": []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"}, "minutes": 3}, &code); err != nil {
		return err
	}
	var tok struct {
		Access  string `json:"access_token"`
		Refresh string `json:"refresh_token"`
		Error   string `json:"error"`
	}
	if _, err := w.call(ctx, http.MethodPost, w.base+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"},
		"client_id": {emulator.DemoSelfClientID}, "client_secret": {emulator.DemoClientSecret}, "code": {code.Code}}, &tok, nil); err != nil {
		return err
	}
	if tok.Refresh == "" {
		return fmt.Errorf("harness: no refresh token from the self client (%s)", tok.Error)
	}
	env.ClientID, env.ClientSecret = emulator.DemoSelfClientID, emulator.DemoClientSecret
	env.ZohoAccessToken, env.ZohoRefreshToken = tok.Access, tok.Refresh
	return nil
}

// ownAddress is the harness's own address as the emulator sees it, as
// one allow-list entry: the admin's browser an org's allow list lets in.
// In process it is loopback, which the scenarios' lists name already;
// against an emulator elsewhere (a container) it is the harness's
// address on that network. Nothing when the journal does not say.
func (w *world) ownAddress(ctx context.Context) []string {
	var page struct {
		Entries []struct {
			SourceIP string `json:"source_ip"`
		} `json:"entries"`
	}
	if err := w.control(ctx, http.MethodGet, "/_emulator/journal?service=control&limit=1", nil, &page); err != nil || len(page.Entries) == 0 {
		return nil
	}
	ip, err := netip.ParseAddr(page.Entries[0].SourceIP)
	if err != nil || ip.IsLoopback() {
		return nil
	}
	return []string{netip.PrefixFrom(ip, ip.BitLen()).String()}
}
