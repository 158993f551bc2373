package console

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
)

// xdmContentType is the schema reference's content type (Catalog).
const xdmContentType = "application/vnd.adobe.xed-full+json;version=1"

// mapRow is one column's mapping in the form.
type mapRow struct {
	column
	On   bool
	Path string
}

type dataflowData struct {
	Tenant      tenant
	Conn, Table string
	Rows        []mapRow
	Deltas      []string // date-time columns a delta can follow
	DatasetName string
	SchemaID    string
	FlowName    string
	Frequencies []string
}

// frequencies are CRMToAEP's schedule frequencies (reference §5).
var frequencies = []string{"minute", "hour", "day", "week", "once"}

// dataflowForm is the steps "mapping" and "scheduling": the target
// dataset, each column's XDM path, and the schedule.
func (c *Console) dataflowForm(r *http.Request) (*view, error) {
	q := r.URL.Query()
	t, _, err := c.tenantOf(q)
	if err != nil {
		return nil, err
	}
	d := dataflowData{Tenant: t, Conn: r.PathValue("conn"), Table: q.Get("table"),
		SchemaID: zohosource.DemoSchemaID, Frequencies: frequencies}
	if d.Table == "" {
		return nil, badRequest("choose a table first")
	}
	sch, err := c.explore(r.Context(), t, d.Conn, d.Table, false)
	if err != nil {
		return nil, err
	}
	suggested := map[string]string{}
	for _, m := range zohosource.DemoMappings {
		suggested[m[0]] = m[1]
	}
	for _, col := range sch.Schema.Columns {
		p, on := suggested[col.Name]
		if !on {
			p = "_zohoaep." + strings.ToLower(col.Name[:1]) + col.Name[1:]
		}
		d.Rows = append(d.Rows, mapRow{column: col, On: on, Path: p})
		if col.Name == "Modified_Time" || col.Name == "Created_Time" {
			d.Deltas = append(d.Deltas, col.Name)
		}
	}
	d.DatasetName = "Zoho CRM " + d.Table
	d.FlowName = "Zoho CRM " + d.Table + " dataflow"
	return &view{Page: "dataflow", Title: "Dataflow", Data: d}, nil
}

// createDataflow creates, in Adobe's tutorial order, the dataset
// (Catalog), the mapping set (Data Prep), the source and target
// connections and the CRMToAEP flow, then shows the flow.
func (c *Console) createDataflow(r *http.Request) (string, error) {
	f := r.PostForm
	t, _, err := c.tenantOf(f)
	if err != nil {
		return "", err
	}
	ctx, conn, tableName := r.Context(), r.PathValue("conn"), f.Get("table")
	if tableName == "" {
		return "", badRequest("choose a table first")
	}
	sched, err := readScheduleForm(f, c.now())
	if err != nil {
		return "", err
	}
	sch, err := c.explore(ctx, t, conn, tableName, false)
	if err != nil {
		return "", err
	}
	var cols []column
	var mappings []any
	for _, col := range sch.Schema.Columns {
		if !slices.Contains(f["col"], col.Name) {
			continue
		}
		path := strings.TrimSpace(f.Get("xdm." + col.Name))
		if path == "" {
			return "", badRequest("column %s has no XDM path", col.Name)
		}
		cols = append(cols, col)
		mappings = append(mappings, map[string]any{"sourceAttribute": col.Name, "destinationXdmPath": path,
			"identity": false, "identityGroup": nil, "namespaceCode": nil, "version": 0})
	}
	if len(cols) == 0 {
		return "", badRequest("map at least one column")
	}
	schema := cmp.Or(strings.TrimSpace(f.Get("schemaId")), zohosource.DemoSchemaID)

	dataset := strings.TrimSpace(f.Get("datasetId"))
	if dataset == "" {
		var refs []string
		if err := c.platform.call(ctx, t, http.MethodPost, catalogAPI+"/dataSets", map[string]any{
			"name": cmp.Or(f.Get("datasetName"), "Zoho CRM "+tableName), "schemaRef": map[string]any{"id": schema, "contentType": xdmContentType},
		}, &refs, "step"); err != nil {
			return "", err
		}
		if len(refs) != 1 {
			return "", &apiError{Method: http.MethodPost, Path: catalogAPI + "/dataSets", Status: http.StatusOK, Message: "no dataset reference in the answer"}
		}
		dataset = strings.TrimPrefix(refs[0], "@/dataSets/")
	}
	var ms, src, dst, flow struct {
		ID string `json:"id"`
	}
	if err := c.platform.call(ctx, t, http.MethodPost, prepAPI+"/mappingSets", map[string]any{
		"version": 0, "xdmSchema": schema, "xdmVersion": "1.0", "id": nil, "mappings": mappings,
	}, &ms, "step"); err != nil {
		return "", err
	}
	if err := c.platform.call(ctx, t, http.MethodPost, flowAPI+"/sourceConnections", map[string]any{
		"name": "Zoho CRM " + tableName + " source connection", "baseConnectionId": conn, "data": map[string]any{"format": "tabular"},
		"params":         map[string]any{"tableName": tableName, "columns": cols},
		"connectionSpec": map[string]any{"id": flowservice.SpecZohoCRM, "version": flowservice.SpecVersion},
	}, &src, "step"); err != nil {
		return "", err
	}
	if err := c.platform.call(ctx, t, http.MethodPost, flowAPI+"/targetConnections", map[string]any{
		"name":           "Zoho CRM " + tableName + " target connection",
		"data":           map[string]any{"schema": map[string]any{"id": schema, "version": xdmContentType}},
		"params":         map[string]any{"dataSetId": dataset},
		"connectionSpec": map[string]any{"id": flowservice.SpecDataLake, "version": flowservice.SpecVersion},
	}, &dst, "step"); err != nil {
		return "", err
	}
	var specs items[struct {
		ID string `json:"id"`
	}]
	if err := c.platform.call(ctx, t, http.MethodGet, flowAPI+"/flowSpecs?property="+url.QueryEscape(`name=="CRMToAEP"`), nil, &specs, "step"); err != nil {
		return "", err
	}
	if len(specs.Items) == 0 {
		return "", &apiError{Method: http.MethodGet, Path: flowAPI + "/flowSpecs", Status: http.StatusOK, Message: "no CRMToAEP flow spec"}
	}
	copyParams := map[string]any{}
	if sched.Frequency != "once" {
		copyParams["deltaColumn"] = map[string]any{"name": cmp.Or(f.Get("delta"), "Modified_Time"),
			"dateFormat": "yyyy-MM-dd HH:mm:ss", "timezone": "UTC"}
	}
	if err := c.platform.call(ctx, t, http.MethodPost, flowAPI+"/flows", map[string]any{
		"name": cmp.Or(f.Get("flowName"), "Zoho CRM "+tableName+" dataflow"), "flowSpec": map[string]any{"id": specs.Items[0].ID, "version": flowservice.SpecVersion},
		"sourceConnectionIds": []string{src.ID}, "targetConnectionIds": []string{dst.ID},
		"transformations": []any{
			map[string]any{"name": "Copy", "params": copyParams},
			map[string]any{"name": "Mapping", "params": map[string]any{"mappingId": ms.ID, "mappingVersion": 0}},
		},
		"scheduleParams": sched.params(),
	}, &flow, "step"); err != nil {
		return "", err
	}
	return withFlash(Prefix+"sources/flows/"+url.PathEscape(flow.ID)+"?"+t.query(), "Dataflow created"), nil
}

// scheduleForm is the form's schedule.
type scheduleForm struct {
	Start     time.Time
	Frequency string
	Interval  int
	Backfill  bool
}

func (s scheduleForm) params() map[string]any {
	p := map[string]any{"startTime": strconv.FormatInt(s.Start.Unix(), 10), "frequency": s.Frequency}
	if s.Frequency != "once" {
		p["interval"] = strconv.Itoa(s.Interval)
		p["backfill"] = s.Backfill
	}
	return p
}

// readScheduleForm reads the schedule; an empty start is now on the
// virtual clock. Flow Service judges the rest (minimum intervals, a start
// in the past) and its refusal is shown as it words it.
func readScheduleForm(f url.Values, now time.Time) (scheduleForm, error) {
	s := scheduleForm{Frequency: f.Get("frequency"), Backfill: f.Get("backfill") == "on", Start: now}
	if !slices.Contains(frequencies, s.Frequency) {
		return s, badRequest("frequency %q: one of %s", s.Frequency, strings.Join(frequencies, ", "))
	}
	if v := f.Get("start"); v != "" {
		t, err := parseInstant(v)
		if err != nil {
			return s, err
		}
		s.Start = t
	}
	if s.Frequency != "once" {
		n, err := strconv.Atoi(cmp.Or(f.Get("interval"), "1"))
		if err != nil || n < 1 {
			return s, badRequest("interval %q: a whole number from 1", f.Get("interval"))
		}
		s.Interval = n
	}
	return s, nil
}
