package console_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/console"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

// fullJournal is a demo emulator, not served, whose journal holds
// entries exchanges like a busy dataflow's: CRM pages, token refreshes,
// Flow Service calls, some failing, some breaking the contract, some the
// console's own polling.
func fullJournal(tb testing.TB, entries int) *emulator.Emulator {
	tb.Helper()
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo(), JournalSize: entries})
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = e.Close() })
	record := strings.Repeat(`{"id":"1540857010002499001","Last_Name":"Tegarden","Email":"bobbye@example.test","Company":"Keystone Chapman Labs"},`, 30)
	page := `{"data":[` + strings.TrimSuffix(record, ",") + `],"info":{"per_page":200,"count":200,"more_records":true}}`
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range entries {
		en := journal.Entry{Time: at, VirtualTime: at.Add(time.Duration(i) * time.Second), DurationMS: 0.4,
			Location: "us", SourceIP: "20.42.2.1", Tenant: emulator.DemoOrgID, Client: emulator.DemoServerClientID,
			Header: map[string]string{"Authorization": "Zoho-oauthtoken sha256:5e711c14214079fb", "Accept": "application/json",
				"User-Agent": "Go-http-client/1.1", "Accept-Encoding": "gzip"},
			RespHeader: map[string]string{"Content-Type": "application/json;charset=UTF-8", "Content-Length": "6000"}}
		switch i % 4 {
		case 0, 1:
			en.Service, en.Operation, en.Method, en.Path, en.Query = "zoho-crm", "listRecords", "GET", "/crm/v2/Leads", "page=3&per_page=200"
			en.Status, en.RespBody = 200, page
		case 2:
			en.Service, en.Operation, en.Method, en.Path = "zoho-accounts", "token", "POST", "/oauth/v2/token"
			en.Body = "client_id=1000.DEMOSERVERCLIENT00000000000000&client_secret=%5BREDACTED%5D&grant_type=refresh_token&refresh_token=sha256%3A5e711c14214079fb"
			en.Status, en.RespBody = 200, `{"access_token":"sha256:aeb4e1e30ec02142","api_domain":"http://127.0.0.1:9595","token_type":"Bearer","expires_in":3600}`
			if i%40 == 2 {
				en.RespBody = `{"error":"invalid_code"}`
			}
		default:
			en.Service, en.Operation, en.Method, en.Path = "flow-service", "listRuns", "GET", "/data/foundation/flowservice/runs"
			en.Status, en.RespBody = 200, `{"items":[]}`
			if i%8 == 3 {
				en.Header[console.ConsoleHeader] = "poll"
			}
		}
		if i%100 == 0 {
			en.Verdict = &contracts.Verdict{Contract: "zoho-crm", Operation: en.Operation, Violations: []contracts.Violation{
				{Side: contracts.Response, Rule: "body", Where: "/data/0/Email", Message: "string doesn't match the format \"email\""}}}
		}
		e.Journal().Add(en)
	}
	return e
}

// journalPages are the pages the budget covers, with 10,000 entries.
var journalPages = []string{
	"overview", "tokens", "scenarios",
	"journal",                            // the newest 200
	"journal?failed=on&q=token",          // filtered over all 10,000
	"journal?violations=on&limit=1000",   // every violation
	"journal?limit=1000&console=on",      // the largest page
	"journal/rows?after=10000&limit=200", // a live poll with nothing new
	"journal/9999",                       // one entry's detail
}

func render(tb testing.TB, h http.Handler, path string) int {
	req := httptest.NewRequest(http.MethodGet, console.Prefix+path, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		tb.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String()[:min(rec.Body.Len(), 300)])
	}
	return rec.Body.Len()
}

// BenchmarkPages renders each page with 10,000 journal entries and fails
// a page whose render takes 100 ms or more. cpu-ms/op is the rendering
// thread's CPU time (Linux; wall time elsewhere), which a machine shared
// with other jobs does not inflate as it inflates ns/op. As the project's
// other budgets, it is a benchmark, not a timed unit test:
//
//	go test -run '^$' -bench Pages -benchtime 20x ./emulator/console/
func BenchmarkPages(b *testing.B) {
	e := fullJournal(b, 10000)
	h := e.Handler()
	for _, p := range journalPages {
		b.Run(p, func(b *testing.B) {
			var size int
			var cpu time.Duration
			for b.Loop() {
				cpu += onThisThread(func() { size = render(b, h, p) })
			}
			perPage := cpu / time.Duration(b.N)
			b.ReportMetric(float64(size)/1024, "KiB/page")
			b.ReportMetric(float64(perPage.Microseconds())/1000, "cpu-ms/op")
			if perPage >= 100*time.Millisecond {
				b.Errorf("%s renders in %s (cpu time: %v), over the 100 ms budget", p, perPage, cpuMeasured)
			}
		})
	}
}
