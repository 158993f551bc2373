package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

// ConsoleHeader marks the requests the console itself sends to the
// emulator's APIs (the Sources workflow), so that the Journal view can
// hide its own polling. Its value says why: "step" or "poll".
const ConsoleHeader = "X-Zohoaep-Console"

// journalQuery is the Journal view's filter, as its form and URL say it.
type journalQuery struct {
	Service    string
	Text       string // in the path, operation, client, tenant or status
	Failed     bool   // only failed exchanges
	Violations bool   // only contract violations
	Console    bool   // include the console's own polling
	Limit      int
	After      uint64
}

// defaultRows and maxRows bound the entries a page shows.
const defaultRows, maxRows = 200, 1000

func readJournalQuery(q url.Values) (journalQuery, error) {
	jq := journalQuery{Service: q.Get("service"), Text: strings.TrimSpace(q.Get("q")),
		Failed: q.Get("failed") == "on", Violations: q.Get("violations") == "on", Console: q.Get("console") == "on",
		Limit: defaultRows}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxRows {
			return jq, badRequest("limit %q: a number from 1 to %d", s, maxRows)
		}
		jq.Limit = n
	}
	if s := q.Get("after"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return jq, badRequest("after %q: not a sequence number", s)
		}
		jq.After = n
	}
	return jq, nil
}

// Encode is the query as URL parameters, for the live rows' requests.
func (jq journalQuery) Encode() string {
	v := url.Values{}
	set := func(k string, b bool) {
		if b {
			v.Set(k, "on")
		}
	}
	if jq.Service != "" {
		v.Set("service", jq.Service)
	}
	if jq.Text != "" {
		v.Set("q", jq.Text)
	}
	set("failed", jq.Failed)
	set("violations", jq.Violations)
	set("console", jq.Console)
	v.Set("limit", strconv.Itoa(jq.Limit))
	return v.Encode()
}

// row is an entry as the Journal view lists it.
type row struct {
	journal.Entry
	Failed   bool
	Violated bool   // the exchange broke its contract
	Console  string // the console's mark, if it sent it
	When, MS string // the virtual time and duration, written out once
}

func newRow(e journal.Entry) row {
	return row{Entry: e, Failed: failed(&e), Violated: e.Verdict != nil && !e.Verdict.OK(), Console: e.Header[ConsoleHeader],
		When: when(e.VirtualTime), MS: strconv.FormatFloat(e.DurationMS, 'f', 1, 64)}
}

type journalData struct {
	Query    journalQuery
	Services []string
	Rows     []row
	Last     uint64 // the newest sequence number looked at
	Size     int
}

// services are the names entries carry, for the filter's choices.
var services = []string{"zoho-accounts", "zoho-crm", "adobe-ims", "flow-service", "control"}

func (c *Console) journalPage(r *http.Request) (*view, error) {
	jq, err := readJournalQuery(r.URL.Query())
	if err != nil {
		return nil, err
	}
	d := c.journalData(jq)
	return &view{Page: "journal", Title: "Journal", Data: d}, nil
}

// journalRows serves the rows newer than after, newest first, for the
// view's live updates.
func (c *Console) journalRows(r *http.Request) (any, error) {
	jq, err := readJournalQuery(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return c.journalData(jq), nil
}

func (c *Console) journalData(jq journalQuery) journalData {
	d := journalData{Query: jq, Services: services, Size: c.deps.Journal.Size(), Last: jq.After}
	f := journal.Filter{Service: jq.Service, AfterSeq: jq.After, ViolationsOnly: jq.Violations}
	text := strings.ToLower(jq.Text)
	entries := c.deps.Journal.Newest(f, jq.Limit, func(e *journal.Entry, header func(string) string) bool {
		d.Last = max(d.Last, e.Seq) // the newest looked at, kept or not
		switch {
		case !jq.Console && header(ConsoleHeader) == "poll":
		case jq.Failed && !failed(e):
		case text != "" && !matches(e, text):
		default:
			return true
		}
		return false
	})
	for _, e := range entries {
		d.Rows = append(d.Rows, newRow(e))
	}
	return d
}

// failed reports an exchange that went wrong: no answer, an error status,
// or Zoho Accounts' error in a 200 ({"error":"invalid_code"}).
func failed(e *journal.Entry) bool {
	if e.Status == 0 || e.Status >= 400 || e.Fault != "" {
		return true
	}
	head := e.RespBody[:min(len(e.RespBody), 48)]
	return strings.HasPrefix(head, `{"error"`)
}

func matches(e *journal.Entry, text string) bool {
	for _, s := range []string{e.Path, e.Operation, e.Client, e.Tenant, e.Method, strconv.Itoa(e.Status), e.Fault} {
		if strings.Contains(strings.ToLower(s), text) {
			return true
		}
	}
	return false
}

// journalEntry serves one entry's request and response, fetched when its
// row is opened (a page of rows stays small; bodies can be 16 KiB each).
func (c *Console) journalEntry(r *http.Request) (any, error) {
	seq, err := strconv.ParseUint(r.PathValue("seq"), 10, 64)
	if err != nil || seq == 0 {
		return nil, badRequest("%q is not a journal sequence number", r.PathValue("seq"))
	}
	one := c.deps.Journal.Newest(journal.Filter{AfterSeq: seq - 1}, 1, func(e *journal.Entry, _ func(string) string) bool {
		return e.Seq == seq
	})
	if len(one) == 1 {
		return newRow(one[0]), nil
	}
	return nil, notFound("journal entry %d is not (or no longer) in the journal", seq)
}
