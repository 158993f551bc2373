package control

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

// CRM is what the control API steers of Zoho CRM: an org's API credits.
type CRM interface {
	Credits(orgID string) (zohocrm.Credits, error)
	SetRemaining(orgID string, remaining int) (zohocrm.Credits, error)
}

type creditsRequest struct {
	Remaining *int `json:"remaining"`
}

// getCredits serves GET /_emulator/crm/orgs/{org_id}/credits.
func (a *API) getCredits(r *http.Request) (any, error) {
	if a.deps.CRM == nil {
		return nil, notFound("this emulator serves no Zoho CRM")
	}
	return a.deps.CRM.Credits(mux.Vars(r)["org_id"])
}

// setCredits serves PUT /_emulator/crm/orgs/{org_id}/credits.
func (a *API) setCredits(r *http.Request) (any, error) {
	if a.deps.CRM == nil {
		return nil, notFound("this emulator serves no Zoho CRM")
	}
	var in creditsRequest
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if in.Remaining == nil || *in.Remaining < 0 {
		return nil, invalid("remaining is required, 0 or more")
	}
	return a.deps.CRM.SetRemaining(mux.Vars(r)["org_id"], *in.Remaining)
}
