package journal

import (
	"strconv"
	"testing"
	"time"

	"github.com/zohoaep/zohoaep/contracts"
)

// The journal's hot path of docs/performance.md ("Validation, journal and
// store"): appending one refresh exchange to a full ring, as the front door
// does (AddPacked) and with header maps (Add), alone and from every
// processor at once, and reading the newest entries back:
//
//	go test -run '^$' -bench . -benchmem ./emulator/internal/journal/

func refreshEntry(i int) Entry {
	return Entry{
		Time: time.Unix(1700000000, int64(i)), VirtualTime: time.Unix(1700000000, int64(i)), DurationMS: 0.05,
		Service: "zoho-accounts", Operation: "token", Tenant: "810000001", Client: "1000.DEMOSELFCLIENT0000000000000000",
		Location: "us", SourceIP: "127.0.0.1", Method: "POST", Path: "/oauth/v2/token",
		Body:     "client_id=1000.DEMOSELFCLIENT0000000000000000&client_secret=%5BREDACTED%5D&grant_type=refresh_token&refresh_token=sha256%3A31df8861afe8fbc4",
		Status:   200,
		RespBody: `{"access_token":"sha256:` + strconv.Itoa(100000+i) + `","api_domain":"http://127.0.0.1:9595","expires_in":3600,"scope":"ZohoCRM.modules.ALL","token_type":"Bearer"}`,
		Verdict:  &contracts.Verdict{Contract: "zoho-accounts", Operation: "token"},
	}
}

var (
	reqHeader  = map[string][]string{"Content-Type": {"application/x-www-form-urlencoded"}, "Content-Length": {"171"}, "User-Agent": {"Go-http-client/1.1"}, "Accept-Encoding": {"gzip"}}
	respHeader = map[string][]string{"Content-Type": {"application/json;charset=UTF-8"}, "Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}
)

func one(_ string, v []string) string { return v[0] }

// full is a journal whose ring has wrapped.
func full(b *testing.B) *Journal {
	j := New(DefaultSize)
	for i := range DefaultSize + 1 {
		j.Add(refreshEntry(i))
	}
	b.ResetTimer()
	return j
}

func BenchmarkAddPacked(b *testing.B) {
	j := full(b)
	e := refreshEntry(0)
	b.ReportAllocs()
	for b.Loop() {
		j.AddPacked(e, PackHeader(reqHeader, one), PackHeader(respHeader, one))
	}
}

func BenchmarkAddPackedParallel(b *testing.B) {
	j := full(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		e := refreshEntry(1)
		for pb.Next() {
			j.AddPacked(e, PackHeader(reqHeader, one), PackHeader(respHeader, one))
		}
	})
}

func BenchmarkAdd(b *testing.B) {
	j := full(b)
	e := refreshEntry(0)
	e.Header = map[string]string{"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Go-http-client/1.1"}
	e.RespHeader = map[string]string{"Content-Type": "application/json;charset=UTF-8", "Cache-Control": "no-store"}
	b.ReportAllocs()
	for b.Loop() {
		j.Add(e)
	}
}

func BenchmarkQueryNewest50(b *testing.B) {
	j := full(b)
	b.ReportAllocs()
	for b.Loop() {
		if len(j.Query(Filter{Limit: 50})) != 50 {
			b.Fatal("short page")
		}
	}
}
