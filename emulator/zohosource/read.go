package zohosource

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Delta columns Zoho sorts records by (reference §12.3: sort_by is id,
// Created_Time or Modified_Time).
const (
	deltaModified = "Modified_Time"
	deltaCreated  = "Created_Time"
)

// span is what a run reads of a module: the records whose delta column
// lies in [from, to). A zero from or to is unbounded; no delta column
// reads every record.
type span struct {
	delta    string
	from, to time.Time
}

// readResult sums up the read of a span.
type readResult struct {
	records int
	bytes   int64
	pages   int
}

// sinceLayout is If-Modified-Since as Zoho documents it (ISO 8601 with an
// offset).
const sinceLayout = "2006-01-02T15:04:05-07:00"

// read pages through a span of a module (reference §12.3). With the delta
// column Modified_Time (ADF's, and the default) the read is sorted by it
// ascending, starts at If-Modified-Since = from - 1 s (Zoho's is "modified
// after", to the second), and stops at the first record at or past to;
// Created_Time sorts the same way without the header; another column
// reads every record and keeps those in the span. Pages go by `page` up
// to Config.DiscreteLimit records, then by `page_token` where the version
// has one. 204 and 304 end the read. Each record of the span is handed to
// keep as its page is read, so a long read does not hold Zoho's records
// whole (their $-fields and lookups) until it ends.
func (s *session) read(ctx context.Context, mod string, cols []column, all bool, sp span, keep func(map[string]any)) (readResult, error) {
	cfg := s.e.cfg
	q := url.Values{"per_page": {strconv.Itoa(cfg.PageSize)}}
	if f := s.e.fieldsParam(cols, all); f != "" {
		q.Set("fields", f)
	}
	h := http.Header{}
	delta, sorted := canonicalDelta(sp.delta)
	if sorted {
		q.Set("sort_by", delta)
		q.Set("sort_order", "asc")
	}
	if delta == deltaModified && !sp.from.IsZero() {
		h.Set("If-Modified-Since", sp.from.Add(-time.Second).UTC().Format(sinceLayout))
	}
	var res readResult
	seen := map[string]bool{}
	pageNo, token := 1, ""
	maxPages := 200000/cfg.PageSize + cfg.DiscreteLimit/cfg.PageSize + 2
	for {
		pq := url.Values{}
		for k, v := range q {
			pq[k] = v
		}
		if token != "" {
			pq.Set("page_token", token)
		} else {
			pq.Set("page", strconv.Itoa(pageNo))
		}
		p, err := s.records(ctx, mod, pq, h)
		if err != nil {
			return res, err
		}
		res.bytes += p.bytes
		res.pages++
		past := false
		for _, rec := range p.Data {
			t, ok := deltaTime(rec[delta])
			switch {
			case delta == "":
			case ok && !sp.to.IsZero() && !t.Before(sp.to):
				past = past || sorted
				continue
			case ok && t.Before(sp.from):
				continue
			case !ok && !sp.from.IsZero():
				continue // no usable delta value: only the first, unbounded window takes it
			}
			if id, _ := rec["id"].(string); id != "" {
				if seen[id] {
					continue
				}
				seen[id] = true
			}
			res.records++
			keep(rec)
		}
		if past || !p.Info.MoreRecords || len(p.Data) == 0 {
			return res, nil
		}
		switch {
		case token != "" && p.Info.NextPageToken == "":
			return res, &Failure{Kind: KindRequest, Op: "GET " + s.api + "/crm/" + cfg.APIVersion + "/" + mod,
				Status: http.StatusOK, Cause: "more_records without a next_page_token"}
		case token != "" || pageNo*cfg.PageSize >= cfg.DiscreteLimit && p.Info.NextPageToken != "":
			token = p.Info.NextPageToken
		default:
			pageNo++
		}
		if res.pages >= maxPages {
			return res, &Failure{Kind: KindRequest, Op: "GET " + s.api + "/crm/" + cfg.APIVersion + "/" + mod,
				Status: http.StatusOK, Cause: "more pages than Zoho serves"}
		}
	}
}

// canonicalDelta spells a delta column as Zoho does, and says whether
// Zoho sorts by it.
func canonicalDelta(name string) (string, bool) {
	switch {
	case strings.EqualFold(name, deltaModified):
		return deltaModified, true
	case strings.EqualFold(name, deltaCreated):
		return deltaCreated, true
	}
	return name, false
}

// deltaLayouts are the forms a delta value is read in: Zoho's datetime
// (ISO 8601 with an offset), a date, and AEP's deltaColumn default
// (yyyy-MM-dd HH:mm:ss, UTC).
var deltaLayouts = []string{time.RFC3339Nano, "2006-01-02", "2006-01-02 15:04:05", "2006-01-02T15:04:05"}

// deltaTime reads a delta column's value.
func deltaTime(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	for _, l := range deltaLayouts {
		if t, err := time.Parse(l, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
