package flowservice_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// successRun is the monitoring tutorial's run, as the engine would write it.
func successRun(flowID string, started time.Time) flowservice.Run {
	ms := started.UnixMilli()
	return flowservice.Run{
		FlowID: flowID,
		Metrics: flowservice.RunMetrics{
			DurationSummary: &flowservice.DurationSummary{StartedAtUTC: ms, CompletedAtUTC: ms + 55108},
			SizeSummary:     &flowservice.SizeSummary{InputBytes: 24012, OutputBytes: 17128},
			RecordSummary:   &flowservice.RecordSummary{InputRecordCount: 100, OutputRecordCount: 99, FailedRecordCount: 1},
			FileSummary:     &flowservice.FileSummary{InputFileCount: 1, OutputFileCount: 1, ActivityRefs: []string{"promotionActivity"}},
			StatusSummary: flowservice.StatusSummary{Status: flowservice.RunSuccess, ActivityRefs: []string{"promotionActivity"},
				Errors: []flowservice.RunError{{Code: flowservice.RunErrorProcess, Message: "Error occurred at promotion activity."}}},
		},
		Activities: []flowservice.Activity{
			{ID: "copyActivity",
				DurationSummary: &flowservice.DurationSummary{StartedAtUTC: ms, CompletedAtUTC: ms + 31452,
					Extensions: map[string]any{"windowStart": ms - 2350198, "windowEnd": ms - 550198}},
				StatusSummary: flowservice.StatusSummary{Status: flowservice.RunSuccess, Extensions: map[string]any{"type": "one-time"}},
				SourceInfo: []flowservice.ActivityInfo{{ID: "c0e18602", Type: "SourceConnection",
					Reference: flowservice.Reference{Type: "AdfRunId", IDs: []string{"8a8eb0cc-e283-4605-ac70-65a5adb1baef"}}}}},
			{ID: "promotionActivity",
				StatusSummary: flowservice.StatusSummary{Status: flowservice.RunSuccess, Extensions: map[string]any{
					"errors": []map[string]any{{"code": "INGEST-1212-400", "message": "Encountered 1 errors in the data."}}}},
				TargetInfo: []flowservice.ActivityInfo{{ID: "47166b83", Type: "TargetConnection",
					Reference: flowservice.Reference{Type: "Batch", IDs: []string{"01EF01X41KJD82Y9ZX6ET54PCZ"}}}}},
		},
	}
}

// TestRuns: runs written through the Go API are served by GET /runs and
// /runs/{id}, and drive the flow's lastRunDetails.
func TestRuns(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	other, _ := created(t, w.do(t, post(fs+"/flows", flowBody(p.source, p.target, p.mapping, `{"startTime":`+future+`,"frequency":"hour","interval":1}`))))

	r1, err := w.svc.AddRun(tenantProd, successRun(p.flow, t0))
	require.NoError(t, err)
	assert.Regexp(t, uuidV4, r1.ID)
	assert.Regexp(t, etagRE, r1.Etag)
	assert.Equal(t, flowservice.System, r1.CreatedBy)
	assert.Equal(t, "prod", r1.SandboxName)
	assert.Equal(t, prodID, r1.SandboxID)

	w.clk.Advance(time.Hour)
	running := flowservice.Run{FlowID: p.flow, Metrics: flowservice.RunMetrics{
		DurationSummary: &flowservice.DurationSummary{StartedAtUTC: w.clk.Now().UnixMilli()},
		StatusSummary:   flowservice.StatusSummary{Status: flowservice.RunInProgress}}}
	r2, err := w.svc.AddRun(tenantProd, running)
	require.NoError(t, err)
	_, err = w.svc.AddRun(tenantProd, successRun(other, t0))
	require.NoError(t, err)

	f := item(t, w.do(t, get(fs+"/flows/"+p.flow)))
	assert.Equal(t, map[string]any{"id": r2.ID, "state": "inProgress", "startedAtUTC": jsonInt(w.clk.Now().UnixMilli())}, f["lastRunDetails"])

	list := items(t, w.do(t, get(fs+"/runs?property=flowId=="+p.flow)))
	assert.Equal(t, []string{r1.ID, r2.ID}, ids(list))
	assert.Len(t, items(t, w.do(t, get(fs+"/runs"))), 3)
	assert.Equal(t, []string{r1.ID}, ids(items(t, w.do(t, get(fs+"/runs?property=flowId=="+p.flow+"&property=metrics.statusSummary.status==Success")))))
	assert.Equal(t, []string{r2.ID}, ids(items(t, w.do(t, get(fs+fmt.Sprintf("/runs?property=flowId==%s&property=metrics.durationSummary.startedAtUTC>%d", p.flow, t0.UnixMilli()))))))
	assert.Equal(t, []string{r2.ID, r1.ID}, ids(items(t, w.do(t, get(fs+"/runs?property=flowId=="+p.flow+"&orderby=-createdAt")))))

	got := item(t, w.do(t, get(fs+"/runs/"+r1.ID)))
	assert.Equal(t, p.flow, got["flowId"])
	acts := got["activities"].([]any)
	require.Len(t, acts, 2)
	assert.Equal(t, "AdfRunId", acts[0].(map[string]any)["sourceInfo"].([]any)[0].(map[string]any)["reference"].(map[string]any)["type"])

	// The engine completes the run; the flow follows.
	w.clk.Advance(time.Minute)
	done, err := w.svc.UpdateRun(tenantProd, r2.ID, func(r *flowservice.Run) error {
		r.Metrics.DurationSummary.CompletedAtUTC = w.clk.Now().UnixMilli()
		r.Metrics.StatusSummary = flowservice.StatusSummary{Status: flowservice.RunFailed,
			Errors: []flowservice.RunError{{Code: flowservice.RunErrorCopy, Message: "Error in copying the data from Source."}}}
		r.Metrics.RecordSummary = &flowservice.RecordSummary{FailedInfo: []flowservice.RunError{{Code: "2200", Message: "A connection attempt failed"}}}
		r.ID = "ignored"
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, r2.ID, done.ID, "the id stays")
	assert.NotEqual(t, r2.Etag, done.Etag)
	details := item(t, w.do(t, get(fs+"/flows/"+p.flow)))["lastRunDetails"].(map[string]any)
	assert.Equal(t, "failed", details["state"])
	assert.Equal(t, jsonInt(w.clk.Now().UnixMilli()), details["completedAtUTC"])
	failed := item(t, w.do(t, get(fs+"/runs/"+r2.ID)))
	assert.Equal(t, "CONNECTOR-1001-500", failed["metrics"].(map[string]any)["statusSummary"].(map[string]any)["errors"].([]any)[0].(map[string]any)["code"])

	// Refusals of the Go API change nothing.
	before := w.snapshot(t)
	_, err = w.svc.AddRun(tenantProd, flowservice.Run{FlowID: "nope"})
	assert.ErrorIs(t, err, flowservice.ErrUnknown)
	_, err = w.svc.AddRun(flowservice.Tenant{Org: org, Sandbox: "dev"}, successRun(p.flow, t0))
	assert.ErrorIs(t, err, flowservice.ErrUnknown, "runs are per sandbox")
	_, err = w.svc.UpdateRun(tenantProd, r1.ID, func(*flowservice.Run) error { return errors.New("engine says no") })
	assert.EqualError(t, err, "engine says no")
	_, err = w.svc.UpdateRun(tenantProd, "nope", func(*flowservice.Run) error { return nil })
	assert.ErrorIs(t, err, flowservice.ErrUnknown)
	_, err = w.svc.AddRun(tenantProd, flowservice.Run{ID: r1.ID, FlowID: p.flow})
	assert.Error(t, err, "ids are unique")
	assert.Equal(t, before, w.snapshot(t))

	flowError(t, w.do(t, get(fs+"/runs/"+r1.ID).in("dev")), "1439-404")
	r, ok := w.svc.Run(tenantProd, r1.ID)
	require.True(t, ok)
	assert.Equal(t, int64(99), r.Metrics.RecordSummary.OutputRecordCount)
	assert.Len(t, w.svc.Runs(tenantProd, p.flow), 2)

	// Deleting a flow deletes its runs.
	require.Equal(t, http.StatusNoContent, w.do(t, del(fs+"/flows/"+p.flow)).Code)
	flowError(t, w.do(t, get(fs+"/runs/"+r1.ID)), "1439-404")
	assert.Len(t, items(t, w.do(t, get(fs+"/runs"))), 1)
}

// TestRunsBounded: past MaxRunsPerFlow the oldest run goes.
func TestRunsBounded(t *testing.T) {
	w := newWorld(t, flowservice.Config{MaxRunsPerFlow: 3})
	p := w.build(t, "prod")
	var made []string
	for i := range 5 {
		r, err := w.svc.AddRun(tenantProd, successRun(p.flow, t0.Add(time.Duration(i)*time.Minute)))
		require.NoError(t, err)
		made = append(made, r.ID)
		w.clk.Advance(time.Minute)
	}
	got := w.svc.Runs(tenantProd, p.flow)
	require.Len(t, got, 3)
	assert.Equal(t, made[2:], []string{got[0].ID, got[1].ID, got[2].ID})
	assert.Equal(t, made[4], item(t, w.do(t, get(fs+"/flows/"+p.flow)))["lastRunDetails"].(map[string]any)["id"])
}
