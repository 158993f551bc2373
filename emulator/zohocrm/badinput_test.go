package zohocrm_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

// TestBadInputChangesNothing: every malformed parameter, header, body or
// path gets Zoho's own error, never a 500, and leaves the state (records,
// deleted log, credits, page tokens) as it was.
func TestBadInputChangesNothing(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	id := decodePage(t, w.do(t, get("/crm/v2/Contacts?per_page=1", "alice-all"))).ids()[0]
	var many []string
	for i := range 101 {
		many = append(many, fmt.Sprintf("1%018d", i))
	}
	post := func(path, body string) call {
		return call{method: http.MethodPost, path: path, token: "alice-all", body: body}
	}
	put := func(path, body string) call {
		return call{method: http.MethodPut, path: path, token: "alice-all", body: body}
	}
	del := func(path string) call { return call{method: http.MethodDelete, path: path, token: "alice-all"} }
	tests := []struct {
		name   string
		c      call
		status int
		code   string
	}{
		{"malformed JSON", post("/crm/v2/Leads", `{"data":[{"Last_Name":"x"}`).bad(), 400, "INVALID_DATA"},
		{"not an object", post("/crm/v2/Leads", `[{"Last_Name":"x"}]`).bad(), 400, "INVALID_DATA"},
		{"two documents", post("/crm/v2/Leads", `{"data":[{"Last_Name":"x"}]} {}`), 400, "INVALID_DATA"},
		{"no data", post("/crm/v2/Leads", `{"trigger":[]}`).bad(), 400, "REQUIRED_PARAM_MISSING"},
		{"null data", post("/crm/v2/Leads", `{"data":null}`).bad(), 400, "REQUIRED_PARAM_MISSING"},
		{"empty data", post("/crm/v2/Leads", `{"data":[]}`).bad(), 400, "REQUIRED_PARAM_MISSING"},
		{"data not an array", post("/crm/v2/Leads", `{"data":{"Last_Name":"x"}}`).bad(), 400, "INVALID_DATA"},
		{"101 records", post("/crm/v2/Leads", `{"data":[`+repeat(`{"Last_Name":"x"}`, 101)+`]}`).bad(), 400, "LIMIT_EXCEEDED"},
		{"records not objects", post("/crm/v2/Leads", `{"data":[1,"two",null]}`).bad(), 400, "INVALID_DATA"},
		{"every record invalid", post("/crm/v2/Leads", `{"data":[{"Email":"nope"},{"Last_Name":5}]}`), 400, "INVALID_DATA"},
		{"unknown module", post("/crm/v2/Widgets", `{"data":[{"Name":"x"}]}`), 400, "INVALID_MODULE"},
		{"update: no data", put("/crm/v2/Leads", `{}`).bad(), 400, "REQUIRED_PARAM_MISSING"},
		{"update one: two records", put("/crm/v2/Contacts/"+id, `{"data":[{"Last_Name":"a"},{"Last_Name":"b"}]}`).bad(), 400, "LIMIT_EXCEEDED"},
		{"update one: id not digits", put("/crm/v2/Contacts/abc", `{"data":[{"Last_Name":"a"}]}`).bad(), 400, "INVALID_DATA"},
		{"update one: unknown id", put("/crm/v2/Contacts/1234567890123456789", `{"data":[{"Last_Name":"a"}]}`), 400, "INVALID_DATA"},
		{"update one: read-only field", put("/crm/v2/Contacts/"+id, `{"data":[{"Created_Time":"2020-01-01T00:00:00+00:00"}]}`), 400, "INVALID_DATA"},
		{"delete: no ids", del("/crm/v2/Leads").bad(), 400, "REQUIRED_PARAM_MISSING"},
		{"delete: ids not digits", del("/crm/v2/Leads?ids=abc").bad(), 400, "INVALID_DATA"},
		{"delete: 101 ids", del("/crm/v2/Leads?ids=" + strings.Join(many, ",")).bad(), 400, "LIMIT_EXCEEDED"},
		{"delete: unknown ids", del("/crm/v2/Leads?ids=1234567890123456789"), 400, "INVALID_DATA"},
		{"delete one: unknown", del("/crm/v2/Leads/1234567890123456789"), 400, "INVALID_DATA"},
		{"page 0", get("/crm/v2/Leads?page=0", "alice-all").bad(), 400, "INVALID_DATA"},
		{"page -1", get("/crm/v2/Leads?page=-1", "alice-all").bad(), 400, "INVALID_DATA"},
		{"page huge", get("/crm/v2/Leads?page=99999999999999999999", "alice-all").bad(), 400, "INVALID_DATA"},
		{"per_page abc", get("/crm/v2/Leads?per_page=abc", "alice-all").bad(), 400, "INVALID_DATA"},
		{"sort_order sideways", get("/crm/v2/Leads?sort_order=sideways", "alice-all").bad(), 400, "INVALID_DATA"},
		{"converted maybe", get("/crm/v2/Leads?converted=maybe", "alice-all").bad(), 400, "INVALID_DATA"},
		{"ids not digits", get("/crm/v2/Leads?ids=12,x", "alice-all").bad(), 400, "INVALID_DATA"},
		{"101 ids", get("/crm/v2/Leads?ids="+strings.Join(many, ","), "alice-all"), 400, "LIMIT_EXCEEDED"},
		{"cvid", get("/crm/v2/Leads?cvid=42", "alice-all"), 400, "INVALID_DATA"},
		{"page token on v8 junk", get("/crm/v8/Leads?fields=Email&page_token=%00", "alice-all"), 400, "INVALID_DATA"},
		{"If-Modified-Since junk", func() call {
			c := get("/crm/v2/Leads", "alice-all").bad()
			c.header = map[string]string{"If-Modified-Since": "\x01"}
			return c
		}(), 400, "INVALID_DATA"},
		{"deleted: bad type", get("/crm/v2/Leads/deleted?type=gone", "alice-all").bad(), 400, "PATTERN_NOT_MATCHED"},
		{"users: bad page", get("/crm/v2/users?page=x", "alice-all").bad(), 400, "INVALID_DATA"},
		{"record id not digits", get("/crm/v2/Leads/12ab", "alice-all").bad(), 400, "INVALID_DATA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.snapshot(t)
			rec := w.do(t, tt.c)
			assert.True(t, before == w.snapshot(t), "state changed")
			if tt.code == "" {
				assert.Equal(t, tt.status, rec.Code)
				return
			}
			assert.Equal(t, tt.status, rec.Code, rec.Body.String())
			b := body(t, rec)
			if data, ok := b["data"].([]any); ok {
				assert.Equal(t, tt.code, data[0].(map[string]any)["code"], rec.Body.String())
			} else {
				assert.Equal(t, tt.code, b["code"], rec.Body.String())
			}
		})
	}
}
