package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
	"github.com/zohoaep/zohoaep/internal/cputime"
)

// The Flow Service benchmarks of docs/performance.md ("AEP Flow Service"):
// explore of the Leads table and a base connection's create, read, patch
// and delete, over loopback through the whole stack (landing, routing,
// the Adobe I/O gateway's checks, contract validation of request and
// response, the Flow Service state, redaction, the journal; explore also
// reads Zoho CRM's field metadata through the connector runtime, itself a
// validated and journaled exchange), each beside a bare net/http handler
// that answers the same bytes, measured in the same run; and the first run
// (backfill) of a dataflow over 100,000 Leads:
//
//	go test -run '^$' -bench 'AEP' -benchtime 2s ./emulator/
//	go test -run '^$' -bench 'DataflowBackfill' -benchtime 3x ./emulator/
//
// Zoho CRM allows an Enterprise org 50,000 API credits a day plus 1,000 per
// user; the explore benchmark raises the credits through the Config field
// (Options.CRM.Editions) so that every explore reads Zoho, as the refresh
// benchmarks raise the refresh throttle. The clock runs on wall time.

// benchCRM lifts the daily API credits of Zoho CRM's Enterprise edition
// and keeps its documented concurrency.
var benchCRM = zohocrm.Config{Editions: map[zohocrm.Edition]zohocrm.EditionLimits{
	zohocrm.Enterprise: {Credits: 1 << 30, Concurrency: zohocrm.DefaultEditions[zohocrm.Enterprise].Concurrency},
}}

// aepBench is a Flow Service benchmark's world: the demo emulator served
// on loopback, an IMS token and a Zoho base connection with live tokens.
type aepBench struct {
	base   string
	header http.Header // the gateway's headers
	params map[string]any
	conn   string
}

func newAEPBench(b *testing.B, validated bool) (*emulator.Emulator, *aepBench) {
	b.Helper()
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo(), NoValidation: !validated, CRM: benchCRM})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = e.Close() })
	w := &aepBench{base: startLoopback(b, e)}
	w.header = http.Header{"X-Api-Key": {adobeims.DemoClientID}, "X-Gw-Ims-Org-Id": {adobeims.DemoOrgID},
		"X-Sandbox-Name": {"prod"}, "Authorization": {"Bearer " + benchIMSToken(b, e)}}
	access, refresh := benchZohoTokens(b, e)
	w.params = map[string]any{"endpoint": "crm.zoho.com/crm/private", "accountsUrl": w.base,
		"clientId": emulator.DemoSelfClientID, "clientSecret": emulator.DemoClientSecret,
		"accessToken": access, "refreshToken": refresh}
	c := &http.Client{}
	var made created
	w.must(b, c, http.MethodPost, "/connections", w.connection(), "", http.StatusCreated, &made)
	w.conn = made.ID
	return e, w
}

// benchIMSToken is a server-to-server token of the demo credential.
func benchIMSToken(b *testing.B, e *emulator.Emulator) string {
	b.Helper()
	resp, err := e.HTTPClient().PostForm(e.URL()+"/ims/token/v3", url.Values{"grant_type": {"client_credentials"},
		"client_id": {adobeims.DemoClientID}, "client_secret": {adobeims.DemoClientSecret}, "scope": {"openid,AdobeID,read_organizations"}})
	if err != nil {
		b.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	_ = resp.Body.Close()
	if err != nil || tok.AccessToken == "" {
		b.Fatalf("IMS token: %d %v", resp.StatusCode, err)
	}
	return tok.AccessToken
}

// benchZohoTokens are the tokens of a self-client grant with the scopes the
// connector runtime needs.
func benchZohoTokens(b *testing.B, e *emulator.Emulator) (access, refresh string) {
	b.Helper()
	code, err := e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{ClientID: emulator.DemoSelfClientID,
		User: emulator.DemoUserEmail, Scopes: []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"}})
	if err != nil {
		b.Fatal(err)
	}
	resp, err := e.HTTPClient().PostForm(e.URL()+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"},
		"client_id": {emulator.DemoSelfClientID}, "client_secret": {emulator.DemoClientSecret}, "code": {code.Code}})
	if err != nil {
		b.Fatal(err)
	}
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	_ = resp.Body.Close()
	if err != nil || tok.RefreshToken == "" {
		b.Fatalf("Zoho tokens: %d %v", resp.StatusCode, err)
	}
	return tok.AccessToken, tok.RefreshToken
}

func (w *aepBench) connection() []byte {
	body, _ := json.Marshal(map[string]any{"name": "Zoho CRM base connection",
		"auth":           map[string]any{"specName": "Basic Authentication", "params": w.params},
		"connectionSpec": map[string]any{"id": zohoSpecID, "version": "1.0"}})
	return body
}

// send makes one Flow Service call and checks its status; out (unless nil)
// receives the JSON answer.
func (w *aepBench) send(c *http.Client, method, path string, body []byte, ifMatch string, status int, out any) error {
	req, err := http.NewRequest(method, w.base+flowAPI+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	for k, v := range w.header {
		req.Header[k] = v
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != status {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

func (w *aepBench) must(b *testing.B, c *http.Client, method, path string, body []byte, ifMatch string, status int, out any) {
	b.Helper()
	if err := w.send(c, method, path, body, ifMatch, status, out); err != nil {
		b.Fatal(err)
	}
}

// exploreLeads is GET explore?objectType=table&object=Leads.
func (w *aepBench) exploreLeads(c *http.Client) error {
	var schema tableSchema
	if err := w.send(c, http.MethodGet, "/connections/"+w.conn+"/explore?objectType=table&object=Leads", nil, "", http.StatusOK, &schema); err != nil {
		return err
	}
	if len(schema.Schema.Columns) == 0 {
		return fmt.Errorf("explore: no columns")
	}
	return nil
}

// crud creates a base connection, reads it, renames it and deletes it.
func (w *aepBench) crud(c *http.Client, body []byte) error {
	var made, patched created
	if err := w.send(c, http.MethodPost, "/connections", body, "", http.StatusCreated, &made); err != nil {
		return err
	}
	var got items[map[string]any]
	if err := w.send(c, http.MethodGet, "/connections/"+made.ID, nil, "", http.StatusOK, &got); err != nil {
		return err
	}
	if len(got.Items) != 1 {
		return fmt.Errorf("GET connection: %d items", len(got.Items))
	}
	rename := []byte(`[{"op":"replace","path":"/name","value":"Zoho CRM (renamed)"}]`)
	if err := w.send(c, http.MethodPatch, "/connections/"+made.ID, rename, made.Etag, http.StatusOK, &patched); err != nil {
		return err
	}
	return w.send(c, http.MethodDelete, "/connections/"+made.ID, nil, "", http.StatusNoContent, nil)
}

// answer is one answer of the emulator, kept for the bare handler.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// recording is a transport that keeps the last answer to each method.
type recording struct {
	answers map[string]answer
}

func (r *recording) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.answers[req.Method] = answer{status: resp.StatusCode, header: resp.Header.Clone(), body: body}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// record runs op once against the emulator and keeps its answers.
func record(b *testing.B, op func(*http.Client) error) map[string]answer {
	b.Helper()
	rec := &recording{answers: map[string]answer{}}
	if err := op(&http.Client{Transport: rec}); err != nil {
		b.Fatal(err)
	}
	return rec.answers
}

// bareReplay is the yardstick: a plain net/http handler that reads the
// request and answers, by method, the bytes the emulator answered (status,
// Content-Type, body), with no state, validation or journal.
func bareReplay(answers map[string]answer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		a := answers[r.Method]
		h := w.Header()
		for _, k := range []string{"Content-Type", "Location", "X-Request-Id"} {
			if v, ok := a.header[k]; ok {
				h[k] = v
			}
		}
		h["Content-Length"] = []string{fmt.Sprint(len(a.body))}
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
	})
}

// parallelOps runs op in parallel over keep-alive loopback connections,
// one op per b.N.
func parallelOps(b *testing.B, op func(*http.Client) error) {
	tr := &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	b.ReportAllocs()
	b.SetParallelism(benchParallelism)
	defer reportCPU(b)()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := op(client); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// benchAEP measures op against the emulator, validated and not, and
// against a bare handler answering the bytes the emulator answered.
func benchAEP(b *testing.B, op func(w *aepBench, c *http.Client) error) {
	e, w := newAEPBench(b, true)
	bare := *w
	bare.base = serveLoopback(b, bareReplay(record(b, func(c *http.Client) error { return op(w, c) })))
	_ = e.Close()
	for _, m := range benchModes {
		b.Run("loopback/"+m.name, func(b *testing.B) {
			e, w := newAEPBench(b, m.validated)
			parallelOps(b, func(c *http.Client) error { return op(w, c) })
			b.StopTimer()
			noViolations(b, e)
		})
	}
	b.Run("loopback/bare", func(b *testing.B) {
		parallelOps(b, func(c *http.Client) error { return op(&bare, c) })
	})
}

func BenchmarkAEPExplore(b *testing.B) {
	benchAEP(b, (*aepBench).exploreLeads)
}

func BenchmarkAEPConnectionCRUD(b *testing.B) {
	benchAEP(b, func(w *aepBench, c *http.Client) error { return w.crud(c, w.connection()) })
}

// backfillLeads is the number of Leads the backfill benchmark reads.
const backfillLeads = 100_000

// BenchmarkDataflowBackfill times the first run (backfill) of an hourly
// dataflow over 100,000 Zoho CRM Leads: every page read through the
// connector runtime from the region's egress IP and journaled (and
// validated against the Zoho CRM contract unless unvalidated), mapped, and
// appended to the dataset. It reports the wall time (wall-s/op; the
// target is under 10 s) and the process's CPU time (cpu-s/op): a figure to
// read, not a check, since wall time depends on what else the machine does.
func BenchmarkDataflowBackfill(b *testing.B) {
	for _, m := range benchModes {
		b.Run(m.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				e, dataset := backfillWorld(b, m.validated)
				cpu := cputime.Process()
				started := time.Now()
				b.StartTimer()
				err := e.RunDue(context.Background())
				b.StopTimer()
				took, used := time.Since(started), cputime.Process()-cpu
				if err != nil {
					b.Fatal(err)
				}
				checkBackfill(b, e, dataset)
				b.ReportMetric(took.Seconds(), "wall-s/op")
				b.ReportMetric(used.Seconds(), "cpu-s/op")
				noViolations(b, e)
				_ = e.Close()
			}
		})
	}
}

// checkBackfill fails b unless the run succeeded and the dataset holds a
// row per unconverted Lead.
func checkBackfill(b *testing.B, e *emulator.Emulator, dataset string) {
	b.Helper()
	runs := e.FlowService().Runs(demoTenant, zohosource.DemoFlowID)
	if len(runs) != 1 || runs[0].Metrics.StatusSummary.Status != flowservice.RunSuccess {
		b.Fatalf("runs: %s", jsonString(runs))
	}
	want, err := e.CRMData().Count(emulator.DemoOrgID, crmdata.Leads, crmdata.Query{})
	if err != nil {
		b.Fatal(err)
	}
	got, _ := e.FlowService().Dataset(demoTenant, dataset)
	if got.Rows != want || runs[0].Metrics.RecordSummary.OutputRecordCount != int64(want) {
		b.Fatalf("%d rows landed, the run says %d, the CRM has %d unconverted Leads",
			got.Rows, runs[0].Metrics.RecordSummary.OutputRecordCount, want)
	}
	b.ReportMetric(float64(want), "rows/op")
	b.ReportMetric(float64(runs[0].Metrics.SizeSummary.InputBytes)/(1<<20), "MiB-read/op")
}

// backfillWorld is the demo world with 100,000 Leads and the demo dataflow
// in the demo IMS org's prod sandbox, its first window due now.
func backfillWorld(b *testing.B, validated bool) (*emulator.Emulator, string) {
	b.Helper()
	seed := emulator.Demo()
	seed.CRM.Data[0].Spec.Modules = []crmdata.ModuleSpec{{APIName: crmdata.Leads, Generate: backfillLeads}}
	e, err := emulator.New(emulator.Options{Seed: seed, NoValidation: !validated})
	if err != nil {
		b.Fatal(err)
	}
	access, refresh := benchZohoTokens(b, e)
	demo := zohosource.Demo{Tenant: demoTenant, AccountsURL: "https://accounts.zoho.com",
		ClientID: emulator.DemoSelfClientID, ClientSecret: emulator.DemoClientSecret,
		AccessToken: access, RefreshToken: refresh, StartTime: e.Clock().Now().Truncate(time.Second)}
	if err := e.FlowService().Seed(flowservice.State{Tenants: []flowservice.TenantState{demo.TenantState()}}); err != nil {
		b.Fatal(err)
	}
	return e, zohosource.DemoDatasetID
}
