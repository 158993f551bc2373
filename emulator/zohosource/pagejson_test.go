package zohosource

import (
	"reflect"
	"strings"
	"testing"
)

var pageSeeds = []string{
	`{"data":[{"id":"1","Owner":{"name":"P","id":"2"},"Tag":[],"Score":64,"Rev":-1.5e3,"Ok":true,"No":false,"Nil":null}],"info":{"per_page":200,"more_records":true,"next_page_token":"abc","page":1}}`,
	`{"info":{"more_records":false},"data":[]}`,
	`{"data":null,"info":null}`,
	`{"data":[null,{}]}`,
	`{"data":[{"a":"x\u00e9\"y","a":"dup"}],"other":[1,{"k":"v"}]}`,
	`{"Data":[{"a":1}]}`,
	`{"data":[{"a":1}],"data":[]}`,
	`{"data":[1]}`,
	`{"data":{"a":1}}`,
	`{"info":{"more_records":"yes"}}`,
	`{"info":{"More_Records":true}}`,
	`{"info":{"more_records":true,"more_records":null,"next_page_token":null}}`,
	`{"data":[{"n":01}]}`,
	`{"data":[{"n":1.}]}`,
	`{"data":[{"s":"tab	here"}]}`,
	"{\"data\":[{\"s\":\"\xff\"}]}",
	`{"data":[{"a":1}]} trailing`,
	`{"data":[{"a":1}]`,
	`{"data":[{"a":truex}]}`,
	`null`,
	`[]`,
	` {"data" : [ { "a" : [ 1 , { } ] } ] , "info" : { } } `,
	`{"data":[{"x":` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `}]}`,
}

func TestFastPageMatchesEncodingJSON(t *testing.T) {
	for _, s := range pageSeeds {
		checkFastPage(t, []byte(s))
	}
	if _, ok := fastPage([]byte(pageSeeds[0])); !ok {
		t.Error("Zoho's page takes the fast path")
	}
}

func checkFastPage(t *testing.T, b []byte) {
	t.Helper()
	got, ok := fastPage(b)
	if !ok {
		return
	}
	var want page
	if err := jsonUnmarshal(b, &want); err != nil {
		t.Fatalf("fastPage(%q) took a page encoding/json refuses: %v", b, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("fastPage(%q) =\n %#v, want\n %#v", b, got, want)
	}
}

func FuzzFastPage(f *testing.F) {
	for _, s := range pageSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkFastPage)
}
