package zohocrm

import (
	"net/http"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// API credits and concurrency (reference §11 "Credits / limits";
// https://www.zoho.com/crm/developer/docs/api/v8/api-limits.html): each org
// has a rolling 24-hour budget of credits by edition and user licenses,
// and a number of requests it may have in flight at once. Both answer 429
// TOO_MANY_REQUESTS. Credits are spent only by answers below 400, so a
// refused request changes no state; X-API-CREDITS-REMAINING appears once
// half the budget is spent.

// Spend is the credits an org spent in one minute of the virtual clock.
type Spend struct {
	OrgID   string    `json:"org_id"`
	Minute  time.Time `json:"minute"`
	Credits int       `json:"credits"`
}

// limits returns an org's edition limits and its credits per window.
func (s *Service) limits(o *org) (EditionLimits, int) {
	l, ok := s.cfg.Editions[o.Edition]
	if !ok {
		l = s.cfg.Editions[s.cfg.DefaultEdition]
	}
	n := l.Credits + l.PerUser*o.UserLicenses
	if l.MaxCredits > 0 && n > l.MaxCredits {
		n = l.MaxCredits
	}
	return l, n
}

// acquire takes one of the org's concurrent slots and checks that a
// credit is left.
func (s *Service) acquire(o *org) error {
	l, budget := s.limits(o)
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inflight[o.OrgID] >= l.Concurrency {
		return s.tooManyRequests()
	}
	if s.st.spent(o.OrgID, now, s.cfg.CreditsWindow) >= budget {
		return s.tooManyRequests()
	}
	s.inflight[o.OrgID]++
	return nil
}

// release gives the slot back.
func (s *Service) release(orgID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inflight[orgID] <= 1 {
		delete(s.inflight, orgID)
		return
	}
	s.inflight[orgID]--
}

// debit spends cost credits (when cost > 0) and returns what is left of
// the budget and whether that is worth a header.
func (s *Service) debit(o *org, cost int) (remaining int, show bool) {
	_, budget := s.limits(o)
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	spent := s.st.spent(o.OrgID, now, s.cfg.CreditsWindow)
	if cost > 0 {
		s.st.spend(o.OrgID, now, cost, s.cfg.CreditsWindow)
		spent += cost
	}
	remaining = max(0, budget-spent)
	return remaining, float64(spent) >= s.cfg.CreditsHeaderAt*float64(budget)
}

// spent sums an org's credits in the window ending at now.
func (st *state) spent(orgID string, now time.Time, window time.Duration) int {
	from := now.Add(-window)
	total := 0
	for _, sp := range st.credits[orgID] {
		if sp.Minute.After(from) {
			total += sp.Credits
		}
	}
	return total
}

// spend records cost credits at now, dropping the minutes that left the
// window.
func (st *state) spend(orgID string, now time.Time, cost int, window time.Duration) {
	from := now.Add(-window)
	log := st.credits[orgID]
	if len(log) > 0 && !log[0].Minute.After(from) {
		kept := make([]Spend, 0, len(log))
		for _, sp := range log {
			if sp.Minute.After(from) {
				kept = append(kept, sp)
			}
		}
		log = kept
	}
	minute := now.Truncate(time.Minute)
	if n := len(log); n > 0 && log[n-1].Minute.Equal(minute) {
		log[n-1].Credits += cost
	} else {
		log = append(log, Spend{OrgID: orgID, Minute: minute, Credits: cost})
	}
	st.credits[orgID] = log
}

// accounting spends a call's credits when its answer is a success, and
// adds X-API-CREDITS-REMAINING to every answer once half the budget is gone.
type accounting struct {
	http.ResponseWriter
	s    *Service
	c    *call
	done bool
}

func (a *accounting) WriteHeader(status int) {
	if !a.done {
		a.done = true
		cost := a.c.cost
		if status >= http.StatusBadRequest {
			cost = 0
		}
		if remaining, show := a.s.debit(a.c.org, cost); show {
			a.Header().Set(creditsRemainingHeader, itoa(remaining))
		}
	}
	a.ResponseWriter.WriteHeader(status)
}

func (a *accounting) Write(b []byte) (int, error) {
	if !a.done {
		a.WriteHeader(http.StatusOK)
	}
	return a.ResponseWriter.Write(b)
}

// WriteShared passes an immutable body part on by reference.
func (a *accounting) WriteShared(b []byte) (int, error) {
	if !a.done {
		a.WriteHeader(http.StatusOK)
	}
	return httpx.WriteShared(a.ResponseWriter, b)
}
