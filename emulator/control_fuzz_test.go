package emulator_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

// controlOps are the control API's operations that read a body or a query.
var controlOps = []struct {
	method, path string
	query        bool // the input is the query string, not the body
}{
	{method: http.MethodPost, path: "/_emulator/faults"},
	{method: http.MethodPost, path: "/_emulator/clock/set"},
	{method: http.MethodPost, path: "/_emulator/clock/advance"},
	{method: http.MethodPost, path: "/_emulator/reset"},
	{method: http.MethodPost, path: "/_emulator/zoho/orgs"},
	{method: http.MethodPut, path: "/_emulator/zoho/orgs/" + emulator.DemoOrgID},
	{method: http.MethodPost, path: "/_emulator/zoho/orgs/" + emulator.DemoOrgID + "/users"},
	{method: http.MethodPost, path: "/_emulator/zoho/clients"},
	{method: http.MethodPut, path: "/_emulator/zoho/clients/" + emulator.DemoServerClientID},
	{method: http.MethodPost, path: "/_emulator/zoho/clients/" + emulator.DemoSelfClientID + "/codes"},
	{method: http.MethodPut, path: "/_emulator/zoho/consent"},
	{method: http.MethodPost, path: "/_emulator/zoho/tokens/revoke"},
	{method: http.MethodPut, path: "/_emulator/state"},
	{method: http.MethodGet, path: "/_emulator/journal", query: true},
	{method: http.MethodGet, path: "/_emulator/zoho/tokens", query: true},
	{method: http.MethodGet, path: "/_emulator/aep/runs", query: true},
	{method: http.MethodGet, path: "/_emulator/aep/datasets/5f0a1b2c3d4e5f6a7b8c9d0e/rows", query: true},
	{method: http.MethodPost, path: "/_emulator/tenants"},
	{method: http.MethodPut, path: "/_emulator/crm/orgs/" + emulator.DemoOrgID + "/credits"},
}

// FuzzControlAPI sends fuzzed bodies and query strings to the control
// API's operations, through the whole front door with validation on. Every
// answer must be the control API's own envelope and a status its contract
// declares, never a 5xx; a refused call must leave the state exactly as it
// was (compared by export, the clock frozen).
func FuzzControlAPI(f *testing.F) {
	state, err := json.Marshal(emulator.Demo())
	require.NoError(f, err)
	seeds := map[int][]string{
		0:  {`{"match":{"service":"zoho-accounts","operation":"token"},"action":{"error":"invalid_code"},"limit":{"times":1}}`, `{"action":{"status":600}}`, `{"action":{"delay":"x"}}`},
		1:  {`{"time":"2030-01-01T00:00:00Z"}`, `{"time":"tomorrow"}`, `{}`},
		2:  {`{"by":"90s"}`, `{"by":"-5m"}`, `{"by":"9999999999h"}`, `{"by":5}`},
		3:  {`{"tenant":"810000001"}`, `{"tenant":"nobody"}`, `{"tenant":1}`, ``},
		4:  {`{"id":"777","name":"X","dc":"eu"}`, `{"dc":"mars"}`, `[]`},
		5:  {`{"name":"Zylker","dc":"us","time_zone":"Nowhere/Else"}`, `{"id":"other"}`},
		6:  {`{"email":"new@zylker.test","password":"x"}`, `{"email":"admin@zylker.test"}`, `{"email":""}`},
		7:  {`{"name":"c","type":"server_based","org_id":"810000001","redirect_uris":["http://127.0.0.1/cb"]}`, `{"type":"robot"}`, `{"redirect_uris":["::"]}`},
		8:  {`{"redirect_uris":["javascript:alert(1)"]}`, `{"type":"self_client"}`},
		9:  {`{"user":"admin@zylker.test","scopes":["ZohoCRM.modules.ALL"],"minutes":3}`, `{"user":"admin@zylker.test","scopes":[],"minutes":4}`, `{"scopes":"x"}`},
		10: {`{"mode":"approve","user":"admin@zylker.test"}`, `{"mode":"maybe"}`, `{"client_id":"x","mode":"deny"}`},
		11: {`{"token":"1000.nope"}`, `{"id":"sha256:0000000000000000"}`, `{}`},
		12: {string(state), `{"version":99,"zoho":{}}`, `{"version":1,"zoho":{"orgs":[{"org":{"id":""}}]}}`, `{"version":1}`, `{"zoho":{},"faults":[{"action":{}}]}`},
		13: {`limit=5&service=zoho-crm`, `limit=0`, `since=yesterday`, `after=-1`, `violations=maybe`, `limit=99999999999999999999`},
		14: {`client_id=1000.DEMOSELFCLIENT0000000000000000`, `kind=refresh&zuid=1`, `kind=nope`},
		15: {`org=ZOHOAEPDEMO0000000000000@AdobeOrg&sandbox=prod`, `limit=0`, `flow=%zz`},
		16: {`org=ZOHOAEPDEMO0000000000000@AdobeOrg&sandbox=prod&limit=1&offset=-1`, ``},
		17: {``, `{"name":"t","dc":"eu","leads":5,"seed":9}`, `{"dc":"mars"}`, `{"leads":-2}`, `{"leads":99999999999}`,
			`{"redirect_uris":["::"]}`, `{"seed":-1}`, `{"name":""}`, `{"redirect_uris":[]}`},
		18: {`{"remaining":1}`, `{"remaining":0}`, `{"remaining":-1}`, `{"remaining":99999999999}`, `{}`, `{"remaining":1.5}`},
	}
	for op, inputs := range seeds {
		for _, in := range inputs {
			f.Add(uint8(op), in)
		}
	}
	clock := emulator.NewClock(nil)
	clock.Freeze()
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo(), Clock: clock, JournalSize: 16})
	require.NoError(f, err)
	f.Cleanup(func() { _ = e.Close() })
	h := e.Handler()

	f.Fuzz(func(t *testing.T, op uint8, input string) {
		o := controlOps[int(op)%len(controlOps)]
		target, body := o.path, input
		if o.query {
			target, body = o.path+"?"+input, ""
		}
		req := httptest.NewRequest(o.method, "http://127.0.0.1:9595/", strings.NewReader(body))
		req.URL.Path, req.URL.RawQuery, _ = strings.Cut(target, "?")
		req.RequestURI = target
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		before := stateWithoutClock(t, e)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)

		require.Less(t, w.Code, 500, "%s %s %q: %d %s", o.method, o.path, input, w.Code, w.Body)
		entries := e.Journal().Query(journal.Filter{Limit: 1})
		require.Len(t, entries, 1)
		if v := entries[0].Verdict; v != nil {
			assert.Empty(t, v.On(contracts.Response), "%s %s %q: %d %s", o.method, o.path, input, w.Code, w.Body)
		}
		if w.Code >= 400 {
			var env struct {
				Error   string `json:"error"`
				Message string `json:"message"`
			}
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &env), "%s", w.Body)
			assert.NotEmpty(t, env.Error, "%s", w.Body)
			after := stateWithoutClock(t, e)
			for k := range before {
				assert.True(t, bytes.Equal(before[k], after[k]), "a refused %s %s %q changed the state's %s", o.method, o.path, input, k)
			}
			assert.Len(t, after, len(before))
		}
	})
}

// stateWithoutClock is the export's parts but the clock (valid calls may
// move or reset the clock; refused ones must not change anything else).
func stateWithoutClock(t *testing.T, e *emulator.Emulator) map[string]json.RawMessage {
	t.Helper()
	st := e.Export()
	st.Clock = nil
	b, err := json.Marshal(st)
	require.NoError(t, err)
	var parts map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &parts))
	return parts
}
