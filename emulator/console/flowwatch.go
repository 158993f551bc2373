package console

import (
	"cmp"
	"hash/fnv"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

type flowData struct {
	Tenant  tenant
	Flow    flowservice.Flow
	Runs    []runRow
	Presets []string
	Version string // the runs' digest, for the next poll
}

// runRow is a run as the monitoring view lists it.
type runRow struct {
	ID                     string
	Status                 string
	Started, Completed     int64 // epoch ms
	WindowStart, WindowEnd int64 // epoch ms; 0 when unknown
	In, Out, Failed        int64
	Errors                 []flowservice.RunError
}

// flowPage is the step "monitor": the flow and its runs, which the page
// polls for as the clock moves.
func (c *Console) flowPage(r *http.Request) (*view, error) {
	t, _, err := c.tenantOf(r.URL.Query())
	if err != nil {
		return nil, err
	}
	d := flowData{Tenant: t, Presets: advancePresets}
	id := r.PathValue("flow")
	var one items[flowservice.Flow] // Flow Service answers a GET by id with a list
	if err := c.platform.call(r.Context(), t, http.MethodGet, flowAPI+"/flows/"+url.PathEscape(id), nil, &one, "step"); err != nil {
		return nil, err
	}
	if len(one.Items) != 1 {
		return nil, notFound("no dataflow %q", id)
	}
	d.Flow = one.Items[0]
	if d.Runs, err = c.runs(r, t, id, "step"); err != nil {
		return nil, err
	}
	d.Version = c.runsVersion(t, id)
	return &view{Page: "flow", Title: d.Flow.Name, Data: d}, nil
}

// flowRuns serves the runs table alone, for the page's polling: 204 when
// the runs are those of version v, else the table read through Flow
// Service's API, its requests marked as polling (which the Journal view
// hides), so that an open page does not fill the journal.
func (c *Console) flowRuns(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	t, _, err := c.tenantOf(q)
	if err != nil {
		c.write(w, statusOf(err), "fragment-error", err.Error())
		return
	}
	flow := r.PathValue("flow")
	if v := q.Get("v"); v != "" && v == c.runsVersion(t, flow) {
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	runs, err := c.runs(r, t, flow, "poll")
	if err != nil {
		c.write(w, statusOf(err), "fragment-error", err.Error())
		return
	}
	c.write(w, http.StatusOK, "runs", flowData{Tenant: t, Runs: runs, Version: c.runsVersion(t, flow)})
}

// runsVersion is a digest of a flow's runs (ids and etags) by the Go
// API; "" when the console has no FlowService, which never matches.
func (c *Console) runsVersion(t tenant, flowID string) string {
	if c.deps.FlowService == nil {
		return ""
	}
	h := fnv.New64a()
	for _, run := range c.deps.FlowService.Runs(flowservice.Tenant{Org: t.Org, Sandbox: t.Sandbox}, flowID) {
		_, _ = io.WriteString(h, run.ID+"\x00"+run.Etag+"\x00")
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

// runs reads a flow's runs as the monitoring tutorial does, newest first.
func (c *Console) runs(r *http.Request, t tenant, flowID, mark string) ([]runRow, error) {
	var list items[flowservice.Run]
	q := "?property=" + url.QueryEscape("flowId=="+flowID)
	if err := c.platform.call(r.Context(), t, http.MethodGet, flowAPI+"/runs"+q, nil, &list, mark); err != nil {
		return nil, err
	}
	out := make([]runRow, 0, len(list.Items))
	for _, run := range list.Items {
		m := run.Metrics
		rw := runRow{ID: run.ID, Status: m.StatusSummary.Status, Errors: m.StatusSummary.Errors}
		if ds := m.DurationSummary; ds != nil {
			rw.Started, rw.Completed = ds.StartedAtUTC, ds.CompletedAtUTC
		}
		if rs := m.RecordSummary; rs != nil {
			rw.In, rw.Out, rw.Failed = rs.InputRecordCount, rs.OutputRecordCount, rs.FailedRecordCount
		}
		if len(run.Activities) > 0 && run.Activities[0].DurationSummary != nil {
			ext := run.Activities[0].DurationSummary.Extensions
			rw.WindowStart, rw.WindowEnd = epoch(ext["windowStart"]), epoch(ext["windowEnd"])
		}
		for _, a := range run.Activities { // the activities' errors carry Zoho's detail
			if len(rw.Errors) == 0 {
				rw.Errors = a.StatusSummary.Errors
			}
		}
		out = append(out, rw)
	}
	slices.SortStableFunc(out, func(a, b runRow) int {
		return cmp.Or(cmp.Compare(b.WindowStart, a.WindowStart), cmp.Compare(b.Started, a.Started))
	})
	return out, nil
}

// epoch reads an epoch-ms extension, a number or a string of digits.
func epoch(v any) int64 {
	switch n := v.(type) {
	case float64:
		return int64(n)
	case string:
		var x int64
		for _, r := range n {
			if r < '0' || r > '9' {
				return 0
			}
			x = x*10 + int64(r-'0')
		}
		return x
	}
	return 0
}
