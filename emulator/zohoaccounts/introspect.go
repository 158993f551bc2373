package zohoaccounts

import (
	"net/netip"
	"slices"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/netpolicy"
)

// Grant is what a live access token allows, as Zoho's resource servers
// (the CRM) see it.
type Grant struct {
	ClientID string
	ZUID     string // empty for client_credentials tokens
	OrgID    string // the user's org, or the soid's
	DC       string // the data centre that issued it
	Scopes   []string
	Expires  time.Time
}

// Introspect returns the grant of a live access token: not expired,
// revoked or evicted.
func (s *Service) Introspect(token string) (Grant, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at := s.st.access[token]
	if at == nil || !s.now().Before(at.Expires) {
		return Grant{}, false
	}
	org := at.OrgID
	if u := s.st.users[at.ZUID]; u != nil {
		org = u.OrgID
	}
	return Grant{ClientID: at.ClientID, ZUID: at.ZUID, OrgID: org, DC: at.DC,
		Scopes: slices.Clone(at.Scopes), Expires: at.Expires}, true
}

// OrgAdmits applies an org's IP allow list to a source address; an
// unknown org admits nobody.
func (s *Service) OrgAdmits(orgID string, ip netip.Addr) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.orgs[orgID]
	return o != nil && netpolicy.Allowed(o.allow, ip)
}

// Holder names the client and org of an access token the service still
// knows, expired or not, for the journal and fault rules to name a
// request's tenant (a request with an expired token is still the
// tenant's); ok is false for a token it never issued or has dropped.
func (s *Service) Holder(token string) (client, org string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at := s.st.access[token]
	if at == nil {
		return "", "", false
	}
	c := s.st.clients[at.ClientID]
	if c == nil {
		return at.ClientID, at.OrgID, true
	}
	return at.ClientID, c.OrgID, true
}
