package flowservice_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// TestFlowDocument: a created flow as GET shows it (reference §5).
func TestFlowDocument(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	f := item(t, w.do(t, get(fs+"/flows/"+p.flow)))
	assert.Equal(t, p.flow, f["id"])
	assert.Equal(t, "enabled", f["state"])
	assert.Equal(t, p.flowEtag, f["etag"])
	assert.Equal(t, f["etag"], f["version"])
	assert.Equal(t, map[string]any{"id": flowservice.FlowSpecCRMToAEP, "version": "1.0"}, f["flowSpec"])
	assert.Equal(t, []any{p.source}, f["sourceConnectionIds"])
	assert.Equal(t, []any{p.target}, f["targetConnectionIds"])
	assert.Equal(t, "/runs?property=flowId=="+p.flow, f["runs"])
	assert.Equal(t, []any{}, f["labels"])
	assert.Equal(t, map[string]any{"startTime": future, "frequency": "minute", "interval": "30"}, f["scheduleParams"], "kept in the client's form")
	inh := f["inheritedAttributes"].(map[string]any)
	assert.Equal(t, map[string]any{"isSourceFlow": true}, inh["properties"])
	src := inh["sourceConnections"].([]any)[0].(map[string]any)
	assert.Equal(t, p.source, src["id"])
	assert.Equal(t, p.base, src["baseConnection"].(map[string]any)["id"])
	tgt := inh["targetConnections"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"id": flowservice.SpecDataLake, "version": "1.0"}, tgt["connectionSpec"])
	op := f["lastOperation"].(map[string]any)
	assert.Equal(t, "create", op["operation"])
	assert.NotContains(t, f, "lastRunDetails")

	got, ok := w.svc.Flow(tenantProd, p.flow)
	require.True(t, ok)
	sched, has, err := got.Schedule()
	require.NoError(t, err)
	require.True(t, has)
	assert.Equal(t, flowservice.Schedule{StartTime: t0.Add(time.Hour), Frequency: "minute", Interval: 30, Backfill: true}, sched)
	assert.Equal(t, 30*time.Minute, sched.Period())

	// Filters reach into flows.
	assert.Len(t, items(t, w.do(t, get(fs+"/flows?property=sourceConnectionIds[]=="+p.source))), 1)
	assert.Len(t, items(t, w.do(t, get(fs+"/flows?property=inheritedAttributes.targetConnections[].connectionSpec.id=="+flowservice.SpecDataLake))), 1)
	assert.Len(t, items(t, w.do(t, get(fs+"/flows?property=transformations[].params.mappingId=="+p.mapping))), 1)
	assert.Len(t, items(t, w.do(t, get(fs+"/sourceConnections?property=params.tableName==Leads"))), 1)
	assert.Len(t, items(t, w.do(t, get(fs+"/sourceConnections?property=params.columns[].name==Email"))), 1)
	assert.Len(t, items(t, w.do(t, get(fs+"/sourceConnections?property=baseConnectionId=="+p.base))), 1)
	assert.Len(t, items(t, w.do(t, get(fs+"/targetConnections?property=params.dataSetId=="+p.dataset))), 1)
}

// TestFlowValidations: every create-time check of reference §5, on the
// virtual clock.
func TestFlowValidations(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	past := fmt.Sprint(t0.Add(-time.Minute).Unix())
	now := fmt.Sprint(t0.Unix())
	body := func(schedule string) string { return flowBody(p.source, p.target, p.mapping, schedule) }
	noDelta := func(schedule string) string {
		return `{"name":"f","flowSpec":{"id":"14518937-270c-4525-bdec-c2ba7cce3860"},"sourceConnectionIds":["` + p.source + `"],
		 "targetConnectionIds":["` + p.target + `"],"transformations":[{"name":"Mapping","params":{"mappingId":"` + p.mapping + `","mappingVersion":"0"}}],
		 "scheduleParams":` + schedule + `}`
	}
	mapping := func(params string) string {
		return `{"name":"f","flowSpec":{"id":"14518937-270c-4525-bdec-c2ba7cce3860"},"sourceConnectionIds":["` + p.source + `"],
		 "targetConnectionIds":["` + p.target + `"],"transformations":[{"name":"Copy","params":{"deltaColumn":{"name":"Modified_Time"}}},{"name":"Mapping","params":` + params + `}],
		 "scheduleParams":{"startTime":` + future + `,"frequency":"hour","interval":1}}`
	}
	tests := []struct {
		name, body string
		code       string // "" for 201
		bad        bool
		message    string
	}{
		{"tutorial: strings", body(`{"startTime":"` + future + `","frequency":"minute","interval":"15"}`), "", false, ""},
		{"OpenAPI: integers", body(`{"startTime":` + future + `,"frequency":"hour","interval":1,"backfill":false}`), "", false, ""},
		{"start now", body(`{"startTime":` + now + `,"frequency":"day","interval":1}`), "", false, ""},
		{"once without delta", noDelta(`{"startTime":` + future + `,"frequency":"once"}`), "", false, ""},
		{"week", body(`{"startTime":` + future + `,"frequency":"week","interval":2}`), "", false, ""},
		{"no schedule", strings.Replace(body(`null`), `,
	 "scheduleParams":null`, "", 1), "", false, ""},

		{"state in the body", strings.Replace(body(`{"startTime":`+future+`,"frequency":"once"}`), `{"name"`, `{"state":"enabled","name"`, 1), "1410-400", false,
			"`State` is not allowed in the create flow request."},
		{"mode in the body", strings.Replace(body(`{"startTime":`+future+`,"frequency":"hour","interval":1}`), `{"name"`, `{"mode":"draft","name"`, 1), "1368-400", false, ""},
		{"start in the past", body(`{"startTime":"` + past + `","frequency":"minute","interval":"15"}`), "1360-400", false,
			"The start time cannot be set in the past. Please provide a valid start time and try again."},
		{"interval with once", noDelta(`{"startTime":` + future + `,"frequency":"once","interval":1}`), "1361-400", false, ""},
		{"minute below 15", body(`{"startTime":` + future + `,"frequency":"minute","interval":10}`), "1362-400", false,
			"Interval cannot be less than 15. Please provide a valid interval value and try again."},
		{"hour below 1", body(`{"startTime":` + future + `,"frequency":"hour","interval":0}`), "1362-400", false,
			"Interval cannot be less than 1. Please provide a valid interval value and try again."},
		{"backfill with once", noDelta(`{"startTime":` + future + `,"frequency":"once","backfill":true}`), "1364-400", false, ""},
		{"no delta column for a CRM source", noDelta(`{"startTime":` + future + `,"frequency":"hour","interval":1}`), "1367-400", false,
			"The delta column is required in copy transformation when creating a CRM connector. Please provide delta column and try again."},
		{"delta column with once", body(`{"startTime":` + future + `,"frequency":"once"}`), "1369-400", false, ""},
		{"bad frequency", body(`{"startTime":` + future + `,"frequency":"fortnight","interval":1}`), "1397-400", false,
			"The provided frequency : fortnight is invalid. Please provide a valid frequency and try again."},
		{"frequency not a string", body(`{"startTime":` + future + `,"frequency":7,"interval":1}`), "1397-400", true, ""},
		{"empty schedule", body(`{}`), "1317-400", false, ""},
		{"no start time", body(`{"frequency":"hour","interval":1}`), "1393-400", false, ""},
		{"no interval", body(`{"startTime":` + future + `,"frequency":"hour"}`), "1393-400", false, ""},
		{"unreadable start time", body(`{"startTime":"tomorrow","frequency":"hour","interval":1}`), "1340-400", true, ""},
		{"unreadable interval", body(`{"startTime":` + future + `,"frequency":"hour","interval":"often"}`), "1312-400", true, ""},
		{"unreadable backfill", body(`{"startTime":` + future + `,"frequency":"hour","interval":1,"backfill":"yes"}`), "1312-400", true, ""},
		{"bad mapping version", mapping(`{"mappingId":"` + p.mapping + `","mappingVersion":"v1"}`), "1412-400", true,
			"Invalid Mapping Version in request. Please provide correct mapping version."},
		{"other mapping version", mapping(`{"mappingId":"` + p.mapping + `","mappingVersion":3}`), "1412-400", false, ""},
		{"unknown mapping", mapping(`{"mappingId":"500a9b747fcf4908a21917d49bd61780","mappingVersion":0}`), "1419-400", false, ""},
		{"bad flow spec", strings.Replace(body(`{"startTime":`+future+`,"frequency":"once"}`), flowservice.FlowSpecCRMToAEP, "9753525b-82c7-4dce-8a9b-5ccfce2b9876", 1), "1413-400", false, ""},
		{"no flow spec", `{"name":"f","sourceConnectionIds":["` + p.source + `"],"targetConnectionIds":["` + p.target + `"]}`, "1304-400", true, ""},
		{"no source", `{"name":"f","flowSpec":{"id":"14518937-270c-4525-bdec-c2ba7cce3860"},"sourceConnectionIds":[],"targetConnectionIds":["` + p.target + `"]}`, "1338-400", false,
			"The source connection ID can't be null in flowRequest. Please provide valid source connection ID in flowRequest."},
		{"no target", `{"name":"f","flowSpec":{"id":"14518937-270c-4525-bdec-c2ba7cce3860"},"sourceConnectionIds":["` + p.source + `"]}`, "1338-400", true, ""},
		{"unknown source", strings.Replace(body(`{"startTime":`+future+`,"frequency":"hour","interval":1}`), p.source, "00000000-0000-4000-8000-000000000000", 1), "1102-404", false, ""},
		{"a target as a source", strings.Replace(body(`{"startTime":`+future+`,"frequency":"hour","interval":1}`), `["`+p.source+`"]`, `["`+p.target+`"]`, 1), "1102-404", false, ""},
		{"no name", strings.Replace(body(`{"startTime":`+future+`,"frequency":"hour","interval":1}`), `"name":"Zoho dataflow",`, "", 1), "1304-400", true, ""},
		{"ids not strings", `{"name":"f","flowSpec":{"id":"14518937-270c-4525-bdec-c2ba7cce3860"},"sourceConnectionIds":[1],"targetConnectionIds":["` + p.target + `"]}`, "1014-400", true, ""},
		{"transformations not objects", `{"name":"f","flowSpec":{"id":"14518937-270c-4525-bdec-c2ba7cce3860"},"sourceConnectionIds":["` + p.source + `"],"targetConnectionIds":["` + p.target + `"],"transformations":["Copy"]}`, "1014-400", true, ""},
		{"schedule not an object", body(`"hourly"`), "1014-400", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.snapshot(t)
			r := post(fs+"/flows", tt.body)
			if tt.bad {
				r = r.badReq()
			}
			rec := w.do(t, r)
			if tt.code == "" {
				created(t, rec)
				return
			}
			m := flowError(t, rec, tt.code)
			if tt.message != "" {
				assert.Equal(t, tt.message, m["errorMessage"])
			}
			assert.Equal(t, before, w.snapshot(t), "a refusal stores nothing")
		})
	}
}

// TestStartTimeOnVirtualClock: "the past" is the virtual clock's.
func TestStartTimeOnVirtualClock(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	schedule := `{"startTime":` + future + `,"frequency":"hour","interval":1}`
	created(t, w.do(t, post(fs+"/flows", flowBody(p.source, p.target, p.mapping, schedule))))
	w.clk.Advance(2 * time.Hour)
	flowError(t, w.do(t, post(fs+"/flows", flowBody(p.source, p.target, p.mapping, schedule))), "1360-400")

	grace := newWorld(t, flowservice.Config{StartTimeGrace: 3 * time.Hour})
	q := grace.build(t, "prod")
	grace.clk.Advance(2 * time.Hour)
	created(t, grace.do(t, post(fs+"/flows", flowBody(q.source, q.target, q.mapping, schedule))))
}

// TestSchemaMismatch: a mapping's schema must be the target dataset's.
func TestSchemaMismatch(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	rec := w.do(t, post(prep+"/mappingSets", `{"version":0,"xdmSchema":"https://ns.adobe.com/acme/schemas/other","mappings":[]}`))
	other := decode(t, rec)["id"].(string)
	m := flowError(t, w.do(t, post(fs+"/flows", flowBody(p.source, p.target, other, `{"startTime":`+future+`,"frequency":"hour","interval":1}`))), "1425-400")
	assert.Contains(t, m["errorMessage"], p.dataset)
	assert.Contains(t, m["errorMessage"], other)
}

// TestFlowActions: enable and disable (any case), drafts and publish.
func TestFlowActions(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	action := func(op string) string { return fs + "/flows/" + p.flow + "/action?op=" + op }
	rec := w.do(t, post(action("disable"), ""))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	etag := decode(t, rec)["etag"].(string)
	assert.NotEqual(t, p.flowEtag, etag)
	f := item(t, w.do(t, get(fs+"/flows/"+p.flow)))
	assert.Equal(t, "disabled", f["state"])
	assert.Equal(t, "disable", f["lastOperation"].(map[string]any)["operation"])
	rec = w.do(t, post(action("DISABLE"), ""))
	assert.Equal(t, etag, decode(t, rec)["etag"], "disabling a disabled flow changes nothing")
	w.do(t, post(action("ENABLE"), ""))
	assert.Equal(t, "enabled", item(t, w.do(t, get(fs+"/flows/"+p.flow)))["state"])
	assert.Len(t, items(t, w.do(t, get(fs+"/flows?property=state==enabled"))), 1)
	flowError(t, w.do(t, post(action("reverse"), "")), "1398-400")
	flowError(t, w.do(t, post(action("finalize"), "")), "1402-400")
	flowError(t, w.do(t, post(action("publish"), "")), "1422-400")
	flowError(t, w.do(t, post(fs+"/flows/"+p.flow+"/action", "").badReq()), "1359-400")
	flowError(t, w.do(t, post(fs+"/flows/00000000-0000-4000-8000-000000000000/action?op=enable", "")), "1439-404")

	draft, _ := created(t, w.do(t, post(fs+"/flows?mode=draft", flowBody(p.source, p.target, p.mapping, `{"startTime":`+future+`,"frequency":"hour","interval":1}`))))
	assert.Equal(t, "draft", item(t, w.do(t, get(fs+"/flows/"+draft)))["state"])
	m := flowError(t, w.do(t, post(fs+"/flows/"+draft+"/action?op=enable", "")), "1422-400")
	assert.Equal(t, "The action enable cannot be applied on the current state draft. Please update the action and try again.", m["errorMessage"])
	require.Equal(t, http.StatusOK, w.do(t, post(fs+"/flows/"+draft+"/action?op=publish", "")).Code)
	assert.Equal(t, "enabled", item(t, w.do(t, get(fs+"/flows/"+draft)))["state"])

	// Source and target connections have drafts too.
	src, _ := created(t, w.do(t, post(fs+"/sourceConnections?mode=draft", sourceBody(p.base, "Contacts"))))
	assert.Equal(t, "draft", item(t, w.do(t, get(fs+"/sourceConnections/"+src)))["state"])
	require.Equal(t, http.StatusOK, w.do(t, post(fs+"/sourceConnections/"+src+"/action?op=publish", "")).Code)
	tgt, _ := created(t, w.do(t, post(fs+"/targetConnections?mode=draft", targetBody(p.dataset))))
	require.Equal(t, http.StatusOK, w.do(t, post(fs+"/targetConnections/"+tgt+"/action?op=publish", "")).Code)
	assert.Equal(t, "enabled", item(t, w.do(t, get(fs+"/targetConnections/"+tgt)))["state"])
}

// TestPatchFlow: the tutorial's schedule and name changes, and refusals.
func TestPatchFlow(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	rec := w.do(t, patch(fs+"/flows/"+p.flow, p.flowEtag, `[{"op":"replace","path":"/scheduleParams/frequency","value":"hour"},
	 {"op":"replace","path":"/scheduleParams/interval","value":"8"},{"op":"replace","path":"/name","value":"Test update dataflow"},
	 {"op":"add","path":"/labels/-","value":"C1"}]`))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	etag := decode(t, rec)["etag"].(string)
	f := item(t, w.do(t, get(fs+"/flows/"+p.flow)))
	assert.Equal(t, "Test update dataflow", f["name"])
	assert.Equal(t, map[string]any{"startTime": future, "frequency": "hour", "interval": "8"}, f["scheduleParams"])
	assert.Equal(t, []any{"C1"}, f["labels"])
	assert.Equal(t, "update", f["lastOperation"].(map[string]any)["operation"])

	for _, tt := range []struct{ body, code string }{
		{`[{"op":"replace","path":"/scheduleParams/interval","value":0}]`, "1362-400"},
		{`[{"op":"replace","path":"/scheduleParams/frequency","value":"once"}]`, "1361-400"},
		{`[{"op":"replace","path":"/scheduleParams/startTime","value":1}]`, "1360-400"},
		{`[{"op":"replace","path":"/state","value":"disabled"}]`, "1365-400"},
		{`[{"op":"replace","path":"/flowSpec/id","value":"x"}]`, "1365-400"},
		{`[{"op":"remove","path":"/transformations/0"}]`, "1367-400"},
		{`[{"op":"replace","path":"/transformations/1/params/mappingVersion","value":"x"}]`, "1412-400"},
		{`[{"op":"add","path":"/unknown","value":1}]`, "1455-400"},
		{`[{"op":"replace","path":"/labels/5","value":"x"}]`, "1455-400"},
	} {
		before := w.snapshot(t)
		flowError(t, w.do(t, patch(fs+"/flows/"+p.flow, etag, tt.body)), tt.code)
		assert.Equal(t, before, w.snapshot(t), tt.body)
	}
	// A start time that has passed may stay as it is.
	w.clk.Advance(3 * time.Hour)
	rec = w.do(t, patch(fs+"/flows/"+p.flow, etag, `{"op":"replace","path":"/description","value":"later"}`))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
}
