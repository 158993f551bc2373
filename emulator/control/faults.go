package control

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/internal/faults"
)

type faultList struct {
	Faults []faults.Rule `json:"faults"`
}

// listFaults serves GET /_emulator/faults.
func (a *API) listFaults(*http.Request) (any, error) {
	return faultList{Faults: nonNil(a.deps.Faults.List())}, nil
}

// addFault serves POST /_emulator/faults.
func (a *API) addFault(r *http.Request) (any, error) {
	var rule faults.Rule
	if err := decode(r, &rule); err != nil {
		return nil, err
	}
	rule.Seen, rule.Fired = 0, 0 // read-only: a new rule has seen nothing
	rule, err := a.deps.Faults.Add(rule)
	if err != nil {
		return nil, err
	}
	return created(rule), nil
}

// clearFaults serves DELETE /_emulator/faults[?tenant=].
func (a *API) clearFaults(r *http.Request) (any, error) {
	a.deps.Faults.Clear(r.URL.Query().Get("tenant"))
	return noContent, nil
}

// removeFault serves DELETE /_emulator/faults/{id}.
func (a *API) removeFault(r *http.Request) (any, error) {
	id := mux.Vars(r)["id"]
	if !a.deps.Faults.Remove(id) {
		return nil, notFound("no fault rule %q", id)
	}
	return noContent, nil
}
