package zohocrm_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

func tinyEdition(credits, perUser, concurrency int) zohocrm.Config {
	return zohocrm.Config{Editions: map[zohocrm.Edition]zohocrm.EditionLimits{
		zohocrm.Enterprise: {Credits: credits, PerUser: perUser, Concurrency: concurrency},
	}}
}

func TestCredits(t *testing.T) {
	w := newWorld(t, tinyEdition(4, 2, 5)) // 4 + 2×3 users = 10 credits a day
	remaining := func(rec *httptest.ResponseRecorder) string { return rec.Header().Get("X-API-CREDITS-REMAINING") }
	for i := 1; i <= 4; i++ {
		rec := w.do(t, get("/crm/v2/org", "alice-all"))
		require.Equal(t, http.StatusOK, rec.Code)
		assert.Empty(t, remaining(rec), "call %d: no header below half", i)
	}
	// Errors cost nothing.
	bad := w.do(t, get("/crm/v2/Widgets", "alice-all"))
	require.Equal(t, http.StatusBadRequest, bad.Code)
	assert.Empty(t, remaining(bad))
	// Half spent: the header appears, on every later answer.
	rec := w.do(t, get("/crm/v2/org", "alice-all"))
	assert.Equal(t, "5", remaining(rec))
	// A write of 11 records costs 2.
	recs := `{"data":[` + repeat(`{"Last_Name":"L"}`, 11) + `]}`
	rec = w.do(t, call{method: "POST", path: "/crm/v2/Leads", token: "alice-all", body: recs})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	assert.Equal(t, "3", remaining(rec))
	for _, want := range []string{"2", "1", "0"} {
		assert.Equal(t, want, remaining(w.do(t, get("/crm/v2/org", "alice-all"))))
	}
	code, _ := errorOf(t, w.do(t, get("/crm/v2/org", "alice-all")), http.StatusTooManyRequests)
	assert.Equal(t, "TOO_MANY_REQUESTS", code)
	// Other orgs are not affected.
	assert.Equal(t, http.StatusOK, w.do(t, call{method: "GET", path: "/crm/v2/org", token: "bob-all", loc: "eu"}).Code)

	// The window rolls on the virtual clock.
	w.clk.Advance(24*time.Hour - time.Minute)
	w.dir.grant("alice-next", usOrg, alice.ZUID, "us", allScopes)
	assert.Equal(t, http.StatusTooManyRequests, w.do(t, get("/crm/v2/org", "alice-next")).Code)
	w.clk.Advance(time.Minute)
	rec = w.do(t, get("/crm/v2/org", "alice-next"))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, remaining(rec))
}

func TestCreditsByEdition(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	tests := []struct {
		edition  zohocrm.Edition
		licenses int
		want     string // remaining after spending half
		budget   int
	}{
		{zohocrm.Free, 0, "", 5000},
		{zohocrm.Standard, 400, "", 100000}, // 50,000 + 250×400 capped at 100,000
		{zohocrm.Professional, 10, "", 55000},
	}
	for _, tt := range tests {
		t.Run(string(tt.edition), func(t *testing.T) {
			require.NoError(t, w.s.SetOrg(zohocrm.OrgSettings{OrgID: usOrg, Edition: tt.edition, UserLicenses: tt.licenses}))
			require.NoError(t, w.s.Import(zohocrm.State{
				Orgs:    w.s.Export().Orgs,
				Credits: []zohocrm.Spend{{OrgID: usOrg, Minute: t0, Credits: tt.budget/2 - 1}},
			}))
			rec := w.do(t, get("/crm/v2/org", "alice-all"))
			assert.Equal(t, itoa(tt.budget-tt.budget/2), rec.Header().Get("X-API-CREDITS-REMAINING"))
			lic := body(t, rec)["org"].([]any)[0].(map[string]any)["license_details"].(map[string]any)
			assert.Equal(t, string(tt.edition), lic["paid_type"])
		})
	}
}

// blocking holds an answer at WriteHeader, its request still in flight.
type blocking struct {
	*httptest.ResponseRecorder
	entered chan struct{}
	release chan struct{}
}

func (b *blocking) WriteHeader(code int) {
	b.entered <- struct{}{}
	<-b.release
	b.ResponseRecorder.WriteHeader(code)
}

func (b *blocking) Write(p []byte) (int, error) { return b.ResponseRecorder.Write(p) }

func TestConcurrency(t *testing.T) {
	w := newWorld(t, tinyEdition(1000, 0, 2))
	release := make(chan struct{})
	var wg sync.WaitGroup
	var held []*blocking
	for range 2 {
		b := &blocking{ResponseRecorder: httptest.NewRecorder(), entered: make(chan struct{}), release: release}
		held = append(held, b)
		wg.Go(func() { w.s.ServeHTTP(b, get("/crm/v2/org", "alice-all").request()) })
		<-b.entered
	}
	code, _ := errorOf(t, w.do(t, get("/crm/v2/org", "carol-all")), http.StatusTooManyRequests)
	assert.Equal(t, "TOO_MANY_REQUESTS", code)
	// Another org has its own slots.
	assert.Equal(t, http.StatusOK, w.do(t, call{method: "GET", path: "/crm/v2/org", token: "bob-all", loc: "eu"}).Code)
	close(release)
	wg.Wait()
	for _, b := range held {
		assert.Equal(t, http.StatusOK, b.Code)
	}
	assert.Equal(t, http.StatusOK, w.do(t, get("/crm/v2/org", "carol-all")).Code)
}

func repeat(s string, n int) string {
	out := s
	for range n - 1 {
		out += "," + s
	}
	return out
}
