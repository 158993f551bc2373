package zohocrm_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

// BenchmarkListLeads is one 200-record page of Leads with every field (v2)
// and with ten fields (v8), without contract validation.
func BenchmarkListLeads(b *testing.B) {
	t := &testing.T{}
	w := newWorld(t, zohocrm.Config{Editions: map[zohocrm.Edition]zohocrm.EditionLimits{
		zohocrm.Enterprise: {Credits: 1 << 30, Concurrency: 100}}})
	for _, path := range []string{
		"/crm/v2/Leads?per_page=200",
		"/crm/v8/Leads?per_page=200&fields=Last_Name,First_Name,Email,Company,Owner,Lead_Status,Lead_Source,Phone,Created_Time,Modified_Time",
	} {
		b.Run(path[5:7], func(b *testing.B) {
			req := get(path, "alice-all").request()
			rec := httptest.NewRecorder()
			w.s.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
			b.SetBytes(int64(rec.Body.Len()))
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				w.s.ServeHTTP(rec, req)
			}
		})
	}
}
