package control

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

type orgList struct {
	Orgs []zohoaccounts.Org `json:"orgs"`
}

type userList struct {
	Users []zohoaccounts.User `json:"users"`
}

// listOrgs serves GET /_emulator/zoho/orgs.
func (a *API) listOrgs(*http.Request) (any, error) {
	return orgList{Orgs: nonNil(a.deps.Accounts.Orgs())}, nil
}

// createOrg serves POST /_emulator/zoho/orgs.
func (a *API) createOrg(r *http.Request) (any, error) {
	var o zohoaccounts.Org
	if err := decode(r, &o); err != nil {
		return nil, err
	}
	o, err := a.deps.Accounts.CreateOrg(o)
	if err != nil {
		return nil, err
	}
	return created(o), nil
}

// getOrg serves GET /_emulator/zoho/orgs/{org_id}.
func (a *API) getOrg(r *http.Request) (any, error) {
	return a.deps.Accounts.GetOrg(mux.Vars(r)["org_id"])
}

// replaceOrg serves PUT /_emulator/zoho/orgs/{org_id}.
func (a *API) replaceOrg(r *http.Request) (any, error) {
	var o zohoaccounts.Org
	if err := decode(r, &o); err != nil {
		return nil, err
	}
	if err := samePathID("id", &o.ID, mux.Vars(r)["org_id"]); err != nil {
		return nil, err
	}
	return a.deps.Accounts.UpdateOrg(o)
}

// deleteOrg serves DELETE /_emulator/zoho/orgs/{org_id}.
func (a *API) deleteOrg(r *http.Request) (any, error) {
	if err := a.deps.Accounts.DeleteOrg(mux.Vars(r)["org_id"]); err != nil {
		return nil, err
	}
	return noContent, nil
}

// listOrgUsers serves GET /_emulator/zoho/orgs/{org_id}/users.
func (a *API) listOrgUsers(r *http.Request) (any, error) {
	id := mux.Vars(r)["org_id"]
	if _, err := a.deps.Accounts.GetOrg(id); err != nil {
		return nil, err
	}
	return userList{Users: nonNil(a.deps.Accounts.Users(id))}, nil
}

// createUser serves POST /_emulator/zoho/orgs/{org_id}/users.
func (a *API) createUser(r *http.Request) (any, error) {
	var u zohoaccounts.User
	if err := decode(r, &u); err != nil {
		return nil, err
	}
	if err := samePathID("org_id", &u.OrgID, mux.Vars(r)["org_id"]); err != nil {
		return nil, err
	}
	u, err := a.deps.Accounts.CreateUser(u)
	if err != nil {
		return nil, err
	}
	u.Password = "" // write-only
	return created(u), nil
}

// listUsers serves GET /_emulator/zoho/users.
func (a *API) listUsers(*http.Request) (any, error) {
	return userList{Users: nonNil(a.deps.Accounts.Users(""))}, nil
}

// deleteUser serves DELETE /_emulator/zoho/users/{zuid}.
func (a *API) deleteUser(r *http.Request) (any, error) {
	if err := a.deps.Accounts.DeleteUser(mux.Vars(r)["zuid"]); err != nil {
		return nil, err
	}
	return noContent, nil
}

// getConsent serves GET /_emulator/zoho/consent.
func (a *API) getConsent(*http.Request) (any, error) { return a.deps.Accounts.Consent(), nil }

// setConsent serves PUT /_emulator/zoho/consent.
func (a *API) setConsent(r *http.Request) (any, error) {
	var c zohoaccounts.Consent
	if err := decode(r, &c); err != nil {
		return nil, err
	}
	if err := a.deps.Accounts.SetConsent(c); err != nil {
		return nil, err
	}
	return a.deps.Accounts.Consent(), nil
}

// samePathID fills a body's id from the path, refusing a different one.
func samePathID(field string, body *string, path string) error {
	if *body != "" && *body != path {
		return invalid("%s %q in the body is not %q of the path", field, *body, path)
	}
	*body = path
	return nil
}

// nonNil makes an empty list [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
