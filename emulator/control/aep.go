package control

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// AEP is what the control API reads of the AEP Flow Service: the rows a
// Catalog dataset keeps and the runs of dataflows. Both answer after the
// dataflow windows that have fallen due on the virtual clock have run, as
// Flow Service's own reads do. An unknown dataset or flow is an error
// wrapping flowservice.ErrUnknown.
type AEP interface {
	// Rows are the dataset's rows, oldest first.
	Rows(ctx context.Context, t flowservice.Tenant, datasetID string) ([]map[string]any, error)
	// Runs are the flow's runs, oldest first; every flow's when flowID is
	// empty.
	Runs(ctx context.Context, t flowservice.Tenant, flowID string) ([]flowservice.Run, error)
}

// defaultSandbox is the sandbox a read-back names when it names none, as
// Flow Service takes a missing x-sandbox-name.
const defaultSandbox = "prod"

type rowPage struct {
	Rows  []map[string]any `json:"rows"`
	Count int              `json:"count"` // len(Rows)
	Total int              `json:"total"` // rows the dataset keeps
}

type runList struct {
	Runs []flowservice.Run `json:"runs"`
}

// datasetRows serves GET /_emulator/aep/datasets/{dataset_id}/rows?org=
// &sandbox=&offset=&limit=.
func (a *API) datasetRows(r *http.Request) (any, error) {
	q := r.URL.Query()
	t, err := a.aepTenant(q)
	if err != nil {
		return nil, err
	}
	offset, err := count(q, "offset", 0)
	if err != nil {
		return nil, err
	}
	limit, err := count(q, "limit", 1)
	if err != nil {
		return nil, err
	}
	rows, err := a.deps.AEP.Rows(r.Context(), t, mux.Vars(r)["dataset_id"])
	if err != nil {
		return nil, err
	}
	page := rows[min(offset, len(rows)):]
	if limit > 0 && limit < len(page) {
		page = page[:limit]
	}
	return rowPage{Rows: nonNil(page), Count: len(page), Total: len(rows)}, nil
}

// listAEPRuns serves GET /_emulator/aep/runs?org=&sandbox=&flow_id=.
func (a *API) listAEPRuns(r *http.Request) (any, error) {
	q := r.URL.Query()
	t, err := a.aepTenant(q)
	if err != nil {
		return nil, err
	}
	runs, err := a.deps.AEP.Runs(r.Context(), t, q.Get("flow_id"))
	if err != nil {
		return nil, err
	}
	return runList{Runs: nonNil(runs)}, nil
}

// aepTenant reads the IMS org and sandbox a read-back names.
func (a *API) aepTenant(q url.Values) (flowservice.Tenant, error) {
	if a.deps.AEP == nil {
		return flowservice.Tenant{}, notFound("this emulator serves no AEP Flow Service")
	}
	t := flowservice.Tenant{Org: q.Get("org"), Sandbox: q.Get("sandbox")}
	if t.Org == "" {
		return t, invalid("org (an IMS org id) is required")
	}
	if t.Sandbox == "" {
		t.Sandbox = defaultSandbox
	}
	return t, nil
}

// count reads an optional whole-number parameter of at least lowest; 0
// when absent.
func count(q url.Values, name string, lowest int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lowest {
		return 0, invalid("%s %q is not a whole number of at least %d", name, s, lowest)
	}
	return n, nil
}
