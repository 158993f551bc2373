package control

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

type journalPage struct {
	Entries []journal.Entry `json:"entries"`
	Size    int             `json:"size"`  // the ring's capacity
	Count   int             `json:"count"` // len(Entries)
}

// queryJournal serves GET /_emulator/journal?service=&operation=&client=
// &tenant=&since=&until=&after=&violations=&limit=.
func (a *API) queryJournal(r *http.Request) (any, error) {
	f, err := journalFilter(r.URL.Query())
	if err != nil {
		return nil, err
	}
	entries := nonNil(a.deps.Journal.Query(f))
	return journalPage{Entries: entries, Size: a.deps.Journal.Size(), Count: len(entries)}, nil
}

// journalFilter reads a journal query; every parameter is optional.
func journalFilter(q url.Values) (journal.Filter, error) {
	f := journal.Filter{
		Service: q.Get("service"), Operation: q.Get("operation"),
		Client: q.Get("client"), Tenant: q.Get("tenant"),
	}
	var err error
	if f.Since, err = timeParam(q, "since"); err != nil {
		return f, err
	}
	if f.Until, err = timeParam(q, "until"); err != nil {
		return f, err
	}
	if s := q.Get("after"); s != "" {
		if f.AfterSeq, err = strconv.ParseUint(s, 10, 64); err != nil {
			return f, invalid("after %q is not a sequence number", s)
		}
	}
	if s := q.Get("violations"); s != "" {
		if f.ViolationsOnly, err = strconv.ParseBool(s); err != nil {
			return f, invalid("violations %q is not true or false", s)
		}
	}
	if s := q.Get("limit"); s != "" {
		if f.Limit, err = strconv.Atoi(s); err != nil || f.Limit < 1 {
			return f, invalid("limit %q is not a positive number", s)
		}
	}
	return f, nil
}

func timeParam(q url.Values, name string) (time.Time, error) {
	s := q.Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, invalid("%s %q is not an RFC 3339 instant", name, s)
	}
	return t, nil
}

// clearJournal serves DELETE /_emulator/journal.
func (a *API) clearJournal(*http.Request) (any, error) {
	a.deps.Journal.Clear()
	return noContent, nil
}
