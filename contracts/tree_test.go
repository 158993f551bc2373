package contracts

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/openapi"
)

// treeSeeds are every JSON example the contracts declare for an answer,
// compact, with the operation and status they belong to.
func treeSeeds(t testing.TB, ops []operation) (seeds []struct {
	op     int
	status int
	body   []byte
}) {
	for i, op := range ops {
		declared := op.route.Operation.Responses.Map()
		for _, code := range slices.Sorted(maps.Keys(declared)) {
			status, err := strconv.Atoi(code)
			ref := declared[code]
			if err != nil || ref.Value == nil {
				continue
			}
			media := ref.Value.Content.Get("application/json")
			if media == nil {
				continue
			}
			var values []any
			if media.Example != nil {
				values = append(values, media.Example)
			}
			for _, name := range slices.Sorted(maps.Keys(media.Examples)) {
				if ex := media.Examples[name]; ex.Value != nil {
					values = append(values, ex.Value.Value)
				}
			}
			for _, v := range values {
				b, err := json.Marshal(v)
				require.NoError(t, err)
				seeds = append(seeds, struct {
					op     int
					status int
					body   []byte
				}{i, status, b})
			}
		}
	}
	return seeds
}

var treeHeader = http.Header{"Content-Type": {"application/json;charset=UTF-8"}}

// FuzzTreeAgreesWithKin holds the tree walk to kin-openapi: whatever
// nested answer it calls valid, kin-openapi accepts.
func FuzzTreeAgreesWithKin(f *testing.F) {
	ops := allOperations(f)
	seeds := treeSeeds(f, ops)
	for _, s := range seeds {
		f.Add(uint16(s.op), uint16(s.status), s.body)
	}
	f.Fuzz(func(t *testing.T, opi, status uint16, body []byte) {
		op := ops[int(opi)%len(ops)]
		if !op.c.surelyValid(op.route, op.req.Method, int(status), treeHeader, body) {
			return
		}
		if err := kinVerdict(op, int(status), treeHeader, body); err != nil {
			t.Fatalf("%s %d %s: fast path says valid, kin-openapi: %v", op.id, status, body, err)
		}
	})
}

func TestTreeTakesRecordPages(t *testing.T) {
	var list operation
	for _, op := range allOperations(t) {
		if op.c.Name == openapi.ZohoCRM && op.id == "listRecords" {
			list = op
		}
	}
	require.NotNil(t, list.c)
	rec := `{"Company":"Zylker","Email":null,"Owner":{"name":"Patricia Boyle","id":"4918916000000319001","email":"p@zylker.com"},` +
		`"Created_Time":"2024-07-16T05:56:33-07:00","Tag":[],"$approval":{"approve":false},"id":"4918916000000329425","Annual_Revenue":850000.5,"Name":"caf\u00e9 \"x\""}`
	info := `{"call":false,"per_page":200,"next_page_token":"c8582","count":2,"sort_by":"id","page":3,"previous_page_token":null,"page_token_expiry":"2024-07-17T05:56:33-07:00","sort_order":"desc","email":false,"more_records":true}`
	page := func(data, info string) []byte { return []byte(`{"data":[` + data + `],"info":` + info + `}`) }
	ok := page(rec+","+rec, info)
	assert.True(t, list.c.surelyValid(list.route, http.MethodGet, 200, treeHeader, ok))
	require.NoError(t, kinVerdict(list, 200, treeHeader, ok))
	assert.True(t, list.c.surelyValid(list.route, http.MethodGet, 200, treeHeader, page(rec, `{"per_page":200,"count":1,"page":1,"more_records":false}`)))

	for name, bad := range map[string][]byte{
		"no id":          page(strings.Replace(rec, `"id":"4918916000000329425",`, "", 1), info),
		"bad id":         page(strings.Replace(rec, `"4918916000000329425"`, `"49x"`, 1), info),
		"owner no name":  page(strings.Replace(rec, `"name":"Patricia Boyle",`, "", 1), info),
		"bad time":       page(strings.Replace(rec, `2024-07-16T05:56:33-07:00`, `2024-07-16`, 1), info),
		"extra info key": page(rec, strings.Replace(info, `"call":false`, `"x":1`, 1)),
		"null sort":      page(rec, strings.Replace(info, `"sort_order":"desc"`, `"sort_order":null`, 1)),
		"empty data":     page("", info),
	} {
		assert.False(t, list.c.surelyValid(list.route, http.MethodGet, 200, treeHeader, bad), name)
		assert.Error(t, kinVerdict(list, 200, treeHeader, bad), name)
	}
	// kin-openapi accepts these (the last id wins; the decoder stops after
	// the first value), but the walk leaves them to it.
	for name, odd := range map[string][]byte{
		"repeated id":    page(strings.Replace(rec, `"Tag":[]`, `"id":"x","Tag":[]`, 1), info),
		"trailing bytes": append(page(rec, info), '}'),
	} {
		assert.False(t, list.c.surelyValid(list.route, http.MethodGet, 200, treeHeader, odd), name)
	}
}

// A large page found valid is remembered by its bytes: the same bytes are
// valid again without a walk, and a page that differs in one byte is
// judged afresh.
func TestRememberedPagesAreExact(t *testing.T) {
	var list operation
	for _, op := range allOperations(t) {
		if op.c.Name == openapi.ZohoCRM && op.id == "listRecords" {
			list = op
		}
	}
	require.NotNil(t, list.c)
	rec := `{"Company":"Zylker","Owner":{"name":"Patricia Boyle","id":"4918916000000319001","email":"p@zylker.com"},` +
		`"Created_Time":"2024-07-16T05:56:33-07:00","id":"4918916000000329425"}`
	recs := strings.Repeat(rec+",", 40) + rec
	info := `{"per_page":200,"count":41,"page":1,"more_records":false}`
	ok := []byte(`{"data":[` + recs + `],"info":` + info + `}`)
	require.Greater(t, len(ok), memoMinBody)
	before := validBodies.Len()
	for range 3 {
		assert.True(t, list.c.surelyValid(list.route, http.MethodGet, 200, treeHeader, ok))
	}
	assert.Equal(t, before+1, validBodies.Len(), "remembered once seen twice")

	for name, edit := range map[string]func([]byte){
		"bad id in the middle": func(b []byte) { copy(b[len(b)/2+strings.Index(string(b[len(b)/2:]), `"id":"`)+6:], "x") },
		"no longer JSON":       func(b []byte) { b[len(b)-1] = ' ' },
	} {
		bad := slices.Clone(ok)
		edit(bad)
		require.NotEqual(t, ok, bad)
		assert.False(t, list.c.surelyValid(list.route, http.MethodGet, 200, treeHeader, bad), name)
		assert.Error(t, kinVerdict(list, 200, treeHeader, bad), name)
	}
	// The caller's buffer is reused for another answer: the memo kept its
	// own copy.
	buf := slices.Clone(ok)
	assert.True(t, list.c.surelyValid(list.route, http.MethodGet, 200, treeHeader, buf))
	copy(buf[len(buf)-3:], "xx}")
	assert.True(t, list.c.surelyValid(list.route, http.MethodGet, 200, treeHeader, ok))
	assert.False(t, list.c.surelyValid(list.route, http.MethodGet, 200, treeHeader, buf))
}
