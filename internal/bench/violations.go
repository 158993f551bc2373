package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// JournalMark is the sequence number of the emulator's newest journal
// entry (0 when it is empty), for Violations to look after.
func (f *Fixture) JournalMark(ctx context.Context) (uint64, error) {
	var page struct {
		Entries []struct {
			Seq uint64 `json:"seq"`
		} `json:"entries"`
	}
	if err := f.call(ctx, http.MethodGet, "/_emulator/journal?limit=1", "", nil, nil, http.StatusOK, &page); err != nil {
		return 0, err
	}
	if len(page.Entries) == 0 {
		return 0, nil
	}
	return page.Entries[len(page.Entries)-1].Seq, nil
}

// Violations asks the emulator's journal (GET /_emulator/journal) for the
// newest exchanges after the entry numbered after that broke a contract,
// at most limit, each as "METHOD path status: side rule: message". The
// journal is a ring: it holds the newest exchanges only.
func (f *Fixture) Violations(ctx context.Context, after uint64, limit int) ([]string, error) {
	var page struct {
		Entries []struct {
			Method  string `json:"method"`
			Path    string `json:"path"`
			Status  int    `json:"status"`
			Verdict struct {
				Violations []struct {
					Side    string `json:"side"`
					Rule    string `json:"rule"`
					Message string `json:"message"`
				} `json:"violations"`
			} `json:"verdict"`
		} `json:"entries"`
	}
	q := url.Values{"violations": {"true"}, "limit": {fmt.Sprint(max(limit, 1))}, "after": {fmt.Sprint(after)}}
	if err := f.call(ctx, http.MethodGet, "/_emulator/journal?"+q.Encode(), "", nil, nil, http.StatusOK, &page); err != nil {
		return nil, err
	}
	var out []string
	for _, e := range page.Entries {
		s := fmt.Sprintf("%s %s %d", e.Method, e.Path, e.Status)
		for _, v := range e.Verdict.Violations {
			s += fmt.Sprintf(": %s %s: %s", v.Side, v.Rule, v.Message)
		}
		out = append(out, s)
	}
	return out, nil
}
