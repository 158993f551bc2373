package flowservice_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// TestDatasets: Catalog's create and look-up (reference §5).
func TestDatasets(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	id := w.dataset(t, "prod")
	assert.Regexp(t, `^[0-9a-f]{24}$`, id)
	rec := w.do(t, get(catalog+"/dataSets/"+id))
	require.Equal(t, http.StatusOK, rec.Code)
	body := decode(t, rec)
	require.Contains(t, body, id)
	d := body[id].(map[string]any)
	assert.Equal(t, "Zoho Leads", d["name"])
	assert.Equal(t, org, d["imsOrg"])
	assert.Equal(t, prodID, d["sandboxId"])
	assert.Equal(t, "@/dataSetFiles?dataSetId="+id, d["files"])
	assert.Equal(t, schemaID, d["schemaRef"].(map[string]any)["id"])
	assert.Equal(t, jsonInt(t0.UnixMilli()), d["created"])
	assert.Equal(t, map[string]any{}, d["tags"])

	rec = w.do(t, get(catalog+"/dataSets/"+id+"?properties=name,files"))
	assert.JSONEq(t, `{"`+id+`":{"name":"Zoho Leads","files":"@/dataSetFiles?dataSetId=`+id+`"}}`, rec.Body.String())

	rec = w.do(t, get(catalog+"/dataSets/5c8c3c555033b814b69f947f"))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "https://ns.adobe.com/aep/errors/CAT-1101-404", decode(t, rec)["type"])
	created, _ := w.svc.Dataset(tenantProd, id)
	assert.Equal(t, schemaID, created.SchemaID)

	for _, body := range []string{`{"name":5}`, `{"schemaRef":"x"}`, `[]`, `{`} {
		rec := w.do(t, post(catalog+"/dataSets", body).badReq())
		assert.Equal(t, http.StatusBadRequest, rec.Code, body)
		assert.Equal(t, "https://ns.adobe.com/aep/errors/CAT-1000-400", decode(t, rec)["type"], body)
	}
	rec = w.do(t, post(catalog+"/dataSets", "").badReq())
	assert.Equal(t, "https://ns.adobe.com/aep/errors/CAT-1000-400", decode(t, rec)["type"])
	rec = w.do(t, post(catalog+"/dataSets?requestDataSource=true", `{"name":"x"}`))
	assert.Equal(t, http.StatusCreated, rec.Code)
}

// TestDatasetRows: the engine appends rows, tests read them back, the
// oldest go past the bound.
func TestDatasetRows(t *testing.T) {
	w := newWorld(t, flowservice.Config{MaxRowsPerDataset: 3})
	id := w.dataset(t, "prod")
	require.NoError(t, w.svc.AppendRows(tenantProd, id, []map[string]any{
		{"person": map[string]any{"name": map[string]any{"firstName": "Christopher"}}, "n": 1},
		{"when": time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), "n": 2},
	}))
	rows, err := w.svc.Rows(tenantProd, id)
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, "Christopher", rows[0]["person"].(map[string]any)["name"].(map[string]any)["firstName"])
	assert.Equal(t, "2026-01-02T03:04:05Z", rows[1]["when"], "rows are stored as JSON")
	rows[0]["n"] = "changed"
	again, _ := w.svc.Rows(tenantProd, id)
	assert.NotEqual(t, "changed", again[0]["n"], "copies out")

	for i := range 4 {
		require.NoError(t, w.svc.AppendRows(tenantProd, id, []map[string]any{{"n": 3 + i}}))
	}
	rows, _ = w.svc.Rows(tenantProd, id)
	require.Len(t, rows, 3)
	assert.Equal(t, []any{jsonInt(4), jsonInt(5), jsonInt(6)}, []any{rows[0]["n"], rows[1]["n"], rows[2]["n"]})
	d, ok := w.svc.Dataset(tenantProd, id)
	require.True(t, ok)
	assert.Equal(t, 3, d.Rows)
	assert.Equal(t, int64(6), d.Appended)
	assert.Equal(t, int64(3), d.Dropped)

	assert.ErrorIs(t, w.svc.AppendRows(tenantProd, "5c8c3c555033b814b69f947f", nil), flowservice.ErrUnknown)
	assert.ErrorIs(t, w.svc.AppendRows(flowservice.Tenant{Org: org, Sandbox: "dev"}, id, nil), flowservice.ErrUnknown)
	assert.Error(t, w.svc.AppendRows(tenantProd, id, []map[string]any{{"bad": func() {}}}))
	_, err = w.svc.Rows(tenantProd, "nope")
	assert.ErrorIs(t, err, flowservice.ErrUnknown)

	made, err := w.svc.CreateDataset(flowservice.Tenant{Org: org, Sandbox: "dev"}, devID, map[string]any{"name": "Go API dataset"})
	require.NoError(t, err)
	rec := w.do(t, get(catalog+"/dataSets/"+made).in("dev"))
	assert.Equal(t, "Go API dataset", decode(t, rec)[made].(map[string]any)["name"])
}

// TestMappingSets: Data Prep's create and look-up, dates in epoch ms.
func TestMappingSets(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	id := w.mapping(t, "prod")
	rec := w.do(t, get(prep+"/mappingSets/"+id))
	require.Equal(t, http.StatusOK, rec.Code)
	m := decode(t, rec)
	assert.Equal(t, id, m["id"])
	assert.Equal(t, jsonInt(0), m["version"])
	assert.Equal(t, jsonInt(t0.UnixMilli()), m["createdDate"])
	assert.Equal(t, user, m["createdBy"])
	assert.Len(t, m["mappings"], 1)
	ms, ok := w.svc.MappingSet(tenantProd, id)
	require.True(t, ok)
	assert.Equal(t, schemaID, ms.Doc["xdmSchema"])

	rec = w.do(t, get(prep+"/mappingSets/500a9b747fcf4908a21917d49bd61780"))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "https://ns.adobe.com/aep/errors/DPR-1101-404", decode(t, rec)["type"])
	rec = w.do(t, post(prep+"/mappingSets", `{"mappings":"none"}`).badReq())
	assert.Equal(t, "https://ns.adobe.com/aep/errors/DPR-1000-400", decode(t, rec)["type"])

	w201 := newWorld(t, flowservice.Config{MappingSetStatus: http.StatusCreated})
	rec = w201.do(t, post(prep+"/mappingSets", `{"xdmSchema":"x","mappings":[]}`))
	assert.Equal(t, http.StatusCreated, rec.Code)
}

// TestTargetConnectionRefusals: the data lake and an existing dataset.
func TestTargetConnectionRefusals(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	ds := w.dataset(t, "prod")
	devDS := w.dataset(t, "dev")
	tests := []struct {
		name, body, code string
		bad              bool
	}{
		{"another spec", `{"name":"t","params":{"dataSetId":"` + ds + `"},"connectionSpec":{"id":"` + flowservice.SpecZohoCRM + `"}}`, "1307-400", false},
		{"no spec", `{"name":"t","params":{"dataSetId":"` + ds + `"}}`, "1304-400", true},
		{"no dataset", `{"name":"t","params":{},"connectionSpec":{"id":"` + flowservice.SpecDataLake + `"}}`, "1325-400", false},
		{"unknown dataset", targetBody("5c8c3c555033b814b69f947f"), "1312-400", false},
		{"another sandbox's dataset", targetBody(devDS), "1312-400", false},
		{"unknown base connection", `{"name":"t","baseConnectionId":"00000000-0000-4000-8000-000000000000","params":{"dataSetId":"` + ds + `"},"connectionSpec":{"id":"` + flowservice.SpecDataLake + `"}}`, "1102-404", false},
		{"no name", `{"params":{"dataSetId":"` + ds + `"},"connectionSpec":{"id":"` + flowservice.SpecDataLake + `"}}`, "1304-400", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.snapshot(t)
			r := post(fs+"/targetConnections", tt.body)
			if tt.bad {
				r = r.badReq()
			}
			flowError(t, w.do(t, r), tt.code)
			assert.Equal(t, before, w.snapshot(t))
		})
	}
	m := flowError(t, w.do(t, post(fs+"/targetConnections", targetBody("5c8c3c555033b814b69f947f"))), "1312-400")
	assert.Equal(t, "The provided param value 5c8c3c555033b814b69f947f is not a valid input for property=dataSetId. Please provide a valid param value and try again.", m["errorMessage"])
}

// TestSourceConnectionRefusals: a tabular source on an existing base.
func TestSourceConnectionRefusals(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	base, _ := created(t, w.do(t, post(fs+"/connections", zohoConnection("z"))))
	sf := `{"name":"E2E_SF","auth":{"specName":"Basic Authentication","params":{"securityToken":"tok","password":"pw","username":"u"}},"connectionSpec":{"id":"cfc0fee1-7dc0-40ef-b73e-d8b134c436f5"}}`
	sfBase, _ := created(t, w.do(t, post(fs+"/connections", sf)))
	body := func(baseID, format, params, spec string) string {
		return fmt.Sprintf(`{"name":"s","baseConnectionId":%q,"data":{"format":%q},"params":%s,"connectionSpec":{"id":%q}}`, baseID, format, params, spec)
	}
	tests := []struct {
		name, body, code string
		bad              bool
	}{
		{"unknown base", body("00000000-0000-4000-8000-000000000000", "tabular", `{"tableName":"Leads"}`, flowservice.SpecZohoCRM), "1102-404", false},
		{"no base", `{"name":"s","data":{"format":"tabular"},"params":{"tableName":"Leads"},"connectionSpec":{"id":"` + flowservice.SpecZohoCRM + `"}}`, "1304-400", false},
		{"base of another spec", body(sfBase, "tabular", `{"tableName":"Leads"}`, flowservice.SpecZohoCRM), "1413-400", false},
		{"a target spec", body(base, "tabular", `{"tableName":"Leads"}`, flowservice.SpecDataLake), "1413-400", false},
		{"a file format", body(base, "parquet", `{"tableName":"Leads"}`, flowservice.SpecZohoCRM), "1327-400", false},
		{"no table", body(base, "tabular", `{"columns":[]}`, flowservice.SpecZohoCRM), "1323-400", false},
		{"no params", `{"name":"s","baseConnectionId":"` + base + `","data":{"format":"tabular"},"connectionSpec":{"id":"` + flowservice.SpecZohoCRM + `"}}`, "1323-400", false},
		{"no data", `{"name":"s","baseConnectionId":"` + base + `","params":{"tableName":"Leads"},"connectionSpec":{"id":"` + flowservice.SpecZohoCRM + `"}}`, "1304-400", true},
		{"columns not objects", body(base, "tabular", `{"tableName":"Leads","columns":["a"]}`, flowservice.SpecZohoCRM), "1014-400", true},
		{"unnamed column", body(base, "tabular", `{"tableName":"Leads","columns":[{"type":"string"}]}`, flowservice.SpecZohoCRM), "1304-400", true},
		{"another sandbox's base", body(base, "tabular", `{"tableName":"Leads"}`, flowservice.SpecZohoCRM), "1102-404", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.snapshot(t)
			r := post(fs+"/sourceConnections", tt.body)
			if tt.name == "another sandbox's base" {
				r = r.in("dev")
			}
			if tt.bad {
				r = r.badReq()
			}
			flowError(t, w.do(t, r), tt.code)
			assert.Equal(t, before, w.snapshot(t))
		})
	}
	// The real GET shape: data with schema and properties, columns, inheritance.
	id, _ := created(t, w.do(t, post(fs+"/sourceConnections", body(base, "tabular", `{"tableName":"Activity"}`, flowservice.SpecZohoCRM))))
	got := item(t, w.do(t, get(fs+"/sourceConnections/"+id)))
	assert.Equal(t, map[string]any{"format": "tabular", "schema": nil, "properties": nil}, got["data"])
	assert.Equal(t, map[string]any{"columns": []any{}, "tableName": "Activity"}, got["params"])
	assert.Equal(t, base, got["inheritedAttributes"].(map[string]any)["baseConnection"].(map[string]any)["id"])
}
