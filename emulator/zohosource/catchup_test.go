package zohosource

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/openapi"
)

var (
	runSchemaOnce sync.Once
	runSchema     *openapi3.Schema
)

// validRun checks a run against the Run schema of the Flow Service
// contract, as GET /runs would send it.
func validRun(t *testing.T, r flowservice.Run) map[string]any {
	t.Helper()
	runSchemaOnce.Do(func() {
		data, err := openapi.Spec(openapi.FlowService)
		require.NoError(t, err)
		doc, err := openapi3.NewLoader().LoadFromData(data)
		require.NoError(t, err)
		runSchema = doc.Components.Schemas["Run"].Value
	})
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(marshal(t, r)), &m))
	require.NoError(t, runSchema.VisitJSON(m))
	return m
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func copyExt(r flowservice.Run) map[string]any { return r.Activities[0].DurationSummary.Extensions }

func TestCatchUpRuns(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	assert.Empty(t, w.catchUp(t, t0.Add(-time.Second)), "nothing is due before startTime")

	// The first run is due at startTime and backfills all history.
	runs := w.catchUp(t, t0)
	require.Len(t, runs, 1)
	r := runs[0]
	doc := validRun(t, r)
	assert.Equal(t, runID(tenant, DemoFlowID, t0), r.ID)
	assert.Equal(t, flowservice.System, r.CreatedBy)
	assert.Equal(t, ms(t0), r.CreatedAt)
	assert.Equal(t, "M-"+DemoFlowID+"-incremental-0:"+adfRunID(r.ID), r.ProviderRefID)
	assert.Equal(t, flowservice.RunSuccess, r.Metrics.StatusSummary.Status)
	assert.Equal(t, &flowservice.DurationSummary{StartedAtUTC: ms(t0), CompletedAtUTC: ms(t0.Add(30 * time.Second))}, r.Metrics.DurationSummary)
	assert.Equal(t, &flowservice.RecordSummary{InputRecordCount: 3, OutputRecordCount: 3}, r.Metrics.RecordSummary)
	assert.Equal(t, &flowservice.FileSummary{InputFileCount: 1, OutputFileCount: 1, ActivityRefs: []string{"promotionActivity"}}, r.Metrics.FileSummary)
	assert.Positive(t, r.Metrics.SizeSummary.InputBytes)
	assert.Positive(t, r.Metrics.SizeSummary.OutputBytes)
	require.Len(t, r.Activities, 2)
	assert.Equal(t, "copyActivity", r.Activities[0].ID)
	assert.Equal(t, map[string]any{"windowStart": json.Number("0"), "windowEnd": json.Number(itoa(ms(t0)))}, copyExt(r))
	assert.Equal(t, map[string]any{"type": "one-time"}, r.Activities[0].StatusSummary.Extensions)
	assert.Equal(t, []flowservice.ActivityInfo{{ID: DemoSourceID, Type: "SourceConnection",
		Reference: flowservice.Reference{Type: "AdfRunId", IDs: []string{adfRunID(r.ID)}}}}, r.Activities[0].SourceInfo)
	assert.Equal(t, "promotionActivity", r.Activities[1].ID)
	assert.Equal(t, []flowservice.ActivityInfo{{ID: DemoTargetID, Type: "TargetConnection",
		Reference: flowservice.Reference{Type: "Batch", IDs: []string{batchID(t0, r.ID)}}}}, r.Activities[1].TargetInfo)
	assert.NotContains(t, marshal(t, doc), "errors")

	rows := w.rows(t)
	require.Len(t, rows, 3)
	assert.JSONEq(t, `{"_zohoaep":{"recordId":"4918916000000000001","company":"Company 1",
		"createdTime":"2026-02-27T09:00:00+00:00","modifiedTime":"2026-02-27T10:00:00+00:00"},
		"person":{"name":{"firstName":"First1","lastName":"Last1"}},"personalEmail":{"address":"lead1@zylker.test"}}`, marshal(t, rows[0]))
	leads := w.zoho.Requests("/crm/v2/Leads")
	require.NotEmpty(t, leads)
	first := leads[len(leads)-1]
	assert.Equal(t, "Modified_Time", first.Query.Get("sort_by"))
	assert.Equal(t, "asc", first.Query.Get("sort_order"))
	assert.Equal(t, "1", first.Query.Get("page"))
	assert.Empty(t, first.Header.Get("If-Modified-Since"), "the backfill reads all history")
	assert.Equal(t, "20.42.2.1", first.Source.String())

	f, _ := w.fs.Flow(tenant, DemoFlowID)
	require.NotNil(t, f.LastRunDetails)
	assert.Equal(t, flowservice.RunDetails{ID: r.ID, State: "success", StartedAtUTC: ms(t0), CompletedAtUTC: ms(t0.Add(30 * time.Second))}, *f.LastRunDetails)

	// Idempotent: nothing more is due.
	assert.Len(t, w.catchUp(t, t0.Add(59*time.Minute)), 1)

	// Two windows later: a new lead in the first, an update in the second.
	w.zoho.AddLeads(t0.Add(30 * time.Minute))
	w.zoho.Touch("4918916000000000001", t0.Add(90*time.Minute))
	runs = w.catchUp(t, t0.Add(2*time.Hour+5*time.Minute))
	require.Len(t, runs, 3)
	for i, want := range []struct {
		from, to time.Time
		n        int64
		id       string
	}{{t0, t0.Add(time.Hour), 1, "4918916000000000004"}, {t0.Add(time.Hour), t0.Add(2 * time.Hour), 1, "4918916000000000001"}} {
		r := runs[i+1]
		validRun(t, r)
		assert.Equal(t, map[string]any{"windowStart": json.Number(itoa(ms(want.from))), "windowEnd": json.Number(itoa(ms(want.to)))}, copyExt(r))
		assert.Equal(t, "incremental", r.Activities[0].StatusSummary.Extensions["type"])
		assert.Equal(t, want.n, r.Metrics.RecordSummary.OutputRecordCount)
		assert.Equal(t, ms(want.to), r.CreatedAt)
	}
	rows = w.rows(t)
	require.Len(t, rows, 5)
	assert.Equal(t, "4918916000000000004", rows[3]["_zohoaep"].(map[string]any)["recordId"])
	assert.Equal(t, "4918916000000000001", rows[4]["_zohoaep"].(map[string]any)["recordId"])
	leads = w.zoho.Requests("/crm/v2/Leads")
	assert.Equal(t, "2026-03-02T10:59:59+00:00", leads[len(leads)-1].Header.Get("If-Modified-Since"))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestCatchUpFailureAndRecovery: a revoked refresh token fails runs, with
// Zoho's answer in the run; the run after the fix reads from the last
// success, so nothing is lost.
func TestCatchUpFailureAndRecovery(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	require.Len(t, w.catchUp(t, t0), 1)

	w.zoho.Set(func(z *FakeZoho) { z.Refresh["1000.rt"], z.Access = false, map[string]bool{} })
	w.zoho.AddLeads(t0.Add(10 * time.Minute))
	runs := w.catchUp(t, t0.Add(2*time.Hour))
	require.Len(t, runs, 3)
	for i, r := range runs[1:] {
		doc := validRun(t, r)
		assert.Equal(t, flowservice.StatusSummary{Status: "failed", ActivityRefs: []string{"copyActivity"},
			Errors: []flowservice.RunError{{Code: "CONNECTOR-1001-500", Message: "Error in copying the data from Source."}}}, r.Metrics.StatusSummary)
		require.Len(t, r.Metrics.RecordSummary.FailedInfo, 1)
		assert.Equal(t, "2200", r.Metrics.RecordSummary.FailedInfo[0].Code)
		assert.Equal(t, `Zoho answered POST https://accounts.zoho.com/oauth/v2/token with HTTP 200: {"error":"invalid_code"}`,
			r.Metrics.RecordSummary.FailedInfo[0].Message)
		require.Len(t, r.Activities, 1, "no promotion after a failed copy")
		assert.Equal(t, "failed", r.Activities[0].StatusSummary.Status)
		assert.Equal(t, "ErrorCode=ZohoAuthenticationFailed,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,"+
			`Message=Zoho answered POST https://accounts.zoho.com/oauth/v2/token with HTTP 200: {"error":"invalid_code"},`+
			"Source=Microsoft.DataTransfer.Common,'", r.Activities[0].StatusSummary.Extensions["errorDetail"])
		assert.Equal(t, json.Number(itoa(ms(t0))), copyExt(r)["windowStart"], "run %d reads from the last success", i+1)
		for _, secret := range []string{"s3cr3t-client-secret", "1000.rt\"", "1000.stale-access-token"} {
			assert.NotContains(t, marshal(t, doc), secret)
		}
	}
	f, _ := w.fs.Flow(tenant, DemoFlowID)
	assert.Equal(t, "failed", f.LastRunDetails.State)

	// The client reconnects with a new refresh token.
	w.zoho.Set(func(z *FakeZoho) { z.Refresh["1000.rt2"] = true })
	w.setParams(t, map[string]any{"refreshToken": "1000.rt2"})
	w.zoho.AddLeads(t0.Add(150 * time.Minute))
	runs = w.catchUp(t, t0.Add(3*time.Hour))
	require.Len(t, runs, 4)
	r := runs[3]
	validRun(t, r)
	assert.Equal(t, "success", r.Metrics.StatusSummary.Status)
	assert.Equal(t, map[string]any{"windowStart": json.Number(itoa(ms(t0))), "windowEnd": json.Number(itoa(ms(t0.Add(3 * time.Hour))))}, copyExt(r))
	assert.Equal(t, int64(2), r.Metrics.RecordSummary.OutputRecordCount)
	assert.Len(t, w.rows(t), 5)
}

// TestRunFailures: each Zoho-side failure is a failed run whose
// errorDetail carries the kind and Zoho's answer verbatim.
func TestRunFailures(t *testing.T) {
	leadsFail := func(status int, body string, err error) func(z *FakeZoho) {
		return func(z *FakeZoho) {
			z.Fail = func(r *http.Request) (int, string, error) {
				if r.URL.Path == "/crm/v2/Leads" {
					return status, body, err
				}
				return 0, "", nil
			}
		}
	}
	for _, tc := range []struct {
		name   string
		cfg    Config
		table  string
		set    func(z *FakeZoho)
		code   string
		detail string
	}{
		{"refresh throttled", Config{}, "", func(z *FakeZoho) { z.Throttled = true }, "ZohoRequestThrottled",
			`with HTTP 400: {"error":"Access Denied","error_description":"You have made too many requests continuously. Please try again after some time.","status":"failure"}`},
		{"IP not allowed", Config{Region: RegionNLD2}, "", func(z *FakeZoho) { z.Allowed = Regions[0].Ranges }, "ZohoAccessDenied",
			`{"error":"Access Denied","error_description":"Access denied from this IP address.","status":"failure"}`},
		{"credits exhausted", Config{}, "", leadsFail(429, `{"code":"TOO_MANY_REQUESTS","details":{},"message":"too many requests","status":"error"}`, nil),
			"ZohoRequestThrottled", `GET https://www.zohoapis.com/crm/v2/Leads with HTTP 429: {"code":"TOO_MANY_REQUESTS"`},
		{"server error", Config{}, "", leadsFail(500, `{"code":"INTERNAL_ERROR","details":{},"message":"Internal Server Error","status":"error"}`, nil),
			"ZohoServiceError", `with HTTP 500: {"code":"INTERNAL_ERROR"`},
		{"connection reset", Config{}, "", leadsFail(0, "", errors.New("read: connection reset by peer")),
			"ZohoNetworkIssue", "GET https://www.zohoapis.com/crm/v2/Leads failed: read: connection reset by peer"},
		{"unknown module", Config{}, "Nope", nil, "ZohoRequestFailed", `"code":"INVALID_MODULE"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := demo()
			d.Table = tc.table
			w := newWorld(t, tc.cfg, d)
			if tc.set != nil {
				w.zoho.Set(tc.set)
			}
			runs := w.catchUp(t, t0)
			require.Len(t, runs, 1)
			r := runs[0]
			doc := validRun(t, r)
			assert.Equal(t, "failed", r.Metrics.StatusSummary.Status)
			detail, _ := r.Activities[0].StatusSummary.Extensions["errorDetail"].(string)
			assert.Contains(t, detail, "ErrorCode="+tc.code+",")
			assert.Contains(t, detail, tc.detail)
			assert.Empty(t, w.rows(t))
			for _, secret := range []string{"s3cr3t-client-secret", "1000.rt\"", "1000.stale-access-token", "1000.access"} {
				assert.NotContains(t, marshal(t, doc), secret)
				assert.NotContains(t, w.logs.String(), secret)
			}
		})
	}
}

// TestCatchUpPaging: page numbers up to the discrete limit, then
// page_token on versions that have it; v2 pages by number throughout.
func TestCatchUpPaging(t *testing.T) {
	for _, tc := range []struct {
		version string
		pages   []string // page or page_token of each read
	}{
		{"v2", []string{"page=1", "page=2", "page=3", "page=4"}},
		{"v4", []string{"page=1", "page=2", "token=6", "token=9"}},
		{"v8", []string{"page=1", "page=2", "token=6", "token=9"}},
	} {
		t.Run(tc.version, func(t *testing.T) {
			w := newWorld(t, Config{APIVersion: tc.version, PageSize: 3, DiscreteLimit: 6}, demo())
			w.zoho.Set(func(z *FakeZoho) { z.DiscreteLimit = 6 })
			for i := range 7 {
				w.zoho.AddLeads(t0.Add(-time.Duration(30-i) * time.Minute))
			}
			w.zoho.AddLeads(t0.Add(time.Minute), t0.Add(2*time.Minute)) // after the window
			runs := w.catchUp(t, t0)
			require.Len(t, runs, 1)
			require.Equal(t, "success", runs[0].Metrics.StatusSummary.Status, marshal(t, runs[0]))
			assert.Equal(t, int64(10), runs[0].Metrics.RecordSummary.OutputRecordCount)
			var got []string
			for _, r := range w.zoho.Requests("/crm/" + tc.version + "/Leads") {
				if r.Header.Get("Authorization") == "Zoho-oauthtoken 1000.stale-access-token" {
					continue
				}
				if p := r.Query.Get("page"); p != "" {
					got = append(got, "page="+p)
				} else {
					got = append(got, "token="+r.Query.Get("page_token"))
				}
				if tc.version != "v2" {
					assert.Contains(t, r.Query.Get("fields"), "Modified_Time")
					assert.NotContains(t, r.Query.Get("fields"), "Lines")
				} else {
					assert.Empty(t, r.Query.Get("fields"))
				}
			}
			assert.Equal(t, tc.pages, got, "the read stops at the first record past the window")
			ids := map[any]bool{}
			for _, row := range w.rows(t) {
				ids[row["_zohoaep"].(map[string]any)["recordId"]] = true
			}
			assert.Len(t, ids, 10)
		})
	}
}

func TestLifecycleTimed(t *testing.T) {
	w := newWorld(t, Config{Lifecycle: LifecycleTimed, RunDuration: time.Minute}, demo())
	runs := w.catchUp(t, t0.Add(30*time.Second))
	require.Len(t, runs, 1)
	r := runs[0]
	validRun(t, r)
	assert.Equal(t, "inProgress", r.Metrics.StatusSummary.Status)
	assert.Equal(t, "inProgress", r.Activities[0].StatusSummary.Status)
	assert.Zero(t, r.Metrics.DurationSummary.CompletedAtUTC)
	assert.Empty(t, w.rows(t))
	f, _ := w.fs.Flow(tenant, DemoFlowID)
	assert.Equal(t, "inProgress", f.LastRunDetails.State)

	runs = w.catchUp(t, t0.Add(60*time.Minute+30*time.Second))
	require.Len(t, runs, 2, "the first finishes at t0+1m, the second starts at t0+1h")
	assert.Equal(t, "success", runs[0].Metrics.StatusSummary.Status)
	assert.Equal(t, ms(t0.Add(time.Minute)), runs[0].Metrics.DurationSummary.CompletedAtUTC)
	assert.Equal(t, runs[0].ID, r.ID)
	assert.Equal(t, "inProgress", runs[1].Metrics.StatusSummary.Status)
	assert.Len(t, w.rows(t), 3)
	runs = w.catchUp(t, t0.Add(62*time.Minute))
	assert.Equal(t, "success", runs[1].Metrics.StatusSummary.Status)
}

func TestLifecycleManual(t *testing.T) {
	w := newWorld(t, Config{Lifecycle: LifecycleManual}, demo())
	runs := w.catchUp(t, t0.Add(3*time.Hour))
	require.Len(t, runs, 1, "a flow's windows wait for its run in progress")
	_, err := w.eng.Complete(t.Context(), tenant, "00000000-0000-4000-8000-000000000000")
	assert.ErrorIs(t, err, flowservice.ErrUnknown)

	w.clock.Set(t0.Add(3*time.Hour + time.Minute))
	r, err := w.eng.Complete(t.Context(), tenant, runs[0].ID)
	require.NoError(t, err)
	validRun(t, r)
	assert.Equal(t, "success", r.Metrics.StatusSummary.Status)
	assert.Equal(t, ms(t0.Add(3*time.Hour+time.Minute)), r.Metrics.DurationSummary.CompletedAtUTC)
	_, err = w.eng.Complete(t.Context(), tenant, runs[0].ID)
	assert.ErrorIs(t, err, ErrNotInProgress)

	runs = w.catchUp(t, t0.Add(3*time.Hour+time.Minute))
	require.Len(t, runs, 2)
	assert.Equal(t, "inProgress", runs[1].Metrics.StatusSummary.Status)
}

func TestMappingFailures(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	ts := demo().TenantState()
	ts.MappingSets[0].Doc["mappings"] = append(ts.MappingSets[0].Doc["mappings"].([]any),
		map[string]any{"sourceType": "EXPRESSION", "sourceAttribute": "upper(Email)", "destinationXdmPath": "_zohoaep.upper"})
	require.NoError(t, w.fs.Seed(flowservice.State{Tenants: []flowservice.TenantState{ts}}))
	runs := w.catchUp(t, t0)
	require.Len(t, runs, 1)
	r := runs[0]
	validRun(t, r)
	assert.Equal(t, "success", r.Metrics.StatusSummary.Status, "as Adobe's sample: success, with errors")
	assert.Equal(t, &flowservice.RecordSummary{InputRecordCount: 3, OutputRecordCount: 0, FailedRecordCount: 3}, r.Metrics.RecordSummary)
	assert.Equal(t, []flowservice.RunError{{Code: "CONNECTOR-2001-500", Message: "Error occurred at promotion activity."}}, r.Metrics.StatusSummary.Errors)
	assert.JSONEq(t, `{"errors":[
		{"code":"INGEST-1212-400","message":"Encountered 3 errors in the data. Successfully ingested 0 rows. Review the associated diagnostic files for additional details."},
		{"code":"MAPPER-3700-400","recordCount":3,"message":"Mapper Transform Error"}]}`, marshal(t, r.Activities[1].StatusSummary.Extensions))
	assert.Empty(t, w.rows(t))
}

func TestOnceAndNoBackfill(t *testing.T) {
	d := demo()
	d.Frequency = "once"
	w := newWorld(t, Config{}, d)
	runs := w.catchUp(t, t0.Add(5*time.Hour))
	require.Len(t, runs, 1)
	assert.Equal(t, "once", runs[0].Activities[0].StatusSummary.Extensions["type"])
	assert.Equal(t, int64(3), runs[0].Metrics.RecordSummary.OutputRecordCount)
	leads := w.zoho.Requests("/crm/v2/Leads")
	assert.Empty(t, leads[len(leads)-1].Query.Get("sort_by"), "a once flow has no delta column")
	assert.Len(t, w.catchUp(t, t0.Add(50*time.Hour)), 1)

	d = demo()
	d.NoBackfill = true
	w = newWorld(t, Config{}, d)
	w.zoho.AddLeads(t0.Add(20 * time.Minute))
	assert.Empty(t, w.catchUp(t, t0.Add(59*time.Minute)))
	runs = w.catchUp(t, t0.Add(time.Hour))
	require.Len(t, runs, 1)
	assert.Equal(t, map[string]any{"windowStart": json.Number(itoa(ms(t0))), "windowEnd": json.Number(itoa(ms(t0.Add(time.Hour))))}, copyExt(runs[0]))
	assert.Equal(t, int64(1), runs[0].Metrics.RecordSummary.OutputRecordCount)
}

func TestDisabledFlow(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	ts := demo().TenantState()
	ts.Flows[0].State = flowservice.StateDisabled
	require.NoError(t, w.fs.Seed(flowservice.State{Tenants: []flowservice.TenantState{ts}}))
	assert.Empty(t, w.catchUp(t, t0.Add(5*time.Hour)))
}

// TestCatchUpConcurrent: overlapping calls run each window once.
func TestCatchUpConcurrent(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	at := t0.Add(5 * time.Hour)
	w.clock.Set(at)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { assert.NoError(t, w.eng.CatchUp(t.Context(), at)) })
		wg.Go(func() {
			_, err := w.eng.Explore(t.Context(), w.conn(t), query("root", "", false))
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	runs := w.fs.Runs(tenant, DemoFlowID)
	require.Len(t, runs, 6)
	for _, r := range runs {
		assert.Equal(t, "success", r.Metrics.StatusSummary.Status)
	}
	assert.Len(t, w.rows(t), 3)
}

func TestCatchUpCanceled(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	ctx, cancel := contextCanceled(t)
	defer cancel()
	assert.ErrorIs(t, w.eng.CatchUp(ctx, t0), ctx.Err())
	assert.Empty(t, w.fs.Runs(tenant, DemoFlowID))
}

func TestMaxWindowsPerCatchUp(t *testing.T) {
	w := newWorld(t, Config{MaxWindowsPerCatchUp: 2}, demo())
	assert.Len(t, w.catchUp(t, t0.Add(5*time.Hour)), 2)
	assert.Len(t, w.catchUp(t, t0.Add(5*time.Hour)), 4)
	assert.Len(t, w.catchUp(t, t0.Add(5*time.Hour)), 6)
	assert.Len(t, w.catchUp(t, t0.Add(5*time.Hour)), 6)
}

func TestStartStop(t *testing.T) {
	w := newWorld(t, Config{TickEvery: 5 * time.Millisecond}, demo())
	w.clock.Set(t0.Add(time.Hour))
	w.eng.Start(t.Context())
	w.eng.Start(t.Context())
	assert.Eventually(t, func() bool { return len(w.fs.Runs(tenant, DemoFlowID)) == 2 }, 5*time.Second, 5*time.Millisecond)
	w.eng.Stop()
	w.eng.Stop()
	w.clock.Set(t0.Add(3 * time.Hour))
	time.Sleep(30 * time.Millisecond)
	assert.Len(t, w.fs.Runs(tenant, DemoFlowID), 2, "stopped")
}

func TestEgressOverride(t *testing.T) {
	w := newWorld(t, Config{EgressIP: netip.MustParseAddr("198.51.100.7")}, demo())
	w.catchUp(t, t0)
	leads := w.zoho.Requests("/crm/v2/Leads")
	assert.Equal(t, "198.51.100.7", leads[0].Source.String())
}

// TestDeltaColumns: Created_Time sorts like Modified_Time without
// If-Modified-Since; a column the table lacks fails the run.
func TestDeltaColumns(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	ts := demo().TenantState()
	ts.Flows[0].Transformations[0].Params["deltaColumn"] = map[string]any{"name": "created_time"}
	require.NoError(t, w.fs.Seed(flowservice.State{Tenants: []flowservice.TenantState{ts}}))
	require.Len(t, w.catchUp(t, t0), 1)
	w.zoho.AddLeads(t0.Add(90 * time.Minute)) // created at t0+30m
	runs := w.catchUp(t, t0.Add(time.Hour))
	require.Len(t, runs, 2)
	assert.Equal(t, int64(1), runs[1].Metrics.RecordSummary.OutputRecordCount)
	leads := w.zoho.Requests("/crm/v2/Leads")
	last := leads[len(leads)-1]
	assert.Equal(t, "Created_Time", last.Query.Get("sort_by"))
	assert.Empty(t, last.Header.Get("If-Modified-Since"))

	ts.Flows[0].Transformations[0].Params["deltaColumn"] = map[string]any{"name": "updatedAt"}
	require.NoError(t, w.fs.Seed(flowservice.State{Tenants: []flowservice.TenantState{ts}}))
	runs = w.catchUp(t, t0)
	require.Len(t, runs, 1)
	assert.Equal(t, "failed", runs[0].Metrics.StatusSummary.Status)
	assert.Equal(t, "The delta column updatedAt is not a column of table Leads.", runs[0].Metrics.RecordSummary.FailedInfo[0].Message)
}
