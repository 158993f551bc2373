package zohocrm_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

func TestRecordsFirstPagePerVersion(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	for _, v := range versions {
		t.Run(v, func(t *testing.T) {
			rec := w.do(t, get(leadsPath(v, "per_page=5"), "alice-all"))
			p := decodePage(t, rec)
			require.Len(t, p.Data, 5)
			assert.Equal(t, 5, p.num(t, "per_page"))
			assert.Equal(t, 5, p.num(t, "count"))
			assert.Equal(t, 1, p.num(t, "page"))
			assert.True(t, p.more(t))
			if tokenVersion(v) {
				assert.Equal(t, keysTokens, infoKeys(t, rec))
				assert.Regexp(t, `^[0-9a-f]+$`, p.str(t, "next_page_token"))
				assert.Empty(t, p.str(t, "previous_page_token"))
				assert.Equal(t, "id", p.str(t, "sort_by"))
				assert.Equal(t, "desc", p.str(t, "sort_order"))
				// Expiry 24 h ahead, in Alice's time zone (New York).
				assert.Equal(t, "2026-03-03T05:00:00-05:00", p.str(t, "page_token_expiry"))
			} else {
				assert.Equal(t, keysV2, infoKeys(t, rec))
			}
			// Default sort: id, descending.
			ids := p.ids()
			for i := 1; i < len(ids); i++ {
				assert.Greater(t, ids[i-1], ids[i])
			}
		})
	}
}

// TestRecordsPageToToken reads the first 2,000 leads with page/per_page,
// then steps from page 10 to page_token, as Zoho requires from v4.
func TestRecordsPageToToken(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	for _, v := range []string{"v4", "v6", "v8"} {
		t.Run(v, func(t *testing.T) {
			seen := map[string]bool{}
			var token string
			for pg := 1; pg <= 10; pg++ {
				p := decodePage(t, w.do(t, get(leadsPath(v, "per_page=200&page="+itoa(pg)), "alice-all")))
				require.Len(t, p.Data, 200)
				for _, id := range p.ids() {
					require.False(t, seen[id], "id %s twice", id)
					seen[id] = true
				}
				token = p.str(t, "next_page_token")
				require.NotEmpty(t, token)
			}
			// Page 11 by number is refused.
			rec := w.do(t, get(leadsPath(v, "per_page=200&page=11"), "alice-all"))
			code, details := errorOf(t, rec, http.StatusBadRequest)
			assert.Equal(t, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", code)
			assert.EqualValues(t, "2000", details["limit"].(interface{ String() string }).String())
			// page_token goes on from record 2001.
			pages := 0
			for token != "" {
				p := decodePage(t, w.do(t, get(leadsPath(v, "per_page=200&page_token="+token), "alice-all")))
				pages++
				assert.Equal(t, 10+pages, p.num(t, "page"))
				assert.NotEmpty(t, p.str(t, "previous_page_token"))
				for _, id := range p.ids() {
					require.False(t, seen[id], "id %s twice", id)
					seen[id] = true
				}
				token = p.str(t, "next_page_token")
				if !p.more(t) {
					assert.Empty(t, token)
					assert.Equal(t, "null", string(p.Info["page_token_expiry"]))
				}
			}
			unconverted := len(seen)
			assert.Equal(t, (unconverted-2000+199)/200, pages)
			assert.Greater(t, unconverted, 2000)
			assert.Less(t, unconverted, leadsCount, "converted leads are hidden")
		})
	}
}

func TestRecordsDiscreteCapByVersion(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	tests := []struct {
		v, query string
		status   int
	}{
		{"v2", "per_page=200&page=11", http.StatusOK}, // no cap before page tokens
		{"v2.1", "per_page=200&page=12", http.StatusOK},
		{"v3", "per_page=200&page=11", http.StatusOK},
		{"v4", "per_page=200&page=10", http.StatusOK},
		{"v4", "per_page=200&page=11", http.StatusBadRequest},
		{"v5", "per_page=100&page=21", http.StatusBadRequest},
		{"v8", "per_page=100&page=20", http.StatusOK},
		{"v2", "per_page=200&page=50", http.StatusNoContent}, // past the end
	}
	for _, tt := range tests {
		t.Run(tt.v+"?"+tt.query, func(t *testing.T) {
			rec := w.do(t, get(leadsPath(tt.v, tt.query), "alice-all"))
			assert.Equal(t, tt.status, rec.Code, rec.Body.String())
			if tt.status == http.StatusNoContent {
				assert.Zero(t, rec.Body.Len())
			}
		})
	}
}

func TestRecordsFieldsRules(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	fifty := make([]string, 51)
	for i := range fifty {
		fifty[i] = "Field_" + itoa(i)
	}
	tests := []struct {
		name, v, query string
		status         int
		code, param    string
	}{
		{"v2 without fields: all", "v2", "", 200, "", ""},
		{"v2.1 without fields: all", "v2.1", "", 200, "", ""},
		{"v3 without fields: optional by default", "v3", "", 200, "", ""},
		{"v6 without fields", "v6", "", 200, "", ""},
		{"v7 without fields", "v7", "", 400, "REQUIRED_PARAM_MISSING", "fields"},
		{"v8 without fields", "v8", "", 400, "REQUIRED_PARAM_MISSING", "fields"},
		{"v8 empty fields", "v8", "fields=", 400, "REQUIRED_PARAM_MISSING", "fields"},
		{"v8 with fields", "v8", "fields=Last_Name", 200, "", ""},
		{"v2 51 fields", "v2", "fields=" + strings.Join(fifty, ","), 400, "LIMIT_EXCEEDED", "fields"},
		{"v8 51 fields", "v8", "fields=" + strings.Join(fifty, ","), 400, "LIMIT_EXCEEDED", "fields"},
		{"v8 50 fields", "v8", "fields=" + strings.Join(fifty[:50], ","), 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/crm/" + tt.v + "/Leads?per_page=2"
			if tt.query != "" {
				path += "&" + tt.query
			}
			rec := w.do(t, get(path, "alice-all"))
			if tt.code == "" {
				require.Equal(t, tt.status, rec.Code, rec.Body.String())
				return
			}
			code, details := errorOf(t, rec, tt.status)
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.param, details["param_name"])
		})
	}
}

func TestRecordsRendering(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	t.Run("fields: id first, then the fields asked for in metadata order", func(t *testing.T) {
		rec := w.do(t, get("/crm/v8/Leads?per_page=1&fields=Email,Last_Name,Owner,No_Such_Field,Modified_Time", "alice-all"))
		p := decodePage(t, rec)
		require.Len(t, p.Data, 1)
		var raw struct{ Data []jsonRaw }
		require.NoError(t, jsonUnmarshal(rec.Body.Bytes(), &raw))
		got := keys(t, raw.Data[0])
		assert.Equal(t, "id", got[0])
		assert.ElementsMatch(t, []string{"id", "Owner", "Last_Name", "Email", "Modified_Time"}, got)
		owner := p.Data[0]["Owner"].(map[string]any)
		assert.Equal(t, []string{"email", "id", "name"}, sortedKeys(owner))
		// Alice reads in New York time.
		assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00$`, p.Data[0]["Modified_Time"])
	})
	t.Run("all fields on v2 carry $ keys, no v3 fields", func(t *testing.T) {
		p := decodePage(t, w.do(t, get("/crm/v2/Leads?per_page=1", "alice-all")))
		r := p.Data[0]
		assert.Contains(t, r, "$converted")
		assert.Contains(t, r, "$approval_state")
		assert.NotContains(t, r, "Converted__s")
		assert.NotContains(t, r, "Record_Status__s")
	})
	t.Run("v3 adds Converted__s, v6 Record_Status__s", func(t *testing.T) {
		p := decodePage(t, w.do(t, get("/crm/v3/Leads?per_page=1", "alice-all")))
		assert.Equal(t, false, p.Data[0]["Converted__s"])
		assert.Contains(t, p.Data[0], "Converted_Date_Time")
		assert.NotContains(t, p.Data[0], "Record_Status__s")
		p = decodePage(t, w.do(t, get("/crm/v8/Leads?per_page=1&fields=Record_Status__s,Converted__s", "alice-all")))
		assert.Equal(t, "Available", p.Data[0]["Record_Status__s"])
		assert.Equal(t, false, p.Data[0]["Converted__s"])
	})
	t.Run("datetimes in the reader's time zone", func(t *testing.T) {
		a := decodePage(t, w.do(t, get("/crm/v2/Leads?per_page=1", "alice-all")))
		d := decodePage(t, w.do(t, get("/crm/v2/Leads?per_page=1", "dave-all")))
		c := decodePage(t, w.do(t, get("/crm/v2/Leads?per_page=1", "carol-all")))
		at, err := time.Parse(time.RFC3339, a.Data[0]["Created_Time"].(string))
		require.NoError(t, err)
		dt, err := time.Parse(time.RFC3339, d.Data[0]["Created_Time"].(string))
		require.NoError(t, err)
		assert.True(t, at.Equal(dt))
		assert.Contains(t, d.Data[0]["Created_Time"], "+05:30")                        // Dave: Kolkata
		assert.Regexp(t, `-0[78]:00$`, c.Data[0]["Created_Time"].(string))             // Carol: the org's Los Angeles
		assert.Regexp(t, `^\d{4}-\d\d-\d\d$`, a.Data[0]["Created_Time"].(string)[:10]) // sanity
	})
}

func TestRecordsSortConvertedIDs(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	asc := decodePage(t, w.do(t, get("/crm/v2/Contacts?sort_by=Modified_Time&sort_order=asc", "alice-all")))
	for i := 1; i < len(asc.Data); i++ {
		prev, err := time.Parse(time.RFC3339, asc.Data[i-1]["Modified_Time"].(string))
		require.NoError(t, err)
		next, err := time.Parse(time.RFC3339, asc.Data[i]["Modified_Time"].(string))
		require.NoError(t, err)
		assert.False(t, next.Before(prev))
	}
	conv := decodePage(t, w.do(t, get("/crm/v2/Leads?converted=true&per_page=200", "alice-all")))
	for _, r := range conv.Data {
		assert.Equal(t, true, r["$converted"])
	}
	ids := asc.ids()[:3]
	byID := decodePage(t, w.do(t, get("/crm/v2/Contacts?ids="+strings.Join(ids, ","), "alice-all")))
	assert.ElementsMatch(t, ids, byID.ids())

	rec := w.do(t, get("/crm/v2/Contacts?sort_by=Last_Name", "alice-all").bad())
	code, details := errorOf(t, rec, http.StatusBadRequest)
	assert.Equal(t, "INVALID_DATA", code)
	assert.Equal(t, "sort_by", details["param_name"])
}

func TestRecordsModules(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	tests := []struct {
		name, path string
		status     int
		code       string
	}{
		{"Activities on v2", "/crm/v2/Activities", 200, ""},
		{"Activities on v2.1", "/crm/v2.1/Activities", 200, ""},
		{"Activities gone from v3", "/crm/v3/Activities", 400, "INVALID_MODULE"},
		{"Activities gone on v8", "/crm/v8/Activities?fields=Subject", 400, "INVALID_MODULE"},
		{"unknown module", "/crm/v2/Widgets", 400, "INVALID_MODULE"},
		{"case-insensitive module", "/crm/v2/leads?per_page=1", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := w.do(t, get(tt.path, "alice-all"))
			if tt.code == "" {
				assert.Equal(t, tt.status, rec.Code, rec.Body.String())
				return
			}
			code, details := errorOf(t, rec, tt.status)
			assert.Equal(t, tt.code, code)
			assert.EqualValues(t, "0", details["resource_path_index"].(interface{ String() string }).String())
		})
	}
}

func TestGetRecord(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	first := decodePage(t, w.do(t, get("/crm/v2/Leads?per_page=1", "alice-all"))).Data[0]
	id := first["id"].(string)
	for _, v := range versions {
		rec := w.do(t, get("/crm/"+v+"/Leads/"+id, "alice-all"))
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		assert.Equal(t, []string{"data"}, keys(t, rec.Body.Bytes()))
		p := decodePage(t, rec)
		assert.Equal(t, id, p.Data[0]["id"])
	}
	rec := w.do(t, get("/crm/v2/Leads/"+id[:len(id)-3]+"999", "alice-all"))
	assert.Equal(t, http.StatusNoContent, rec.Code)
	assert.Zero(t, rec.Body.Len())
}

func TestListTruncatesLongText(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	long := strings.Repeat("é", 600)
	rec := w.do(t, call{method: http.MethodPost, path: "/crm/v2/Contacts", token: "alice-all",
		body: `{"data":[{"Last_Name":"Verbose","Description":"` + long + `"}]}`})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	id := body(t, rec)["data"].([]any)[0].(map[string]any)["details"].(map[string]any)["id"].(string)
	p := decodePage(t, w.do(t, get("/crm/v2/Contacts?ids="+id, "alice-all")))
	assert.Equal(t, strings.Repeat("é", 500), p.Data[0]["Description"])
	one := decodePage(t, w.do(t, get("/crm/v2/Contacts/"+id, "alice-all")))
	assert.Equal(t, long, one.Data[0]["Description"])
}

func TestStrictChoices(t *testing.T) {
	w := newWorld(t, zohocrm.Config{PerPageOverMax: zohocrm.Refuse, UnknownFields: zohocrm.Refuse})
	code, details := errorOf(t, w.do(t, get("/crm/v2/Leads?per_page=201", "alice-all").bad()), 400)
	assert.Equal(t, "INVALID_DATA", code)
	assert.Equal(t, "per_page", details["param_name"])
	code, details = errorOf(t, w.do(t, get("/crm/v8/Leads?fields=Last_Name,Nope", "alice-all")), 400)
	assert.Equal(t, "INVALID_DATA", code)
	assert.Equal(t, "Nope", details["api_name"])

	lenient := newWorld(t, zohocrm.Config{})
	p := decodePage(t, lenient.do(t, get("/crm/v2/Leads?per_page=500", "alice-all").bad()))
	assert.Len(t, p.Data, 200)
	assert.Equal(t, 200, p.num(t, "per_page"))
}

func TestFieldsRequiredFromV3WhenConfigured(t *testing.T) {
	w := newWorld(t, zohocrm.Config{FieldsRequiredFrom: zohocrm.V3})
	code, _ := errorOf(t, w.do(t, get("/crm/v3/Leads", "alice-all")), 400)
	assert.Equal(t, "REQUIRED_PARAM_MISSING", code)
	assert.Equal(t, http.StatusOK, w.do(t, get("/crm/v2.1/Leads?per_page=1", "alice-all")).Code)
}
