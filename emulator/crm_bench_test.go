package emulator_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

// The Zoho CRM benchmarks of docs/performance.md:
//
//   - BenchmarkLeadsPage: one 200-record page of Leads (GET
//     /crm/v8/Leads?fields=<15 fields>&per_page=200&page=3), through the
//     whole stack with validation and journal on, without validation, and
//     from a bare net/http handler that writes exactly the bytes the
//     emulator answered for that page, in process and over loopback,
//     measured in the same run (cpu-ns/op, as the refresh benchmarks);
//   - BenchmarkReadAllMillion: every record of a module of 1,000,000 Leads,
//     read over loopback with validation and journal on, pages 1..10 then
//     page_token, as a connector reads it (s/op is the whole read);
//   - BenchmarkGenerateMillion: emulator.New with that world and its
//     first answer from the far end of the module, with the process's peak
//     RSS (VmHWM).
//
//	go test -run '^$' -bench 'LeadsPage' -benchtime 2s -count 5 ./emulator/
//	go test -run '^$' -bench 'ReadAllMillion|GenerateMillion' -benchtime 1x ./emulator/
//
// Zoho CRM charges one API credit per read against an org's 24-hour
// budget (50,000 + 1,000 per user license, at most 5,000,000, for the demo
// org's enterprise edition) and allows 20 requests of an org in flight.
// The benchmarks raise every edition's credits and concurrency through the
// Config field (Options.CRM.Editions, crmUnlimited) so that no request is
// ever answered 429; every answer is checked to be the page itself.

// crmBenchFields are the 15 Leads fields the benchmarks read.
const crmBenchFields = "Company,First_Name,Last_Name,Email,Phone,Mobile,Lead_Source,Lead_Status,Industry,Annual_Revenue,Rating,Owner,Created_Time,Modified_Time,Email_Opt_Out"

// crmBenchPage is the page BenchmarkLeadsPage reads.
const crmBenchPage = "/crm/v8/Leads?fields=" + crmBenchFields + "&per_page=200&page=3"

// crmUnlimited is a CRM config whose editions never run out of credits
// nor of concurrency: a benchmark never sees a 429.
func crmUnlimited() zohocrm.Config {
	eds := map[zohocrm.Edition]zohocrm.EditionLimits{}
	for ed := range zohocrm.DefaultEditions {
		eds[ed] = zohocrm.EditionLimits{Credits: 1 << 40, Concurrency: 1 << 20}
	}
	return zohocrm.Config{Editions: eds}
}

// crmBenchEmulator is the demo world (or seed) with the CRM unthrottled,
// and a CRM access token of its admin.
func crmBenchEmulator(b *testing.B, seed *emulator.State, cfg zohocrm.Config, validated bool) (*emulator.Emulator, string) {
	b.Helper()
	if seed == nil {
		seed = emulator.Demo()
	}
	e, err := emulator.New(emulator.Options{
		Seed: seed, NoValidation: !validated, CRM: cfg,
		Accounts: zohoaccounts.Config{AccessTokenMints: noThrottle},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = e.Close() })
	e.IMS().Warm() // the process's IMS key, else generated in the background while timed
	w := &discardWriter{}
	e.Handler().ServeHTTP(w, formRequest(refreshForm(benchRefreshToken(b, e))))
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(w.body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		b.Fatalf("refresh: %d %s", w.status, w.body.String())
	}
	return e, tok.AccessToken
}

// crmRequest is a GET of path as the server hands it to a handler.
func crmRequest(path, token string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:9595"+path, nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	req.RemoteAddr = "127.0.0.1:40000"
	req.RequestURI = path
	return req
}

// crmPageOf is what the emulator answers to GET path, in process.
func crmPageOf(b *testing.B, e *emulator.Emulator, path, token string) (http.Header, []byte) {
	b.Helper()
	w := &discardWriter{}
	e.Handler().ServeHTTP(w, crmRequest(path, token))
	if w.status != http.StatusOK || !bytes.Contains(w.body.Bytes(), []byte(`"more_records":true`)) {
		b.Fatalf("GET %s: %d %.300s", path, w.status, w.body.String())
	}
	return w.header.Clone(), bytes.Clone(w.body.Bytes())
}

// fixedHandler is the yardstick of a page: a plain net/http handler that
// writes the given headers and body, with no state, validation or journal.
func fixedHandler(header http.Header, body []byte) http.Handler {
	h := header.Clone()
	h.Del("Date")
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		wh := w.Header()
		for k, v := range h {
			wh[k] = v
		}
		_, _ = w.Write(body)
	})
}

// samePage fails b unless the answer is want.
func samePage(b *testing.B, status int, body, want []byte) {
	if status != http.StatusOK || !bytes.Equal(body, want) {
		b.Errorf("not the page: %d %.200s", status, body)
	}
}

// getInProcess runs GET path through h in parallel, without a socket.
func getInProcess(b *testing.B, h http.Handler, path, token string, want []byte) {
	b.ReportAllocs()
	b.SetParallelism(benchParallelism)
	defer reportCPU(b)()
	b.RunParallel(func(pb *testing.PB) {
		w := &discardWriter{}
		for pb.Next() {
			w.reset()
			h.ServeHTTP(w, crmRequest(path, token))
			samePage(b, w.status, w.body.Bytes(), want)
		}
	})
}

// getOverLoopback GETs base+path in parallel over keep-alive connections.
func getOverLoopback(b *testing.B, base, path, token string, want []byte) {
	tr := &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	target := base + path
	auth := []string{"Zoho-oauthtoken " + token}
	b.ReportAllocs()
	b.SetParallelism(benchParallelism)
	defer reportCPU(b)()
	b.RunParallel(func(pb *testing.PB) {
		var body bytes.Buffer
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodGet, target, nil)
			req.Header["Authorization"] = auth
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			body.Reset()
			_, _ = body.ReadFrom(resp.Body)
			_ = resp.Body.Close()
			samePage(b, resp.StatusCode, body.Bytes(), want)
		}
	})
}

func BenchmarkLeadsPage(b *testing.B) {
	for _, where := range []string{"inprocess", "loopback"} {
		for _, m := range benchModes {
			b.Run(where+"/"+m.name, func(b *testing.B) {
				e, token := crmBenchEmulator(b, nil, crmUnlimited(), m.validated)
				_, want := crmPageOf(b, e, crmBenchPage, token)
				if where == "inprocess" {
					getInProcess(b, e.Handler(), crmBenchPage, token, want)
				} else {
					getOverLoopback(b, startLoopback(b, e), crmBenchPage, token, want)
				}
				b.StopTimer()
				noViolations(b, e)
			})
		}
		b.Run(where+"/bare", func(b *testing.B) {
			// The bytes the validated emulator answers for the page.
			e, token := crmBenchEmulator(b, nil, crmUnlimited(), true)
			header, want := crmPageOf(b, e, crmBenchPage, token)
			h := fixedHandler(header, want)
			if where == "inprocess" {
				getInProcess(b, h, crmBenchPage, token, want)
			} else {
				getOverLoopback(b, serveLoopback(b, h), crmBenchPage, token, want)
			}
		})
	}
}

// millionLeads is the demo world with its Leads scaled to a million and
// page tokens reaching all of them (Zoho stops them at 100,000; the
// PageTokenLimit of docs/zoho-crm.md lifts that), without CRM throttling.
func millionLeads(b *testing.B) (*emulator.State, zohocrm.Config) {
	b.Helper()
	seed := emulator.Demo()
	if err := seed.ScaleCRM("Leads", 1_000_000); err != nil {
		b.Fatal(err)
	}
	cfg := crmUnlimited()
	cfg.PageTokenLimit = -1
	return seed, cfg
}

func BenchmarkReadAllMillion(b *testing.B) {
	seed, cfg := millionLeads(b)
	e, token := crmBenchEmulator(b, seed, cfg, true)
	base := startLoopback(b, e)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	defer reportCPU(b)()
	var pages int
	for range b.N {
		records, p := readAll(b, client, base, token)
		pages += p
		if records < 1_000_000 {
			b.Fatalf("read %d records, want at least 1000000", records)
		}
	}
	b.ReportMetric(float64(pages)/float64(b.N), "pages/op")
	b.StopTimer()
	if kb := vmHWM(); kb > 0 {
		b.ReportMetric(float64(kb)/1024, "VmHWM-MiB")
	}
	noViolations(b, e)
}

// readAll reads every Lead as a connector does: pages 1 to 10, then
// page_token from the tenth page's next_page_token on; converted=both
// includes the converted Leads, so every one of the million is read.
func readAll(b *testing.B, client *http.Client, base, token string) (records, pages int) {
	q := url.Values{"fields": {crmBenchFields}, "per_page": {"200"}, "converted": {"both"}}
	var page struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
		Info struct {
			MoreRecords   bool   `json:"more_records"`
			NextPageToken string `json:"next_page_token"`
		} `json:"info"`
	}
	for n := 1; ; n++ {
		if n <= 10 {
			q.Set("page", strconv.Itoa(n))
		}
		req, _ := http.NewRequest(http.MethodGet, base+"/crm/v8/Leads?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		page.Data, page.Info.MoreRecords, page.Info.NextPageToken = page.Data[:0], false, ""
		err = json.NewDecoder(resp.Body).Decode(&page)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil {
			b.Fatalf("page %d: %s %v", n, resp.Status, err)
		}
		records += len(page.Data)
		pages++
		if !page.Info.MoreRecords {
			return records, pages
		}
		if n >= 10 {
			q.Del("page")
			q.Set("page_token", page.Info.NextPageToken)
		}
	}
}

func BenchmarkGenerateMillion(b *testing.B) {
	b.ReportAllocs()
	defer reportCPU(b)()
	for range b.N {
		seed, cfg := millionLeads(b)
		b.StartTimer()
		e, token := crmBenchEmulator(b, seed, cfg, true)
		// The far end of the module: the default order is id descending,
		// so ascending page 1 is the default order's last page (the first
		// million-th generated records).
		crmPageOf(b, e, "/crm/v8/Leads?fields="+crmBenchFields+"&per_page=200&sort_order=asc&page=1", token)
		b.StopTimer()
		_ = e.Close()
	}
	if kb := vmHWM(); kb > 0 {
		b.ReportMetric(float64(kb)/1024, "VmHWM-MiB")
	}
}

// vmHWM is the process's peak resident set in KiB (Linux), 0 elsewhere.
func vmHWM() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb
		}
	}
	return 0
}
