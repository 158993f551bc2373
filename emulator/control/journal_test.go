package control

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

// journalFixture fills the journal with five exchanges, seq 1 to 5, a
// minute apart on the virtual clock.
func journalFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	ok := &contracts.Verdict{Contract: "zoho-accounts", Operation: "token"}
	bad := &contracts.Verdict{Contract: "zoho-accounts", Operation: "token",
		Violations: []contracts.Violation{{Side: contracts.Response, Rule: "body", Where: "/scope", Message: "missing"}}}
	entries := []journal.Entry{
		{Service: "zoho-accounts", Operation: "token", Client: webID, Tenant: usOrg, Method: "POST", Path: "/oauth/v2/token", Status: 200, Verdict: ok,
			Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, Body: "grant_type=authorization_code&code=REDACTED"},
		{Service: "zoho-accounts", Operation: "token", Client: selfID, Tenant: usOrg, Method: "POST", Path: "/oauth/v2/token", Status: 200, Verdict: bad},
		{Service: "control", Operation: "getClock", Method: "GET", Path: "/_emulator/clock", Status: 200,
			Verdict: &contracts.Verdict{Contract: "emulator-admin", Operation: "getClock"}},
		{Service: "zoho-accounts", Operation: "revoke", Client: webID, Tenant: usOrg, Method: "POST", Path: "/oauth/v2/token/revoke", Status: 0, Fault: "fault-1"},
		{Service: "", Method: "GET", Path: "/nowhere", Status: 404, Location: "us", SourceIP: "192.0.2.1"},
	}
	for i, e := range entries {
		e.Time = wall.Add(time.Duration(i) * time.Second)
		e.VirtualTime = wall.Add(time.Duration(i) * time.Minute)
		e.DurationMS = 0.25
		f.journal.Add(e)
	}
	return f
}

func TestQueryJournal(t *testing.T) {
	f := journalFixture(t)
	tests := []struct {
		query string
		seqs  []uint64
	}{
		{"", []uint64{1, 2, 3, 4, 5}},
		{"?service=zoho-accounts", []uint64{1, 2, 4}},
		{"?service=control&operation=getClock", []uint64{3}},
		{"?operation=token", []uint64{1, 2}},
		{"?client=" + webID, []uint64{1, 4}},
		{"?tenant=" + usOrg + "&client=" + selfID, []uint64{2}},
		{"?tenant=42", []uint64{}},
		{"?since=2025-03-01T12:02:00Z", []uint64{3, 4, 5}},
		{"?until=2025-03-01T12:01:00Z", []uint64{1, 2}},
		{"?since=2025-03-01T13:01:00%2B01:00&until=2025-03-01T12:03:00Z", []uint64{2, 3, 4}},
		{"?after=3", []uint64{4, 5}},
		{"?after=5", []uint64{}},
		{"?violations=true", []uint64{2}},
		{"?violations=false", []uint64{1, 2, 3, 4, 5}},
		{"?limit=2", []uint64{4, 5}},
		{"?service=zoho-accounts&limit=1", []uint64{4}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			rec := f.do(t, http.MethodGet, "/_emulator/journal"+tt.query, nil)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			page := result[journalPage](t, rec)
			seqs := []uint64{}
			for _, e := range page.Entries {
				seqs = append(seqs, e.Seq)
			}
			assert.Equal(t, tt.seqs, seqs)
			assert.Equal(t, len(tt.seqs), page.Count)
			assert.Equal(t, 16, page.Size)
		})
	}

	page := result[journalPage](t, f.do(t, http.MethodGet, "/_emulator/journal?violations=true", nil))
	require.Len(t, page.Entries, 1)
	assert.Equal(t, f.journal.Query(journal.Filter{ViolationsOnly: true})[0], page.Entries[0], "entries travel whole")
}

func TestQueryJournalErrors(t *testing.T) {
	f := journalFixture(t)
	for _, query := range []string{
		"?since=yesterday", "?until=2025-03-01", "?after=-1", "?after=x", "?violations=maybe", "?limit=0", "?limit=-3", "?limit=many",
	} {
		t.Run(query, func(t *testing.T) {
			requireError(t, f.do(t, http.MethodGet, "/_emulator/journal"+query, nil, badRequest), http.StatusBadRequest, CodeInvalid)
		})
	}
}

func TestClearJournal(t *testing.T) {
	f := journalFixture(t)
	rec := f.do(t, http.MethodDelete, "/_emulator/journal", nil)
	require.Equal(t, http.StatusNoContent, rec.Code)
	assert.Empty(t, rec.Body.String())
	assert.JSONEq(t, `{"entries":[],"size":16,"count":0}`, f.do(t, http.MethodGet, "/_emulator/journal", nil).Body.String())
	assert.Equal(t, uint64(6), f.journal.Add(journal.Entry{}), "sequence numbers keep counting")
}
