package flowservice_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// TestExportImport: an export imported into a fresh service (through
// JSON, as the control API carries it) serves the same world.
func TestExportImport(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	w.build(t, "dev")
	_, err := w.svc.AddRun(tenantProd, successRun(p.flow, t0))
	require.NoError(t, err)
	require.NoError(t, w.svc.AppendRows(tenantProd, p.dataset, []map[string]any{{"n": 1}, {"n": 2}}))

	data, err := json.Marshal(w.svc.Export())
	require.NoError(t, err)
	var doc flowservice.State
	require.NoError(t, json.Unmarshal(data, &doc))
	fresh := newWorld(t, flowservice.Config{})
	require.NoError(t, fresh.svc.Import(doc))
	assert.Equal(t, w.snapshot(t), fresh.snapshot(t))

	for _, path := range []string{"/connections/" + p.base, "/sourceConnections/" + p.source, "/targetConnections/" + p.target, "/flows/" + p.flow} {
		assert.Equal(t, item(t, w.do(t, get(fs+path))), item(t, fresh.do(t, get(fs+path))), path)
	}
	assert.Equal(t, w.do(t, get(fs+"/runs")).Body.String(), fresh.do(t, get(fs+"/runs")).Body.String())
	rows, err := fresh.svc.Rows(tenantProd, p.dataset)
	require.NoError(t, err)
	assert.Len(t, rows, 2)
	// The imported etag still guards PATCH.
	rec := fresh.do(t, patch(fs+"/connections/"+p.base, p.baseEtag, `[{"op":"replace","path":"/name","value":"x"}]`))
	assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
}

// TestSeedAndReset: Reset returns to the seed, for everything or one org,
// and leaves the other orgs as they are.
func TestSeedAndReset(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	seed := w.svc.Export()
	require.NoError(t, w.svc.Seed(seed))
	seeded := w.snapshot(t)

	// Changes in both orgs.
	require.Equal(t, http.StatusNoContent, w.do(t, del(fs+"/flows/"+p.flow)).Code)
	w.build(t, "dev")
	other := post(fs+"/connections", zohoConnection("other org")).as(tokOther).with("x-api-key", otherKey).with("x-gw-ims-org-id", otherOrg)
	otherID, _ := created(t, w.do(t, other))

	require.NoError(t, w.svc.Reset(org))
	assert.Equal(t, p.flow, item(t, w.do(t, get(fs+"/flows/"+p.flow)))["id"], "the org is back to its seed")
	assert.Empty(t, items(t, w.do(t, get(fs+"/connections").in("dev"))), "its sandboxes that the seed lacks are gone")
	otherGet := get(fs+"/connections/"+otherID).as(tokOther).with("x-api-key", otherKey).with("x-gw-ims-org-id", otherOrg)
	assert.Equal(t, otherID, item(t, w.do(t, otherGet))["id"], "other orgs keep their state")

	require.NoError(t, w.svc.Reset(""))
	assert.Equal(t, seeded, w.snapshot(t))
	require.NoError(t, w.svc.Reset("unknown@AdobeOrg"))
	assert.Equal(t, seeded, w.snapshot(t))

	require.NoError(t, w.svc.Seed(flowservice.State{}))
	assert.Equal(t, `{}`, w.snapshot(t))
}

// TestSeedDefaults: a hand-written seed may leave out what the service
// fills in.
func TestSeedDefaults(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	const (
		conn = "2484f2df-c057-4ab5-84f2-dfc0577ab592"
		src  = "9a603322-19d2-4de9-89c6-c98bd54eb184"
		tgt  = "4ee890c7-519c-4291-bd20-d64186b62da8"
		flow = "8256cfb4-17e6-432c-a469-6aedafb16cd5"
		run  = "9830305a-985f-47d0-b030-5a985fd7d004"
		ds   = "5c8c3c555033b814b69f947f"
	)
	doc := flowservice.State{Tenants: []flowservice.TenantState{{
		Tenant: tenantProd, SandboxID: prodID,
		Connections: []flowservice.Connection{{ID: conn, Name: "Zoho", ConnectionSpec: flowservice.SpecRef{ID: flowservice.SpecZohoCRM},
			Auth: flowservice.Auth{SpecName: flowservice.AuthBasic, Params: map[string]any{"clientId": "c", "refreshToken": "r"}}}},
		SourceConnections: []flowservice.SourceConnection{{ID: src, Name: "Leads", BaseConnectionID: conn, Params: map[string]any{"tableName": "Leads"}}},
		Datasets:          []flowservice.DatasetState{{ID: ds, Doc: map[string]any{"name": "Leads"}}},
		TargetConnections: []flowservice.TargetConnection{{ID: tgt, Name: "Lake", Params: map[string]any{"dataSetId": ds}}},
		Flows: []flowservice.Flow{{ID: flow, Name: "Zoho", FlowSpec: flowservice.SpecRef{ID: flowservice.FlowSpecCRMToAEP},
			SourceConnectionIDs: []string{src}, TargetConnectionIDs: []string{tgt},
			Transformations: []flowservice.Transformation{{Name: "Copy", Params: map[string]any{"deltaColumn": map[string]any{"name": "Modified_Time"}}}},
			ScheduleParams:  map[string]any{"startTime": 1, "frequency": "hour", "interval": 1}}},
		Runs: []flowservice.Run{{ID: run, FlowID: flow, Metrics: flowservice.RunMetrics{StatusSummary: flowservice.StatusSummary{Status: "success"}}}},
	}}}
	require.NoError(t, w.svc.Seed(doc))
	c := item(t, w.do(t, get(fs+"/connections/"+conn)))
	assert.Equal(t, "enabled", c["state"])
	assert.Regexp(t, etagRE, c["etag"])
	assert.Equal(t, "1.0", c["connectionSpec"].(map[string]any)["version"])
	f := item(t, w.do(t, get(fs+"/flows/"+flow)))
	assert.Equal(t, run, f["lastRunDetails"].(map[string]any)["id"])
	assert.Equal(t, map[string]any{"format": "tabular", "schema": nil, "properties": nil}, item(t, w.do(t, get(fs+"/sourceConnections/"+src)))["data"])
	item(t, w.do(t, get(fs+"/runs/"+run)))
	item(t, w.do(t, get(fs+"/targetConnections/"+tgt)))
}

// TestInvalidImport: a document that names what does not exist changes
// nothing.
func TestInvalidImport(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	w.build(t, "prod")
	good := w.svc.Export()
	before := w.snapshot(t)
	mutate := func(fn func(ts *flowservice.TenantState)) flowservice.State {
		data, _ := json.Marshal(good)
		var doc flowservice.State
		require.NoError(t, json.Unmarshal(data, &doc))
		fn(&doc.Tenants[0])
		return doc
	}
	tests := map[string]flowservice.State{
		"no org":               mutate(func(ts *flowservice.TenantState) { ts.Org = "" }),
		"two tenants the same": {Tenants: []flowservice.TenantState{good.Tenants[0], good.Tenants[0]}},
		"a bad id":             mutate(func(ts *flowservice.TenantState) { ts.Connections[0].ID = "not-a-uuid" }),
		"a bad etag":           mutate(func(ts *flowservice.TenantState) { ts.Connections[0].Etag = "v1" }),
		"an unknown spec":      mutate(func(ts *flowservice.TenantState) { ts.Connections[0].ConnectionSpec.ID = "x" }),
		"an unknown auth spec": mutate(func(ts *flowservice.TenantState) { ts.Connections[0].Auth.SpecName = "x" }),
		"a source without its base": mutate(func(ts *flowservice.TenantState) {
			ts.Connections = nil
		}),
		"a target without its dataset": mutate(func(ts *flowservice.TenantState) { ts.Datasets = nil }),
		"a flow without its source":    mutate(func(ts *flowservice.TenantState) { ts.SourceConnections = nil }),
		"a bad schedule":               mutate(func(ts *flowservice.TenantState) { ts.Flows[0].ScheduleParams["frequency"] = "often" }),
		"a run without its flow": mutate(func(ts *flowservice.TenantState) {
			ts.Runs = []flowservice.Run{{ID: "9830305a-985f-47d0-b030-5a985fd7d004", FlowID: "00000000-0000-4000-8000-000000000000"}}
		}),
		"a flow twice": mutate(func(ts *flowservice.TenantState) { ts.Flows = append(ts.Flows, ts.Flows[0]) }),
	}
	for name, doc := range tests {
		assert.Error(t, w.svc.Import(doc), name)
		assert.Error(t, w.svc.Seed(doc), name)
		assert.Equal(t, before, w.snapshot(t), name)
	}
	require.NoError(t, w.svc.Reset(""), "the seed was never replaced")
	assert.Equal(t, `{}`, w.snapshot(t))
}

// TestExportIsACopy: changing an export changes nothing.
func TestExportIsACopy(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	w.build(t, "prod")
	before := w.snapshot(t)
	doc := w.svc.Export()
	doc.Tenants[0].Connections[0].Auth.Params["clientSecret"] = "changed"
	doc.Tenants[0].Flows[0].ScheduleParams["interval"] = 99
	doc.Tenants[0].Flows[0].SourceConnectionIDs[0] = "x"
	assert.Equal(t, before, w.snapshot(t))
}
