package console

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

type flowData struct {
	Tenant  tenant
	Flow    flowservice.Flow
	Runs    []runRow
	Presets []string
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
	return &view{Page: "flow", Title: d.Flow.Name, Data: d}, nil
}

// flowRuns serves the runs table alone, for the page's polling; the
// requests it sends are marked as polling, which the journal hides.
func (c *Console) flowRuns(r *http.Request) (any, error) {
	t, _, err := c.tenantOf(r.URL.Query())
	if err != nil {
		return nil, err
	}
	runs, err := c.runs(r, t, r.PathValue("flow"), "poll")
	if err != nil {
		return nil, err
	}
	return flowData{Tenant: t, Runs: runs}, nil
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
