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

// TestIncrementalSync is the connector's loop: a full read, then reads
// with If-Modified-Since that see exactly what changed.
func TestIncrementalSync(t *testing.T) {
	for _, v := range []string{"v2", "v4", "v8"} {
		t.Run(v, func(t *testing.T) {
			w := newWorld(t, zohocrm.Config{})
			since := map[string]string{"If-Modified-Since": t0.Format(time.RFC3339)}
			list := func(h map[string]string) call {
				c := get(strings.Replace(leadsPath(v, "per_page=200"), "Leads", "Contacts", 1), "alice-all")
				c.header = h
				return c
			}
			// Nothing changed since t0 (generated records are older).
			rec := w.do(t, list(since))
			assert.Equal(t, http.StatusNotModified, rec.Code)
			assert.Zero(t, rec.Body.Len())

			// An update at t0+1h.
			all := decodePage(t, w.do(t, list(nil)))
			id := all.Data[0]["id"].(string)
			w.clk.Advance(time.Hour)
			w.dir.grant("alice-1h", usOrg, alice.ZUID, "us", allScopes)
			upd := w.do(t, call{method: "PUT", path: "/crm/" + v + "/Contacts", token: "alice-1h",
				body: `{"data":[{"id":"` + id + `","Last_Name":"Changed"}]}`})
			require.Equal(t, http.StatusOK, upd.Code, upd.Body.String())

			changed := list(since)
			changed.token = "alice-1h"
			p := decodePage(t, w.do(t, changed))
			require.Equal(t, []string{id}, p.ids())
			mod, err := time.Parse(time.RFC3339, p.Data[0]["Modified_Time"].(string))
			require.NoError(t, err)
			assert.True(t, mod.Equal(t0.Add(time.Hour)), "Modified_Time is the virtual clock's")

			// Since the update: nothing again.
			later := list(map[string]string{"If-Modified-Since": t0.Add(time.Hour).Format("2006-01-02T15:04:05-07:00")})
			later.token = "alice-1h"
			assert.Equal(t, http.StatusNotModified, w.do(t, later).Code)

			// The one record, with If-Modified-Since.
			one := get("/crm/"+v+"/Contacts/"+id, "alice-1h")
			one.header = since
			assert.Equal(t, http.StatusOK, w.do(t, one).Code)
			one.header = map[string]string{"If-Modified-Since": t0.Add(2 * time.Hour).Format(time.RFC3339)}
			assert.Equal(t, http.StatusNotModified, w.do(t, one).Code)
		})
	}
}

func TestIfModifiedSinceForms(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	tests := []struct {
		value  string
		status int
		bad    bool
	}{
		{"2026-03-02T15:30:00+05:30", http.StatusNotModified, false},
		{"2026-03-02T10:00:00Z", http.StatusNotModified, false},
		{"2026-03-02T10:00:00.250Z", http.StatusNotModified, false},
		{"Mon, 02 Mar 2026 10:00:00 GMT", http.StatusNotModified, true}, // an HTTP date: served, not in the contract
		{"2020-01-01T00:00:00+00:00", http.StatusOK, false},
		{"yesterday", http.StatusBadRequest, true},
		{"2026-03-02T10:00:00", http.StatusBadRequest, true}, // no offset
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			c := get("/crm/v2/Contacts?per_page=1", "alice-all")
			c.header = map[string]string{"If-Modified-Since": tt.value}
			c.badRequest = tt.bad
			rec := w.do(t, c)
			assert.Equal(t, tt.status, rec.Code, rec.Body.String())
			if tt.status == http.StatusBadRequest {
				code, details := errorOf(t, rec, 400)
				assert.Equal(t, "INVALID_DATA", code)
				assert.Equal(t, "If-Modified-Since", details["param_name"])
			}
		})
	}
	t.Run("ignored when configured", func(t *testing.T) {
		w := newWorld(t, zohocrm.Config{BadIfModifiedSince: zohocrm.Ignore})
		c := get("/crm/v2/Contacts?per_page=1", "alice-all").bad()
		c.header = map[string]string{"If-Modified-Since": "yesterday"}
		assert.Equal(t, http.StatusOK, w.do(t, c).Code)
	})
}

func TestWritesAndDeletedRecords(t *testing.T) {
	for _, v := range []string{"v2", "v2.1", "v5", "v8"} {
		t.Run(v, func(t *testing.T) {
			w := newWorld(t, zohocrm.Config{})
			// Nothing deleted yet.
			assert.Equal(t, http.StatusNoContent, w.do(t, get("/crm/"+v+"/Contacts/deleted", "alice-all")).Code)

			created := w.do(t, call{method: "POST", path: "/crm/" + v + "/Contacts", token: "alice-all",
				body: `{"data":[{"Last_Name":"One","Email":"one@example.com"},{"Last_Name":"Two"}],"trigger":["workflow"]}`})
			require.Equal(t, http.StatusCreated, created.Code, created.Body.String())
			entries := body(t, created)["data"].([]any)
			require.Len(t, entries, 2)
			var ids []string
			for _, e := range entries {
				m := e.(map[string]any)
				assert.Equal(t, "SUCCESS", m["code"])
				assert.Equal(t, "record added", m["message"])
				d := m["details"].(map[string]any)
				ids = append(ids, d["id"].(string))
				assert.Equal(t, "2026-03-02T05:00:00-05:00", d["Created_Time"])
				assert.Equal(t, "Alice Archer", d["Created_By"].(map[string]any)["name"])
			}
			// The new records read back, newest first.
			p := decodePage(t, w.do(t, get(strings.Replace(leadsPath(v, "per_page=2"), "Leads", "Contacts", 1), "alice-all")))
			assert.Equal(t, []string{ids[1], ids[0]}, p.ids())

			w.clk.Advance(time.Minute)
			w.dir.grant("alice-later", usOrg, alice.ZUID, "us", allScopes)
			del := w.do(t, call{method: "DELETE", path: "/crm/" + v + "/Contacts?ids=" + ids[0] + ",1234567890123456789", token: "alice-later"})
			require.Equal(t, http.StatusMultiStatus, del.Code, del.Body.String())
			one := w.do(t, call{method: "DELETE", path: "/crm/" + v + "/Contacts/" + ids[1], token: "alice-later"})
			require.Equal(t, http.StatusOK, one.Code, one.Body.String())
			again := w.do(t, call{method: "DELETE", path: "/crm/" + v + "/Contacts/" + ids[1], token: "alice-later"})
			code, _ := errorOf(t, again, http.StatusBadRequest)
			assert.Equal(t, "INVALID_DATA", code)

			// Gone from reads, listed as deleted, newest first.
			assert.Equal(t, http.StatusNoContent, w.do(t, get("/crm/"+v+"/Contacts/"+ids[0], "alice-later")).Code)
			rec := w.do(t, get("/crm/"+v+"/Contacts/deleted", "alice-later"))
			require.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, keysV2, infoKeys(t, rec))
			dp := decodePage(t, rec)
			require.Len(t, dp.Data, 2)
			assert.ElementsMatch(t, ids, dp.ids())
			assert.Equal(t, "recycle", dp.Data[0]["type"])
			assert.Equal(t, "Alice Archer", dp.Data[0]["deleted_by"].(map[string]any)["name"])
			assert.Equal(t, "2026-03-02T05:01:00-05:00", dp.Data[0]["deleted_time"])

			// Incremental: deletions since a time; 304 when none.
			c := get("/crm/"+v+"/Contacts/deleted?type=recycle", "alice-later")
			c.header = map[string]string{"If-Modified-Since": t0.Format(time.RFC3339)}
			assert.Len(t, decodePage(t, w.do(t, c)).Data, 2)
			c.header = map[string]string{"If-Modified-Since": t0.Add(time.Minute).Format(time.RFC3339)}
			assert.Equal(t, http.StatusNotModified, w.do(t, c).Code)
			assert.Equal(t, http.StatusNoContent, w.do(t, get("/crm/"+v+"/Contacts/deleted?type=permanent", "alice-later")).Code)
			// Deletions count as changes for If-Modified-Since on the records.
			lst := get(strings.Replace(leadsPath(v, "per_page=2"), "Leads", "Contacts", 1), "alice-later")
			lst.header = map[string]string{"If-Modified-Since": t0.Format(time.RFC3339)}
			assert.Equal(t, http.StatusNoContent, w.do(t, lst).Code)
		})
	}
}

func TestWriteOutcomes(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	id := decodePage(t, w.do(t, get("/crm/v2/Contacts?per_page=1", "alice-all"))).ids()[0]
	tests := []struct {
		name   string
		c      call
		status int
		codes  []string
	}{
		{"create, one bad", call{method: "POST", path: "/crm/v8/Contacts",
			body: `{"data":[{"Last_Name":"Ok"},{"Last_Name":"Bad","Email":"not an email"}]}`}, 207, []string{"SUCCESS", "INVALID_DATA"}},
		{"create, all missing a mandatory field", call{method: "POST", path: "/crm/v8/Contacts",
			body: `{"data":[{"First_Name":"Nolast"}]}`}, 400, []string{"MANDATORY_NOT_FOUND"}},
		{"update without id", call{method: "PUT", path: "/crm/v8/Contacts",
			body: `{"data":[{"Last_Name":"X"}]}`, badRequest: true}, 400, []string{"MANDATORY_NOT_FOUND"}},
		{"update unknown id", call{method: "PUT", path: "/crm/v8/Contacts",
			body: `{"data":[{"id":"1234567890123456789","Last_Name":"X"}]}`}, 400, []string{"INVALID_DATA"}},
		{"update one", call{method: "PUT", path: "/crm/v8/Contacts/" + id,
			body: `{"data":[{"Last_Name":"Renamed"}]}`}, 200, []string{"SUCCESS"}},
		{"update one, bad value", call{method: "PUT", path: "/crm/v8/Contacts/" + id,
			body: `{"data":[{"Email":42}]}`}, 400, []string{"INVALID_DATA"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.token = "alice-all"
			rec := w.do(t, tt.c)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			var codes []string
			for _, e := range body(t, rec)["data"].([]any) {
				codes = append(codes, e.(map[string]any)["code"].(string))
			}
			assert.Equal(t, tt.codes, codes)
		})
	}
}
