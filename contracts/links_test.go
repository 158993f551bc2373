package contracts

import (
	"encoding/json"
	"net/http"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEvaluate(t *testing.T) {
	a := answer{
		status: 201,
		header: http.Header{"Location": {"/connections/c1"}},
		body:   []byte(`{"id":"c1","etag":"\"7f\"","data":[{"details":{"id":"58"}},{"n":42.5,"ok":true}],"a/b":{"m~n":"x"},"nil":null,"obj":{}}`),
	}
	cases := []struct {
		expr, want string
		ok         bool
	}{
		{"constant", "constant", true},
		{"$statusCode", "201", true},
		{"$response.header.Location", "/connections/c1", true},
		{"$response.header.location", "/connections/c1", true},
		{"$response.header.ETag", "", false},
		{"$response.body#/id", "c1", true},
		{`$response.body#/etag`, `"7f"`, true},
		{"$response.body#/data/0/details/id", "58", true},
		{"$response.body#/data/1/n", "42.5", true},
		{"$response.body#/data/1/ok", "true", true},
		{"$response.body#/a~1b/m~0n", "x", true},
		{"$response.body#/data/2", "", false},
		{"$response.body#/data/01", "", false},
		{"$response.body#/data/-1", "", false},
		{"$response.body#/missing", "", false},
		{"$response.body#/nil", "", false},
		{"$response.body#/obj", "", false},
		{"$response.body#id", "", false},
		{"$request.path.id", "", false},
	}
	for _, c := range cases {
		got, ok := evaluate(c.expr, a)
		assert.Equal(t, c.ok, ok, c.expr)
		assert.Equal(t, c.want, got, c.expr)
	}
	_, ok := evaluate("$response.body#/id", answer{body: []byte("not json")})
	assert.False(t, ok)
}

func TestSetPointer(t *testing.T) {
	cases := []struct{ doc, ptr, want string }{
		{`{"name":"n"}`, "/baseConnectionId", `{"baseConnectionId":"v","name":"n"}`},
		{`{"data":[{"id":"old","x":1}]}`, "/data/0/id", `{"data":[{"id":"v","x":1}]}`},
		{`{}`, "/params/dataSetId", `{"params":{"dataSetId":"v"}}`},
		{`{"a~b":{}}`, "/a~0b/c~1d", `{"a~b":{"c/d":"v"}}`},
		{`{"data":[]}`, "/data/0/id", `{"data":[]}`},    // no element to change
		{`{"name":"n"}`, "/name/inner", `{"name":"n"}`}, // through a string
		{`[1]`, "/0", `["v"]`},         // a root array
		{`not json`, "/a", `not json`}, // left alone
		{`{"a":1}`, "a", `{"a":1}`},    // not a pointer
	}
	for _, c := range cases {
		assert.JSONEq(t, jsonOrString(c.want), jsonOrString(string(setPointer([]byte(c.doc), c.ptr, "v"))), c.doc+" "+c.ptr)
	}
}

// jsonOrString makes a non-JSON expectation comparable with JSONEq.
func jsonOrString(s string) string {
	if json.Valid([]byte(s)) {
		return s
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// TestLinkedOrder: a resource's life runs in one piece, after the reads
// and in the writes' place, deletes deepest first; a reset that comes
// later in the contract cannot run in between.
func TestLinkedOrder(t *testing.T) {
	set := func(method string) CaseSet { return CaseSet{Method: method, Valid: &Case{}} }
	sets := []CaseSet{
		0: set(http.MethodGet),      // listThings
		1: set(http.MethodPost),     // createThing
		2: set(http.MethodPost),     // reset
		3: set(http.MethodGet),      // getThing      <- 1
		4: set(http.MethodDelete),   // deleteThing   <- 1
		5: set(http.MethodPost),     // createPart    <- 1
		6: set(http.MethodDelete),   // deletePart    <- 5
		7: {Method: http.MethodGet}, // no valid request: left out
		8: set(http.MethodGet),      // getOther     <- 7 (never ran)
	}
	ls := []link{{from: 1, to: 3}, {from: 1, to: 4}, {from: 1, to: 5}, {from: 5, to: 6}, {from: 7, to: 8}}
	assert.Equal(t, []int{0, 8, 1, 3, 5, 6, 4, 2}, linkedOrder(sets, ls))

	// A cycle still runs everything once.
	cyc := []CaseSet{set(http.MethodPost), set(http.MethodPut)}
	assert.ElementsMatch(t, []int{0, 1}, linkedOrder(cyc, []link{{from: 0, to: 1}, {from: 1, to: 0}}))
}

// TestLinksOfTheContracts: every link in the embedded contracts names an
// operation of its contract, and the ones verification relies on are there.
func TestLinksOfTheContracts(t *testing.T) {
	found := map[string]bool{}
	for _, name := range DefaultOrder {
		c, err := Load(name)
		require.NoError(t, err)
		ops := c.operations()
		for _, l := range links(ops) {
			found[name+"/"+ops[l.from].op.OperationID+">"+ops[l.to].op.OperationID] = true
			assert.NotEmpty(t, l.params, "%s: a link without values", name)
		}
	}
	for _, want := range []string{
		"flow-service/createConnection>getConnection",
		"flow-service/createConnection>createSourceConnection",
		"zoho-crm/createRecords>deleteRecords",
		"emulator-admin/createOrg>registerClient",
		"emulator-admin/addFault>removeFault",
	} {
		assert.True(t, found[want], want)
	}
}

func TestWithValues(t *testing.T) {
	c, err := Load("flow-service")
	require.NoError(t, err)
	var update specOp
	for _, op := range c.operations() {
		if op.op.OperationID == "updateConnection" {
			update = op
		}
	}
	require.NotNil(t, update.op)
	k := Case{Params: map[string]string{"connectionId": "generated"}, RawQuery: "a=1", Header: http.Header{"If-Match": {"x"}}, Body: []byte(`{"name":"n"}`)}
	got := update.withValues(k, map[string]string{"connectionId": "c1", "header.If-Match": `"7f"`, "query.b": "2", bodyKey + "/id": "c1"})
	assert.Equal(t, "c1", got.Params["connectionId"])
	assert.Equal(t, `"7f"`, got.Header.Get("If-Match"))
	assert.Equal(t, "a=1&b=2", got.RawQuery)
	assert.JSONEq(t, `{"id":"c1","name":"n"}`, string(got.Body))
	assert.Equal(t, "generated", k.Params["connectionId"], "the case given is not changed")
	assert.Equal(t, "x", k.Header.Get("If-Match"))
}

// FuzzLinkValues: reading and writing JSON pointers never panics, and a
// value written reads back at the same pointer.
func FuzzLinkValues(f *testing.F) {
	f.Add([]byte(`{"id":"c1","data":[{"details":{"id":"58"}}]}`), "/data/0/details/id", "v")
	f.Add([]byte(`{"a~b":{"c/d":1}}`), "/a~0b/c~1d", "x")
	f.Add([]byte(`[1,2]`), "/1", "")
	f.Add([]byte(`nope`), "", "v")
	f.Fuzz(func(t *testing.T, doc []byte, ptr, v string) {
		_, _ = evaluate("$response.body#"+ptr, answer{body: doc})
		out := setPointer(doc, ptr, v)
		if string(out) == string(doc) {
			return
		}
		require.True(t, json.Valid(out), "%q", out)
		if !utf8.ValidString(ptr) || !utf8.ValidString(v) { // JSON spells broken UTF-8 as U+FFFD
			return
		}
		got, ok := pointer(out, ptr)
		require.True(t, ok, "%q at %q", out, ptr)
		require.Equal(t, v, got)
	})
}
