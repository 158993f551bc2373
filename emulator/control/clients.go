package control

import (
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

type clientList struct {
	Clients []zohoaccounts.Client `json:"clients"`
}

// listClients serves GET /_emulator/zoho/clients[?org_id=].
func (a *API) listClients(r *http.Request) (any, error) {
	org := r.URL.Query().Get("org_id")
	if org != "" {
		if _, err := a.deps.Accounts.GetOrg(org); err != nil {
			return nil, err
		}
	}
	return clientList{Clients: nonNil(a.deps.Accounts.Clients(org))}, nil
}

// registerClient serves POST /_emulator/zoho/clients.
func (a *API) registerClient(r *http.Request) (any, error) {
	var c zohoaccounts.Client
	if err := decode(r, &c); err != nil {
		return nil, err
	}
	if c.OrgID == "" {
		return nil, invalid("org_id is required")
	}
	c, err := a.deps.Accounts.RegisterClient(c)
	if err != nil {
		return nil, err
	}
	return created(c), nil
}

// getClient serves GET /_emulator/zoho/clients/{client_id}.
func (a *API) getClient(r *http.Request) (any, error) {
	return a.deps.Accounts.GetClient(mux.Vars(r)["client_id"])
}

// replaceClient serves PUT /_emulator/zoho/clients/{client_id}.
func (a *API) replaceClient(r *http.Request) (any, error) {
	var c zohoaccounts.Client
	if err := decode(r, &c); err != nil {
		return nil, err
	}
	if err := samePathID("client_id", &c.ID, mux.Vars(r)["client_id"]); err != nil {
		return nil, err
	}
	return a.deps.Accounts.UpdateClient(c)
}

// deleteClient serves DELETE /_emulator/zoho/clients/{client_id}.
func (a *API) deleteClient(r *http.Request) (any, error) {
	if err := a.deps.Accounts.DeleteClient(mux.Vars(r)["client_id"]); err != nil {
		return nil, err
	}
	return noContent, nil
}

// codeRequest asks for a self-client grant code, as the API console's
// Self Client tab does.
type codeRequest struct {
	User        string   `json:"user"` // e-mail
	Scopes      []string `json:"scopes"`
	Minutes     *int     `json:"minutes"` // 3, 5, 7 or 10; absent: 3
	OrgID       string   `json:"org_id"`
	Description string   `json:"description"`
}

// generateSelfClientCode serves POST /_emulator/zoho/clients/{client_id}/codes.
func (a *API) generateSelfClientCode(r *http.Request) (any, error) {
	var in codeRequest
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if in.User == "" {
		return nil, invalid("user (an e-mail address) is required")
	}
	req := zohoaccounts.SelfClientCode{ClientID: mux.Vars(r)["client_id"], User: in.User, Scopes: in.Scopes,
		Lifetime: zohoaccounts.SelfClientCodeLifetimes[0], OrgID: in.OrgID, Description: in.Description}
	if in.Minutes != nil {
		if *in.Minutes <= 0 || *in.Minutes > 60 {
			return nil, invalid("minutes is 3, 5, 7 or 10, not %d", *in.Minutes)
		}
		req.Lifetime = time.Duration(*in.Minutes) * time.Minute
	}
	code, err := a.deps.Accounts.GenerateCode(req)
	if err != nil {
		return nil, err
	}
	return created(code), nil
}
