package control

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// exportState serves GET /_emulator/state: the world's own JSON document,
// or the part of the tenants its tenant parameters name.
func (a *API) exportState(r *http.Request) (any, error) {
	data, err := a.deps.World.ExportState(r.URL.Query()["tenant"])
	if err != nil {
		return nil, err
	}
	return json.RawMessage(data), nil
}

// importState serves PUT /_emulator/state. The world refuses an invalid
// document whole, so a 400 leaves the state as it was.
func (a *API) importState(r *http.Request) (any, error) {
	data, err := readBodyUpTo(r, MaxStateBody)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, invalidJSON("a JSON object body is required")
	}
	var doc map[string]json.RawMessage // only to check the document is one JSON object
	if err := unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if err := a.deps.World.ImportState(data); err != nil {
		return nil, invalid("state not imported: %v", err)
	}
	return status{Status: "imported"}, nil
}
