package flowservice_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// TestPatchConnection: JSON Patch as the tutorials and Adobe's OpenAPI
// send it, and every refusal (reference §3).
func TestPatchConnection(t *testing.T) {
	tests := []struct {
		name    string
		ifMatch func(etag string) string // nil sends no If-Match
		body    string
		slash   bool
		code    string // "" for success
		bad     bool
		check   func(t *testing.T, got map[string]any, conn flowservice.Connection)
	}{
		{name: "tutorial: array, lowercase ops, quoted etag", ifMatch: same,
			body: `[{"op":"replace","path":"/auth/params","value":{"endpoint":"crm.zoho.eu/crm/private","accountsUrl":"https://accounts.zoho.eu","clientId":"c2","clientSecret":"s2","accessToken":"a2","refreshToken":"r2"}},
			 {"op":"replace","path":"/name","value":"Test Zoho connection"},{"op":"add","path":"/description","value":"A test Zoho connection"}]`,
			check: func(t *testing.T, got map[string]any, conn flowservice.Connection) {
				assert.Equal(t, "Test Zoho connection", got["name"])
				assert.Equal(t, "A test Zoho connection", got["description"])
				assert.Equal(t, "s2", conn.Auth.Params["clientSecret"])
				assert.Equal(t, "https://accounts.zoho.eu", conn.Auth.Params["accountsUrl"])
			}},
		{name: "unquoted etag", ifMatch: unquoted, body: `[{"op":"replace","path":"/name","value":"n"}]`,
			check: func(t *testing.T, got map[string]any, _ flowservice.Connection) { assert.Equal(t, "n", got["name"]) }},
		{name: "OpenAPI: one instruction, uppercase op", ifMatch: same, body: `{"op":"REPLACE","path":"/name","value":"N"}`,
			check: func(t *testing.T, got map[string]any, _ flowservice.Connection) { assert.Equal(t, "N", got["name"]) }},
		{name: "mixed case op", ifMatch: same, body: `[{"op":"Add","path":"/description","value":"d"}]`},
		{name: "one secret", ifMatch: same, body: `[{"op":"replace","path":"/auth/params/accessToken","value":"1000.new"}]`,
			check: func(t *testing.T, got map[string]any, conn flowservice.Connection) {
				assert.Equal(t, "1000.new", conn.Auth.Params["accessToken"])
				assert.Equal(t, "********", got["auth"].(map[string]any)["params"].(map[string]any)["accessToken"])
			}},
		{name: "remove the description", ifMatch: same, body: `[{"op":"add","path":"/description","value":"d"},{"op":"remove","path":"/description"}]`,
			check: func(t *testing.T, got map[string]any, _ flowservice.Connection) {
				assert.NotContains(t, got, "description")
			}},
		{name: "trailing slash", ifMatch: same, slash: true, body: `[{"op":"replace","path":"/name","value":"s"}]`},
		{name: "weak etag", ifMatch: func(e string) string { return "W/" + e }, body: `[{"op":"replace","path":"/name","value":"w"}]`},

		{name: "no If-Match", body: `[{"op":"replace","path":"/name","value":"x"}]`, code: "1403-400", bad: true},
		{name: "stale etag", ifMatch: func(string) string { return `"00000000-0000-0200-0000-000000000000"` },
			body: `[{"op":"replace","path":"/name","value":"x"}]`, code: "1404-412"},
		{name: "empty body", ifMatch: same, body: "", code: "1405-400", bad: true},
		{name: "empty array", ifMatch: same, body: "[]", code: "1405-400", bad: true},
		{name: "malformed", ifMatch: same, body: `[{"op":`, code: "1000-400", bad: true},
		{name: "not instructions", ifMatch: same, body: `"replace"`, code: "1014-400", bad: true},
		{name: "instructions not objects", ifMatch: same, body: `[1,2]`, code: "1014-400", bad: true},
		{name: "connection spec", ifMatch: same, body: `[{"op":"replace","path":"/connectionSpec/id","value":"cfc0fee1-7dc0-40ef-b73e-d8b134c436f5"}]`, code: "1414-400"},
		{name: "unknown field", ifMatch: same, body: `[{"op":"add","path":"/keyWhichDoesNotExist","value":1}]`, code: "1455-400"},
		{name: "unknown param to replace", ifMatch: same, body: `[{"op":"replace","path":"/auth/params/keyWhichDoesNotExist","value":"x"}]`, code: "1455-400"},
		{name: "remove a missing path", ifMatch: same, body: `[{"op":"remove","path":"/auth/nothing/here"}]`, code: "1455-400"},
		{name: "read-only field", ifMatch: same, body: `[{"op":"replace","path":"/id","value":"x"}]`, code: "1365-400"},
		{name: "root path", ifMatch: same, body: `[{"op":"replace","path":"","value":{}}]`, code: "1365-400", bad: true},
		{name: "move", ifMatch: same, body: `[{"op":"move","from":"/name","path":"/description"}]`, code: "1434-400", bad: true},
		{name: "test", ifMatch: same, body: `[{"op":"test","path":"/name","value":"x"}]`, code: "1434-400", bad: true},
		{name: "no op", ifMatch: same, body: `[{"path":"/name","value":"x"}]`, code: "1455-400", bad: true},
		{name: "no path", ifMatch: same, body: `[{"op":"replace","value":"x"}]`, code: "1455-400", bad: true},
		{name: "no value", ifMatch: same, body: `[{"op":"replace","path":"/name"}]`, code: "1455-400"},
		{name: "op not a string", ifMatch: same, body: `[{"op":1,"path":"/name","value":"x"}]`, code: "1014-400", bad: true},
		{name: "name of the wrong type", ifMatch: same, body: `[{"op":"replace","path":"/name","value":5}]`, code: "1014-400"},
		{name: "no name left", ifMatch: same, body: `[{"op":"remove","path":"/name"}]`, code: "1304-400"},
		{name: "unknown auth spec", ifMatch: same, body: `[{"op":"replace","path":"/auth/specName","value":"OAuth2 Refresh Code"}]`, code: "1415-400"},
		{name: "params missing one", ifMatch: same, body: `[{"op":"remove","path":"/auth/params/refreshToken"}]`, code: "1304-400"},
		{name: "a later instruction fails", ifMatch: same, body: `[{"op":"replace","path":"/name","value":"x"},{"op":"replace","path":"/nope","value":1}]`, code: "1455-400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, flowservice.Config{})
			id, etag := created(t, w.do(t, post(fs+"/connections", zohoConnection("Zoho CRM base connection"))))
			path := fs + "/connections/" + id
			if tt.slash {
				path += "/"
			}
			r := req{method: http.MethodPatch, path: path, body: tt.body}
			if tt.ifMatch != nil {
				r = r.with("If-Match", tt.ifMatch(etag))
			}
			if tt.bad {
				r = r.badReq()
			}
			before := w.snapshot(t)
			rec := w.do(t, r)
			if tt.code != "" {
				flowError(t, rec, tt.code)
				assert.Equal(t, before, w.snapshot(t), "a refused PATCH changes nothing")
				return
			}
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			ans := decode(t, rec)
			assert.Equal(t, id, ans["id"])
			assert.Regexp(t, etagRE, ans["etag"])
			assert.NotEqual(t, etag, ans["etag"], "a change makes a new etag")
			got := item(t, w.do(t, get(fs+"/connections/"+id)))
			assert.Equal(t, ans["etag"], got["etag"])
			assert.Equal(t, ans["etag"], got["version"])
			conn, _ := w.svc.Connection(tenantProd, id)
			if tt.check != nil {
				tt.check(t, got, conn)
			}
			// The old etag is stale now.
			flowError(t, w.do(t, patch(fs+"/connections/"+id, etag, `[{"op":"replace","path":"/name","value":"z"}]`)), "1404-412")
		})
	}
}

func same(etag string) string     { return etag }
func unquoted(etag string) string { return strings.Trim(etag, `"`) }

// TestStaleMessage: 1404-412 names both versions, unquoted.
func TestStaleMessage(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	id, etag := created(t, w.do(t, post(fs+"/connections", zohoConnection("x"))))
	m := flowError(t, w.do(t, patch(fs+"/connections/"+id, "v1", `[{"op":"replace","path":"/name","value":"z"}]`)), "1404-412")
	assert.Equal(t, "The supplied version 'v1' does not match the current version on entity '"+strings.Trim(etag, `"`)+
		"'. Please ensure that the supplied version matches the current version on entity and try again.", m["errorMessage"])
	assert.Equal(t, "Version not matching", m["title"])
	flowError(t, w.do(t, patch(fs+"/connections/00000000-0000-4000-8000-000000000000", etag, `[{"op":"replace","path":"/name","value":"z"}]`)), "1439-404")
}

// TestPatchSourceAndTarget: their PATCH answers {"id","etag"}.
func TestPatchSourceAndTarget(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	src := item(t, w.do(t, get(fs+"/sourceConnections/"+p.source)))
	rec := w.do(t, patch(fs+"/sourceConnections/"+p.source, src["etag"].(string), `[{"op":"replace","path":"/params/tableName","value":"Contacts"},{"op":"replace","path":"/name","value":"renamed"}]`))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, p.source, decode(t, rec)["id"])
	got := item(t, w.do(t, get(fs+"/sourceConnections/"+p.source)))
	assert.Equal(t, "Contacts", got["params"].(map[string]any)["tableName"])
	flowError(t, w.do(t, patch(fs+"/sourceConnections/"+p.source, got["etag"].(string), `[{"op":"replace","path":"/baseConnectionId","value":"x"}]`)), "1365-400")
	flowError(t, w.do(t, patch(fs+"/sourceConnections/"+p.source, got["etag"].(string), `[{"op":"replace","path":"/data/format","value":"parquet"}]`)), "1327-400")
	flowError(t, w.do(t, patch(fs+"/sourceConnections/"+p.source, got["etag"].(string), `[{"op":"remove","path":"/params/tableName"}]`)), "1323-400")

	tgt := item(t, w.do(t, get(fs+"/targetConnections/"+p.target)))
	flowError(t, w.do(t, patch(fs+"/targetConnections/"+p.target, tgt["etag"].(string), `[{"op":"replace","path":"/params/dataSetId","value":"5c8c3c555033b814b69f947f"}]`)), "1312-400")
	flowError(t, w.do(t, patch(fs+"/targetConnections/"+p.target, tgt["etag"].(string), `[{"op":"replace","path":"/connectionSpec/id","value":"x"}]`)), "1414-400")
	other := w.dataset(t, "prod")
	rec = w.do(t, patch(fs+"/targetConnections/"+p.target, tgt["etag"].(string), `{"op":"replace","path":"/params/dataSetId","value":"`+other+`"}`))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, other, item(t, w.do(t, get(fs+"/targetConnections/"+p.target)))["params"].(map[string]any)["dataSetId"])
}

// FuzzParsePatch: any body either parses into add/replace/remove
// instructions with a path, or is refused with a Flow Service error; it
// never panics.
func FuzzParsePatch(f *testing.F) {
	for _, s := range []string{
		`[{"op":"replace","path":"/name","value":"x"}]`, `{"op":"ADD","path":"/description","value":{"a":1}}`,
		`[{"op":"move","from":"/a","path":"/b"}]`, `[]`, `null`, `[{"op":"remove","path":"/a/~1b/~0c"}]`, `{"op":5}`, `[[]]`, `"x"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ops, err := flowservice.ParsePatch(body)
		if err != nil {
			var fe *flowservice.Error
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "FLOW", fe.Prefix)
			return
		}
		require.NotEmpty(t, ops)
		for _, op := range ops {
			assert.Contains(t, []string{"add", "replace", "remove"}, op.Op)
			assert.True(t, strings.HasPrefix(op.Path, "/"))
		}
	})
}

// FuzzPatchConnection: any PATCH body gets 200 or a Flow Service error,
// never a 500, and a refusal changes nothing.
func FuzzPatchConnection(f *testing.F) {
	for _, s := range []string{
		`[{"op":"replace","path":"/name","value":"x"}]`, `[{"op":"add","path":"/auth/params/extra","value":[1,2]}]`,
		`[{"op":"replace","path":"/auth","value":null}]`, `[{"op":"remove","path":"/auth/params"}]`,
		`{"op":"replace","path":"/state","value":"initializing"}`, `[{"op":"add","path":"/auth/params/clientId","value":{"x":1}}]`,
		`[{"op":"replace","path":"/connectionSpec","value":{}}]`, `[{"op":"add","path":"/name/0","value":"x"}]`,
	} {
		f.Add(s)
	}
	w := newWorld(f, flowservice.Config{})
	id, _ := created(f, w.do(f, post(fs+"/connections", zohoConnection("fuzzed"))))
	f.Fuzz(func(t *testing.T, body string) {
		conn, ok := w.svc.Connection(tenantProd, id)
		require.True(t, ok)
		before := w.snapshot(t)
		rec, violations := w.judge(patch(fs+"/connections/"+id, conn.Etag, body))
		require.Empty(t, violations, "%s", rec.Body.String())
		require.NotEqual(t, http.StatusInternalServerError, rec.Code, rec.Body.String())
		if rec.Code != http.StatusOK {
			assert.Equal(t, before, w.snapshot(t))
		}
	})
}
