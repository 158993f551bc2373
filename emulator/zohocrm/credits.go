package zohocrm

import (
	"errors"
	"fmt"
)

// ErrNoOrg is the error of an org Zoho Accounts does not know;
// ErrCredits of a credit count out of range.
var (
	ErrNoOrg   = errors.New("no such org")
	ErrCredits = errors.New("invalid credits")
)

// Credits is an org's API credit budget over the rolling window, as the
// control API shows and sets it.
type Credits struct {
	OrgID     string `json:"org_id"`
	Budget    int    `json:"budget"`
	Spent     int    `json:"spent"`
	Remaining int    `json:"remaining"`
}

// Credits returns an org's credits now.
func (s *Service) Credits(orgID string) (Credits, error) {
	o, ok := s.loadOrg(orgID)
	if !ok {
		return Credits{}, fmt.Errorf("%w: %q", ErrNoOrg, orgID)
	}
	_, budget := s.limits(o)
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	spent := s.st.spent(orgID, now, s.cfg.CreditsWindow)
	return Credits{OrgID: orgID, Budget: budget, Spent: spent, Remaining: max(0, budget-spent)}, nil
}

// SetRemaining leaves an org remaining credits in the window, as if the
// rest had been spent now (by other integrations of the org): the window
// forgets what was spent before, so credits come back 24 hours later, as
// they would. remaining is between 0 and the budget.
func (s *Service) SetRemaining(orgID string, remaining int) (Credits, error) {
	o, ok := s.loadOrg(orgID)
	if !ok {
		return Credits{}, fmt.Errorf("%w: %q", ErrNoOrg, orgID)
	}
	_, budget := s.limits(o)
	if remaining < 0 || remaining > budget {
		return Credits{}, fmt.Errorf("%w: remaining %d: between 0 and the org's budget %d", ErrCredits, remaining, budget)
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.st.credits, orgID)
	if spend := budget - remaining; spend > 0 {
		s.st.spend(orgID, now, spend, s.cfg.CreditsWindow)
	}
	return Credits{OrgID: orgID, Budget: budget, Spent: budget - remaining, Remaining: remaining}, nil
}
