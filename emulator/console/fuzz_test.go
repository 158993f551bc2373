package console

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

func FuzzJournalQuery(f *testing.F) {
	for _, s := range []string{"", "service=zoho-crm&q=token&failed=on&limit=20", "limit=0", "limit=2001", "after=-1",
		"after=18446744073709551615", "violations=on&console=on", "q=%00%ff", "limit=abc&after=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		jq, err := readJournalQuery(v)
		if err != nil {
			return
		}
		assert.True(t, jq.Limit >= 1 && jq.Limit <= maxRows)
		back, err := url.ParseQuery(jq.Encode())
		require.NoError(t, err)
		again, err := readJournalQuery(back)
		require.NoError(t, err)
		again.After = jq.After // Encode leaves the live position out
		assert.Equal(t, jq, again)
	})
}

func FuzzInstant(f *testing.F) {
	for _, s := range []string{"2026-01-02T03:04:05Z", "2026-01-02T03:04", "2026-01-02T03:04:05+05:30", "", "soon", "9999-12-31T23:59:59"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, err := parseInstant(s)
		if err != nil {
			return
		}
		again, err := parseInstant(at.Format(time.RFC3339Nano))
		require.NoError(t, err)
		assert.True(t, at.Equal(again))
	})
}

func FuzzScheduleForm(f *testing.F) {
	f.Add("frequency=hour&interval=1&backfill=on")
	f.Add("frequency=once&interval=3")
	f.Add("frequency=minute&interval=15&start=2030-01-01T00:00:00")
	f.Add("frequency=week&interval=-1")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		s, err := readScheduleForm(v, time.Unix(1_800_000_000, 0))
		if err != nil {
			return
		}
		p := s.params()
		assert.Contains(t, frequencies, p["frequency"])
		if s.Frequency == "once" {
			assert.NotContains(t, p, "interval")
			assert.NotContains(t, p, "backfill")
		} else {
			assert.GreaterOrEqual(t, s.Interval, 1)
		}
	})
}

func FuzzMessageOf(f *testing.F) {
	for _, s := range []string{`{"type":"x","title":"Bad request","status":400,"report":{"detailed-message":"why"}}`,
		`{"error_code":"401013","message":"Oauth token is not valid"}`, `{"error":"invalid_code"}`, `not json`, `[]`, `{}`, ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		assert.NotEmpty(t, messageOf(b))
	})
}

// Whatever a browser asks of the console, it answers without a server
// error, and nothing it is asked by GET changes the world.
func FuzzPages(f *testing.F) {
	for _, s := range []string{"overview", "tokens", "journal?q=x&failed=on", "journal/1", "journal/0", "journal/%ff",
		"journal/rows?after=3", "sources", "sources/zoho/x/tables?table=Leads", "sources/flows/a%2Fb/runs",
		"scenarios", "static/console.css", "static/../console.go", "..%2f..%2fetc/passwd", "", "%zz"} {
		f.Add(s)
	}
	c := fuzzConsole(f)
	f.Fuzz(func(t *testing.T, path string) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		u, err := url.Parse(Prefix + path)
		if err != nil {
			return
		}
		req.URL = u
		rec := httptest.NewRecorder()
		before := c.deps.Clock.State()
		c.ServeHTTP(rec, req)
		if rec.Code == http.StatusServiceUnavailable { // the Sources workflow, here without the emulator
			assert.Contains(t, rec.Body.String(), "needs the emulator")
		} else {
			assert.Less(t, rec.Code, 500, "%s: %s", path, rec.Body.String())
		}
		assert.Equal(t, before.Frozen, c.deps.Clock.State().Frozen)
		if strings.HasPrefix(rec.Body.String(), "<!DOCTYPE html>") {
			assert.NotEmpty(t, rec.Header().Get("Content-Security-Policy"))
		}
	})
}

// fuzzConsole is a console over a small world, without the emulator: the
// Sources workflow answers that it needs one.
func fuzzConsole(tb testing.TB) *Console {
	clk := clock.New(nil)
	clk.Freeze()
	acc := zohoaccounts.New(zohoaccounts.Config{}, clk.Now)
	require.NoError(tb, acc.Seed(zohoaccounts.State{Orgs: []zohoaccounts.OrgState{{
		Org:   zohoaccounts.Org{ID: "1", Name: "Org", DC: "us", TimeZone: "UTC"},
		Users: []zohoaccounts.User{{ZUID: "2", Email: "a@b.test", Password: "pw", FirstName: "A", LastName: "B"}},
	}}}))
	ims, err := adobeims.New(adobeims.Config{}, clk.Now)
	require.NoError(tb, err)
	require.NoError(tb, ims.Seed(adobeims.Demo()))
	j := journal.New(50)
	for i := range 60 {
		j.Add(journal.Entry{Service: []string{"zoho-crm", "flow-service"}[i%2], Method: "GET", Path: "/x", Status: 200 + i%3*100,
			Header: map[string]string{ConsoleHeader: []string{"", "poll"}[i%2]}})
	}
	c, err := New(Deps{Clock: clk, Journal: j, Faults: faults.New(func(string, string) bool { return true }), Accounts: acc, IMS: ims})
	require.NoError(tb, err)
	return c
}

func TestNewNeedsItsDeps(t *testing.T) {
	_, err := New(Deps{})
	assert.Error(t, err)
	c := fuzzConsole(t)
	rec := httptest.NewRecorder()
	c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, Prefix+"sources", nil))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Contains(t, rec.Body.String(), "needs the emulator&#39;s HTTP client")
	assert.True(t, slices.Contains(frequencies, "once"))
}

// FuzzFaultForm: any add-a-rule form is read into a rule or refused with
// a message, never a panic; a rule read is one the rule set judges
// without panicking, and one it takes reads back as given.
func FuzzFaultForm(f *testing.F) {
	for _, s := range []string{
		"service=zoho-accounts&operation=token&action=error&error=invalid_code&times=2&nth=1&delay=10ms",
		"action=status&status=503&body=%7B%22a%22%3A1%7D", "action=reset&service=zoho-crm", "action=empty",
		"action=delay&delay=1.5s", "action=delay", "action=status&status=99999", "times=-1&action=reset",
		"operation=token&action=reset", "action=error&service=x&error=", "delay=-1s&action=delay", "nth=%FF",
	} {
		f.Add(s)
	}
	choices := []FaultService{{Name: "zoho-accounts", Operations: []string{"token"}, Errors: []string{"invalid_code"}}}
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		rule, err := ruleFromForm(form, choices)
		if err != nil {
			assert.Equal(t, http.StatusBadRequest, statusOf(err))
			return
		}
		set := faults.New(func(service, code string) bool { return service == "zoho-accounts" && code == "invalid_code" })
		added, err := set.Add(rule)
		if err != nil {
			return
		}
		rule.ID, rule.Seen, rule.Fired = added.ID, added.Seen, added.Fired
		assert.Equal(t, rule, added)
	})
}
