package flowservice

import (
	"fmt"
	"slices"
)

// Run is a flow run as Flow Service documents it (reference §5, [MON] and
// [ALERT]). The runs engine writes runs through AddRun and UpdateRun; GET
// /runs and /runs/{id} read them.
type Run struct {
	Meta
	ID            string     `json:"id"`
	FlowID        string     `json:"flowId"`
	Etag          string     `json:"etag"`
	ProviderRefID string     `json:"providerRefId,omitempty"`
	Metrics       RunMetrics `json:"metrics"`
	Activities    []Activity `json:"activities"`
}

// RunMetrics sums up a run.
type RunMetrics struct {
	DurationSummary *DurationSummary `json:"durationSummary,omitempty"`
	SizeSummary     *SizeSummary     `json:"sizeSummary,omitempty"`
	RecordSummary   *RecordSummary   `json:"recordSummary,omitempty"`
	FileSummary     *FileSummary     `json:"fileSummary,omitempty"`
	StatusSummary   StatusSummary    `json:"statusSummary"`
}

// DurationSummary is when a run or activity started and completed
// (epoch ms; CompletedAtUTC 0 while running).
type DurationSummary struct {
	StartedAtUTC   int64          `json:"startedAtUTC"`
	CompletedAtUTC int64          `json:"completedAtUTC,omitempty"`
	Extensions     map[string]any `json:"extensions,omitempty"` // windowStart, windowEnd
}

// SizeSummary is the bytes read and written.
type SizeSummary struct {
	InputBytes  int64 `json:"inputBytes"`
	OutputBytes int64 `json:"outputBytes"`
}

// RecordSummary is the records read, written and failed.
type RecordSummary struct {
	InputRecordCount  int64      `json:"inputRecordCount"`
	OutputRecordCount int64      `json:"outputRecordCount"`
	FailedRecordCount int64      `json:"failedRecordCount"`
	FailedInfo        []RunError `json:"failedInfo,omitempty"`
}

// FileSummary is the files read and written.
type FileSummary struct {
	InputFileCount  int64    `json:"inputFileCount"`
	OutputFileCount int64    `json:"outputFileCount"`
	ActivityRefs    []string `json:"activityRefs,omitempty"`
}

// StatusSummary is a run's or activity's status: RunSuccess, RunFailed,
// RunInProgress, with errors such as CONNECTOR-1001-500.
type StatusSummary struct {
	Status       string         `json:"status"`
	Errors       []RunError     `json:"errors,omitempty"`
	ActivityRefs []string       `json:"activityRefs,omitempty"`
	Extensions   map[string]any `json:"extensions,omitempty"`
}

// RunError is one error of a run.
type RunError struct {
	Code        string `json:"code"`
	Message     string `json:"message"`
	RecordCount int64  `json:"recordCount,omitempty"`
}

// Activity is one step of a run: copyActivity, promotionActivity.
type Activity struct {
	ID              string           `json:"id"`
	DurationSummary *DurationSummary `json:"durationSummary,omitempty"`
	StatusSummary   StatusSummary    `json:"statusSummary"`
	SourceInfo      []ActivityInfo   `json:"sourceInfo,omitempty"`
	TargetInfo      []ActivityInfo   `json:"targetInfo,omitempty"`
}

// ActivityInfo names what an activity read or wrote.
type ActivityInfo struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"` // SourceConnection, TargetConnection
	Reference Reference `json:"reference"`
}

// Reference is an external reference: an AdfRunId, a Batch.
type Reference struct {
	Type string   `json:"type"`
	IDs  []string `json:"ids"`
}

// clone returns a deep copy.
func (r Run) clone() Run {
	m := &r.Metrics
	if m.DurationSummary != nil {
		m.DurationSummary = m.DurationSummary.clone()
	}
	if m.SizeSummary != nil {
		v := *m.SizeSummary
		m.SizeSummary = &v
	}
	if m.RecordSummary != nil {
		v := *m.RecordSummary
		v.FailedInfo = slices.Clone(v.FailedInfo)
		m.RecordSummary = &v
	}
	if m.FileSummary != nil {
		v := *m.FileSummary
		v.ActivityRefs = slices.Clone(v.ActivityRefs)
		m.FileSummary = &v
	}
	m.StatusSummary = m.StatusSummary.clone()
	r.Activities = slices.Clone(r.Activities)
	for i, a := range r.Activities {
		if a.DurationSummary != nil {
			a.DurationSummary = a.DurationSummary.clone()
		}
		a.StatusSummary = a.StatusSummary.clone()
		a.SourceInfo, a.TargetInfo = cloneInfos(a.SourceInfo), cloneInfos(a.TargetInfo)
		r.Activities[i] = a
	}
	if r.Activities == nil {
		r.Activities = []Activity{}
	}
	return r
}

func (d *DurationSummary) clone() *DurationSummary {
	v := *d
	v.Extensions = cloneMap(v.Extensions)
	return &v
}

func (s StatusSummary) clone() StatusSummary {
	s.Errors, s.ActivityRefs, s.Extensions = slices.Clone(s.Errors), slices.Clone(s.ActivityRefs), cloneMap(s.Extensions)
	return s
}

func cloneInfos(in []ActivityInfo) []ActivityInfo {
	out := slices.Clone(in)
	for i := range out {
		out[i].Reference.IDs = slices.Clone(out[i].Reference.IDs)
	}
	return out
}

// details summarises a run for its flow's lastRunDetails.
func (r Run) details() *RunDetails {
	d := &RunDetails{ID: r.ID, State: r.Metrics.StatusSummary.Status, StartedAtUTC: r.CreatedAt}
	if ds := r.Metrics.DurationSummary; ds != nil {
		d.StartedAtUTC, d.CompletedAtUTC = ds.StartedAtUTC, ds.CompletedAtUTC
	}
	return d
}

// normalized is the run with its free-form parts in JSON form.
func (r Run) normalized() (Run, error) {
	fix := func(m *map[string]any) error {
		v, err := normalizeMap(*m)
		*m = v
		return err
	}
	var errs []error
	if d := r.Metrics.DurationSummary; d != nil {
		errs = append(errs, fix(&d.Extensions))
	}
	errs = append(errs, fix(&r.Metrics.StatusSummary.Extensions))
	for i := range r.Activities {
		if d := r.Activities[i].DurationSummary; d != nil {
			errs = append(errs, fix(&d.Extensions))
		}
		errs = append(errs, fix(&r.Activities[i].StatusSummary.Extensions))
	}
	for _, err := range errs {
		if err != nil {
			return Run{}, fmt.Errorf("flowservice: run extensions: %w", err)
		}
	}
	return r, nil
}

func (s *Service) getRun(c *call) (any, error) { return getOne(s, c, runKind) }

func (s *Service) listRuns(c *call) (any, error) { return listAll(s, c, runKind) }
