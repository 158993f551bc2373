package redact

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Documents that flatJSON leaves to treeJSON: nested, unsorted, escaped.
var treeSeeds = []string{
	`{"data":[{"b":1,"a":{"z":null,"y":[true,false]}},{"Owner":{"name":"P","id":"1"},"Email":"x@y.z"}],"info":{"more_records":true,"page":1}}`,
	`[{"b":2,"a":1},[],{},[[]],"s",-1.5e3]`,
	`{"nested":[{"password":"p"},{"token":{"a":1}},{"refresh_token":["` + tok + `","x"]}]}`,
	`{"dc_secrets":{"eu":"euSecret","us":{"deep":1}},"client_id":"x"}`,
	`{"k\u00e9y":"v\u00e9","a\"b":"c\\d","<":">","&":"\u2028","é":"ü"}`,
	`{"a":{"x":1,"x":2}}`,
	`{"a":{"b":1},"a":{"c":2}}`,
	`{"a":"\ud800","b":"\udc00x","c":"\ud83d\ude00"}`,
	"{\"a\":\"\xff\xfe\"}",
	"{\"a\":\"tab\there\"}",
	`{"a":[1,2,]}`,
	`{"a":[1 2]}`,
	`{"a":{"b":1,}}`,
	`{"a":1} {"b":2}`,
	`[1,2] trailing`,
	`{"note":"see ` + tok + ` here","Authorization":"Zoho-oauthtoken ` + tok + `"}`,
	strings.Repeat("[", 600) + strings.Repeat("]", 600),
	strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40),
	`{"data":[{"Last_Name":"Smith & Sons","Tag":[],"$state":"save","Lead_Score":64,"Annual_Revenue":null}]}`,
}

func TestTreePathMatchesTheLongWay(t *testing.T) {
	for _, s := range treeSeeds {
		if got, want := JSON([]byte(s)), jsonRef([]byte(s)); got != want {
			t.Errorf("JSON(%q) =\n %q, want\n %q", s, got, want)
		}
	}
	if _, ok := treeJSON([]byte(treeSeeds[0])); !ok {
		t.Error("a nested document takes the tree path")
	}
}

func FuzzTreeJSON(f *testing.F) {
	for _, s := range append(treeSeeds, fastSeeds...) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := JSON(b), jsonRef(b); got != want {
			t.Fatalf("JSON(%q) = %q, want %q", b, got, want)
		}
	})
}

// BenchmarkJSONPage redacts a page of 200 CRM records, as the journal
// does for every page a dataflow reads.
func BenchmarkJSONPage(b *testing.B) {
	page := benchPage()
	for _, way := range []struct {
		name string
		f    func([]byte) string
	}{{"tree", JSON}, {"long", jsonRef}, {"prefix", func(b []byte) string { s, _ := BodyPrefix("application/json", b, 16<<10); return s }}} {
		b.Run(way.name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			for b.Loop() {
				_ = way.f(page)
			}
		})
	}
}

// benchPage is a page of 200 CRM records, their keys unsorted.
func benchPage() []byte {
	rec := `{"Owner":{"name":"Patricia Boyle","id":"1540857000000411001","email":"admin@zylker.test"},"Company":"Feltz Tidewater Partners",` +
		`"Email":"sage.eschberger@feltztidewater.example","$currency_symbol":"$","$field_states":null,"Last_Activity_Time":"2024-01-01T06:38:13-08:00",` +
		`"Industry":"Wireless Industry","$state":"save","Unsubscribed_Mode":null,"$process_flow":false,"Street":null,"Zip_Code":"98130",` +
		`"id":"1540857000000500001","$approval":{"delegate":false,"approve":false,"reject":false,"resubmit":false},"Created_Time":"2024-01-01T00:26:08-08:00",` +
		`"Interested_Products":["CRM Plus","Analytics","Desk"],"Lead_Score":64,"Annual_Revenue":null,"Tag":[],"First_Name":"Sage","Last_Name":"Eschberger"}`
	return []byte(`{"data":[` + strings.TrimSuffix(strings.Repeat(rec+",", 200), ",") + `],"info":{"per_page":200,"count":200,"page":1,"more_records":true}}`)
}

// prefixLimits are the lengths BodyPrefix is held to Body at.
var prefixLimits = []int{0, 1, 2, 7, 30, 64, 100, 300, 1 << 10, 16 << 10}

func TestBodyPrefixMatchesBody(t *testing.T) {
	docs := append(append([]string{}, treeSeeds...), fastSeeds...)
	docs = append(docs, string(benchPage()))
	for _, s := range docs {
		for _, ct := range []string{"application/json", "text/plain", "application/x-www-form-urlencoded"} {
			for _, n := range prefixLimits {
				checkPrefix(t, ct, []byte(s), n)
			}
		}
	}
	page := benchPage()
	_, total, ok := treePrefix(page, 16<<10)
	assert.True(t, ok, "a page takes the short way")
	assert.Equal(t, len(JSON(page)), total)
}

func checkPrefix(t *testing.T, ct string, b []byte, n int) {
	t.Helper()
	want := Body(ct, b)
	prefix, total := BodyPrefix(ct, b, n)
	require.Equal(t, len(want), total, "length of %s %q at %d", ct, b, n)
	require.Equal(t, want[:min(len(want), n+1)], prefix, "prefix of %s %q at %d", ct, b, n)
}

func FuzzBodyPrefix(f *testing.F) {
	for _, s := range append(treeSeeds, fastSeeds...) {
		f.Add([]byte(s), uint16(20))
	}
	f.Add(benchPage(), uint16(16<<10))
	f.Fuzz(func(t *testing.T, b []byte, n uint16) {
		checkPrefix(t, "application/json", b, int(n))
	})
}
