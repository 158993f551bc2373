package zohosource

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// outcome is what a run did: a copy failure, or the records read and the
// rows promoted (and a promotion failure).
type outcome struct {
	failure    *Failure
	promoteErr string
	read       int64
	inBytes    int64
	written    int64
	outBytes   int64
	mapFailed  int64
	batch      string
}

// execute runs a flow's window: the copy (read the source table's records
// of the window from Zoho CRM, typed by the field metadata) and the
// promotion (the mapping set applied, the rows appended to the target
// dataset). Zoho-side and configuration failures are in the outcome; the
// error is only the caller's cancellation.
func (e *Engine) execute(ctx context.Context, t flowservice.Tenant, f flowservice.Flow, w window, runID string) (outcome, error) {
	var o outcome
	rows, err := e.copyRows(ctx, t, f, w, &o)
	if err != nil {
		if ctx.Err() != nil {
			return o, ctx.Err()
		}
		o.failure = asFailure(err)
		e.cfg.Logger.Info("zohosource: run failed", "tenant", t.String(), "flow", f.ID, "run", runID, "reason", o.failure.Error())
		return o, nil
	}
	e.promote(t, f, w, runID, rows, &o)
	return o, nil
}

// asFailure makes any copy error a Failure.
func asFailure(err error) *Failure {
	if f, ok := err.(*Failure); ok {
		return f
	}
	return &Failure{Kind: KindRequest, Cause: err.Error()}
}

// copyRows reads the window's records as flat, typed rows.
func (e *Engine) copyRows(ctx context.Context, t flowservice.Tenant, f flowservice.Flow, w window, o *outcome) ([]map[string]any, error) {
	if len(f.SourceConnectionIDs) == 0 {
		return nil, configFailure("The flow has no source connection.")
	}
	src, ok := e.fs.SourceConnection(t, f.SourceConnectionIDs[0])
	if !ok {
		return nil, configFailure("The source connection %s does not exist.", f.SourceConnectionIDs[0])
	}
	conn, ok := e.fs.Connection(t, src.BaseConnectionID)
	if !ok {
		return nil, configFailure("The base connection %s does not exist.", src.BaseConnectionID)
	}
	table, _ := src.Params["tableName"].(string)
	if table == "" {
		return nil, configFailure("The source connection %s has no tableName.", src.ID)
	}
	s, err := e.session(conn)
	if err != nil {
		return nil, err
	}
	cols, err := s.columns(ctx, table)
	if err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, &Failure{Kind: KindRequest, Op: "GET " + s.api + "/crm/" + e.cfg.APIVersion + "/settings/fields",
			Cause: "no columns were found for table " + table}
	}
	delta := deltaColumn(f)
	if !w.Once && findColumn(cols, delta) == nil {
		return nil, configFailure("The delta column %s is not a column of table %s.", delta, table)
	}
	sel, all := selectColumns(cols, src.Params["columns"])
	readCols := sel
	if d := findColumn(cols, delta); d != nil && findColumn(sel, delta) == nil {
		readCols = append(append([]column{}, sel...), *d)
	}
	var rows []map[string]any
	res, err := s.read(ctx, table, readCols, all, w.span(delta), func(rec map[string]any) {
		r := row(sel, rec)
		for k, v := range r {
			if v == nil {
				delete(r, k)
			}
		}
		rows = append(rows, r)
	})
	o.inBytes = res.bytes
	if err != nil {
		return nil, err
	}
	o.read = int64(len(rows))
	return rows, nil
}

// deltaColumn is the flow's Copy deltaColumn.name; Modified_Time when it
// has none (a once flow reads everything regardless).
func deltaColumn(f flowservice.Flow) string {
	for _, tr := range f.Transformations {
		if tr.Name != flowservice.TransformCopy {
			continue
		}
		dc, _ := tr.Params["deltaColumn"].(map[string]any)
		if name, _ := dc["name"].(string); strings.TrimSpace(name) != "" {
			return strings.TrimSpace(name)
		}
	}
	return deltaModified
}

// selectColumns are the source connection's params.columns among the
// table's (matched ignoring case; "id" always kept), or every column
// (all) when it names none.
func selectColumns(cols []column, raw any) ([]column, bool) {
	list, _ := raw.([]any)
	want := map[string]bool{}
	for _, c := range list {
		var name string
		switch x := c.(type) {
		case map[string]any:
			name, _ = x["name"].(string)
		case string:
			name = x
		}
		if name != "" {
			want[strings.ToLower(name)] = true
		}
	}
	if len(want) == 0 {
		return cols, true
	}
	var out []column
	for _, c := range cols {
		if c.Name == "id" || want[strings.ToLower(c.Name)] {
			out = append(out, c)
		}
	}
	return out, false
}

func findColumn(cols []column, name string) *column {
	for i := range cols {
		if strings.EqualFold(cols[i].Name, name) {
			return &cols[i]
		}
	}
	return nil
}

// promote maps the rows and appends them to the target dataset.
func (e *Engine) promote(t flowservice.Tenant, f flowservice.Flow, w window, runID string, rows []map[string]any, o *outcome) {
	ms, err := e.mappings(t, f)
	if err != nil {
		o.promoteErr = err.Error()
		return
	}
	out := rows
	if ms != nil {
		out = make([]map[string]any, 0, len(rows))
		for _, r := range rows {
			m, err := apply(ms, r)
			if err != nil {
				o.mapFailed++
				continue
			}
			out = append(out, m)
		}
	}
	o.written = int64(len(out))
	if len(out) == 0 {
		return
	}
	if len(f.TargetConnectionIDs) == 0 {
		o.promoteErr = "The flow has no target connection."
		return
	}
	tc, ok := e.fs.TargetConnection(t, f.TargetConnectionIDs[0])
	if !ok {
		o.promoteErr = fmt.Sprintf("The target connection %s does not exist.", f.TargetConnectionIDs[0])
		return
	}
	if err := e.fs.AppendRows(t, tc.DataSetID(), out); err != nil {
		o.promoteErr = fmt.Sprintf("The batch could not be written to dataset %s.", tc.DataSetID())
		return
	}
	if b, err := json.Marshal(out); err == nil {
		o.outBytes = int64(len(b))
	}
	o.batch = batchID(w.Due, runID)
}

// mappings are the flow's compiled mapping set; nil without a Mapping
// transformation (rows land as read).
func (e *Engine) mappings(t flowservice.Tenant, f flowservice.Flow) ([]mapping, error) {
	for _, tr := range f.Transformations {
		if tr.Name != flowservice.TransformMapping {
			continue
		}
		id, _ := tr.Params["mappingId"].(string)
		ms, ok := e.fs.MappingSet(t, id)
		if !ok {
			return nil, fmt.Errorf("The mapping set %s does not exist.", id)
		}
		compiled, err := compileMappings(ms.Doc)
		if err != nil {
			return nil, fmt.Errorf("The mapping set %s cannot be applied: %v", id, err)
		}
		return compiled, nil
	}
	return nil, nil
}
