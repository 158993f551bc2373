package zohosource

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// Run documents as Flow Service shows them (reference §5: the [MON]
// success sample and the [ALERT] failed run). A run has a copyActivity
// (reading Zoho; its durationSummary.extensions hold the window) and,
// once the copy succeeded, a promotionActivity (writing the batch).

// Activity ids, run error messages and ADF's copy error code.
const (
	activityCopy      = "copyActivity"
	activityPromotion = "promotionActivity"
	copyErrorMessage  = "Error in copying the data from Source."
	promoErrorMessage = "Error occurred at promotion activity."
	adfCopyErrorCode  = "2200" // Azure Data Factory's copy activity failure ([ALERT])
	extWindowStart    = "windowStart"
	extWindowEnd      = "windowEnd"
)

// runState is what the engine reads back from a run it wrote.
type runState struct {
	id      string
	status  string
	started time.Time
	window  window
}

// stateOf reads a run's window and status; ok is false for a run without
// a copy window (not the engine's).
func stateOf(r flowservice.Run) (runState, bool) {
	for _, a := range r.Activities {
		if a.ID != activityCopy || a.DurationSummary == nil {
			continue
		}
		ext := a.DurationSummary.Extensions
		end, ok := msOf(ext[extWindowEnd])
		if !ok {
			return runState{}, false
		}
		st := runState{id: r.ID, status: r.Metrics.StatusSummary.Status, started: time.UnixMilli(r.CreatedAt).UTC()}
		if d := r.Metrics.DurationSummary; d != nil && d.StartedAtUTC != 0 {
			st.started = time.UnixMilli(d.StartedAtUTC).UTC()
		}
		st.window.Due = time.UnixMilli(end).UTC()
		if start, ok := msOf(ext[extWindowStart]); ok && start > 0 {
			st.window.From = time.UnixMilli(start).UTC()
		}
		if t, _ := a.StatusSummary.Extensions["type"].(string); t == typeOnce {
			st.window.Once = true
		}
		return st, true
	}
	return runState{}, false
}

// msOf reads an epoch-millisecond extension value.
func msOf(v any) (int64, bool) {
	switch x := v.(type) {
	case json.Number:
		n, err := x.Int64()
		return n, err == nil
	case float64:
		return int64(x), float64(int64(x)) == x
	case int64:
		return x, true
	case int:
		return int64(x), true
	}
	return 0, false
}

// Copy types in the copy activity's status extensions (the [MON] sample
// shows "one-time"; "incremental" is what the provider reference id
// suggests for later windows: UNCONFIRMED).
const (
	typeOnce        = "once"
	typeOneTime     = "one-time"
	typeIncremental = "incremental"
)

func copyType(w window) string {
	switch {
	case w.Once:
		return typeOnce
	case w.From.IsZero():
		return typeOneTime
	}
	return typeIncremental
}

// runID is the run of a flow's window: one id per window, so a window
// never runs twice.
func runID(t flowservice.Tenant, flowID string, due time.Time) string {
	return uuidOf("run", t.String(), flowID, due.UTC().Format(time.RFC3339))
}

// adfRunID is the Azure Data Factory run a run's copy refers to.
func adfRunID(runID string) string { return uuidOf("adf", runID) }

// startedRun is a run in progress since started.
func startedRun(t flowservice.Tenant, f flowservice.Flow, w window, started time.Time) flowservice.Run {
	id := runID(t, f.ID, w.Due)
	adf := adfRunID(id)
	r := flowservice.Run{ID: id, FlowID: f.ID, ProviderRefID: "M-" + f.ID + "-incremental-0:" + adf}
	r.CreatedAt = started.UnixMilli()
	r.Metrics = flowservice.RunMetrics{
		DurationSummary: &flowservice.DurationSummary{StartedAtUTC: started.UnixMilli()},
		StatusSummary:   flowservice.StatusSummary{Status: flowservice.RunInProgress},
	}
	copyAct := flowservice.Activity{
		ID: activityCopy,
		DurationSummary: &flowservice.DurationSummary{StartedAtUTC: started.UnixMilli(), Extensions: map[string]any{
			extWindowStart: epochMs(w.From), extWindowEnd: w.Due.UnixMilli()}},
		StatusSummary: flowservice.StatusSummary{Status: flowservice.RunInProgress, Extensions: map[string]any{"type": copyType(w)}},
	}
	if len(f.SourceConnectionIDs) > 0 {
		copyAct.SourceInfo = []flowservice.ActivityInfo{{ID: f.SourceConnectionIDs[0], Type: "SourceConnection",
			Reference: flowservice.Reference{Type: "AdfRunId", IDs: []string{adf}}}}
	}
	r.Activities = []flowservice.Activity{copyAct}
	return r
}

// epochMs is t in epoch milliseconds, 0 for the zero time (unbounded).
func epochMs(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// conclude writes an outcome into a started run, completed at completed;
// the copy takes the first half of the run.
func conclude(r *flowservice.Run, f flowservice.Flow, o outcome, completed time.Time) {
	started := time.UnixMilli(r.Metrics.DurationSummary.StartedAtUTC)
	if completed.Before(started) {
		completed = started
	}
	copied := started.Add(completed.Sub(started) / 2)
	m := &r.Metrics
	m.DurationSummary = &flowservice.DurationSummary{StartedAtUTC: started.UnixMilli(), CompletedAtUTC: completed.UnixMilli()}
	copyAct := &r.Activities[0]
	copyAct.DurationSummary.CompletedAtUTC = copied.UnixMilli()
	m.SizeSummary = &flowservice.SizeSummary{InputBytes: o.inBytes, OutputBytes: o.outBytes}
	if o.failure != nil {
		copyAct.DurationSummary.CompletedAtUTC = completed.UnixMilli()
		copyAct.StatusSummary.Status = flowservice.RunFailed
		if copyAct.StatusSummary.Extensions == nil {
			copyAct.StatusSummary.Extensions = map[string]any{}
		}
		copyAct.StatusSummary.Extensions["errorDetail"] = o.failure.Detail()
		m.RecordSummary = &flowservice.RecordSummary{FailedInfo: []flowservice.RunError{{Code: adfCopyErrorCode, Message: o.failure.Error()}}}
		m.FileSummary = &flowservice.FileSummary{ActivityRefs: []string{activityCopy}}
		m.StatusSummary = flowservice.StatusSummary{Status: flowservice.RunFailed, ActivityRefs: []string{activityCopy},
			Errors: []flowservice.RunError{{Code: flowservice.RunErrorCopy, Message: copyErrorMessage}}}
		return
	}
	copyAct.StatusSummary.Status = flowservice.RunSuccess
	promo := flowservice.Activity{
		ID:              activityPromotion,
		DurationSummary: &flowservice.DurationSummary{StartedAtUTC: copied.UnixMilli(), CompletedAtUTC: completed.UnixMilli()},
		StatusSummary:   flowservice.StatusSummary{Status: flowservice.RunSuccess},
	}
	if o.batch != "" && len(f.TargetConnectionIDs) > 0 {
		promo.TargetInfo = []flowservice.ActivityInfo{{ID: f.TargetConnectionIDs[0], Type: "TargetConnection",
			Reference: flowservice.Reference{Type: "Batch", IDs: []string{o.batch}}}}
	}
	m.RecordSummary = &flowservice.RecordSummary{InputRecordCount: o.read, OutputRecordCount: o.written, FailedRecordCount: o.mapFailed}
	m.FileSummary = &flowservice.FileSummary{InputFileCount: boolInt(o.read > 0), OutputFileCount: boolInt(o.batch != ""),
		ActivityRefs: []string{activityPromotion}}
	m.StatusSummary = flowservice.StatusSummary{Status: flowservice.RunSuccess, ActivityRefs: []string{activityPromotion}}
	switch {
	case o.promoteErr != "":
		promo.StatusSummary = flowservice.StatusSummary{Status: flowservice.RunFailed, Extensions: map[string]any{"errorDetail": o.promoteErr}}
		m.RecordSummary = &flowservice.RecordSummary{InputRecordCount: o.read, FailedRecordCount: o.read,
			FailedInfo: []flowservice.RunError{{Code: flowservice.RunErrorProcess, Message: o.promoteErr}}}
		m.FileSummary.OutputFileCount = 0
		m.StatusSummary = flowservice.StatusSummary{Status: flowservice.RunFailed, ActivityRefs: []string{activityPromotion},
			Errors: []flowservice.RunError{{Code: flowservice.RunErrorProcess, Message: promoErrorMessage}}}
	case o.mapFailed > 0:
		m.StatusSummary.Errors = []flowservice.RunError{{Code: flowservice.RunErrorProcess, Message: promoErrorMessage}}
		promo.StatusSummary.Extensions = map[string]any{"errors": []any{
			map[string]any{"code": "INGEST-1212-400", "message": ingestMessage(o.mapFailed, o.written)},
			map[string]any{"code": "MAPPER-3700-400", "recordCount": o.mapFailed, "message": "Mapper Transform Error"},
		}}
	}
	r.Activities = append(r.Activities[:1], promo)
}

// ingestMessage is the [MON] sample's INGEST-1212-400 message.
func ingestMessage(failed, ok int64) string {
	return "Encountered " + strconv.FormatInt(failed, 10) + " errors in the data. Successfully ingested " + strconv.FormatInt(ok, 10) +
		" rows. Review the associated diagnostic files for additional details."
}
