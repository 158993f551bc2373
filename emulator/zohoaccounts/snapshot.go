package zohoaccounts

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// State is Zoho Accounts' whole state as a document: a seed (orgs, users,
// clients) and, in an export, the codes, tokens and counters that make a
// world resume exactly. Exports contain secrets: keep them out of logs.
type State struct {
	Orgs          []OrgState             `json:"orgs"`
	Consent       *Consent               `json:"consent,omitempty"`
	Codes         []grantCode            `json:"codes,omitempty"`
	RefreshTokens []refreshToken         `json:"refresh_tokens,omitempty"`
	AccessTokens  []accessToken          `json:"access_tokens,omitempty"`
	Consented     []pair                 `json:"consented,omitempty"`
	CodeMints     map[string][]time.Time `json:"code_mints,omitempty"`
}

// OrgState is an org with its users and registered clients.
type OrgState struct {
	Org
	Users   []User   `json:"users,omitempty"`
	Clients []Client `json:"clients,omitempty"`
}

// Seed replaces the state with s and makes it what Reset returns to.
func (s *Service) Seed(seed State) error {
	if err := s.Import(seed); err != nil {
		return err
	}
	s.mu.Lock()
	s.seed = seed
	s.mu.Unlock()
	return nil
}

// Import replaces the whole state with st, or changes nothing if st is
// invalid.
func (s *Service) Import(st State) error {
	fresh := &Service{cfg: s.cfg, now: s.now, st: newState(s.cfg.Consent)}
	if err := fresh.load(st, ""); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = fresh.st
	return nil
}

// load adds the orgs of st (only the one with id tenant, when given) and,
// for a whole import, its codes, tokens and counters.
func (s *Service) load(st State, tenant string) error {
	for _, o := range st.Orgs {
		if tenant != "" && o.ID != tenant {
			continue
		}
		if _, err := s.CreateOrg(o.Org); err != nil {
			return fmt.Errorf("org %q: %w", o.ID, err)
		}
		for _, u := range o.Users {
			u.OrgID = o.ID
			if _, err := s.CreateUser(u); err != nil {
				return fmt.Errorf("user %q: %w", u.Email, err)
			}
		}
		for _, c := range o.Clients {
			c.OrgID = o.ID
			if _, err := s.RegisterClient(c); err != nil {
				return fmt.Errorf("client %q: %w", c.ID, err)
			}
		}
	}
	if tenant != "" {
		return nil
	}
	if st.Consent != nil {
		if err := s.SetConsent(*st.Consent); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range st.Codes {
		s.st.codes[c.Code] = &c
	}
	for _, rt := range st.RefreshTokens {
		s.st.refresh[rt.Token] = &rt
		k := pair{rt.ZUID, rt.ClientID}
		s.st.refreshOf[k] = append(s.st.refreshOf[k], rt.Token)
	}
	for _, at := range st.AccessTokens {
		s.st.access[at.Token] = &at
	}
	for _, p := range st.Consented {
		s.st.consented[p] = true
	}
	for k, v := range st.CodeMints {
		s.st.codeMints[k] = slices.Clone(v)
	}
	// Keep per-user refresh tokens oldest first, as minted.
	for k, list := range s.st.refreshOf {
		slices.SortFunc(list, func(a, b string) int { return s.st.refresh[a].Issued.Compare(s.st.refresh[b].Issued) })
		s.st.refreshOf[k] = list
	}
	return nil
}

// Export returns the whole state, secrets included.
func (s *Service) Export() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out State
	for _, o := range s.st.orgs {
		os := OrgState{Org: cloneOrg(o.Org)}
		for _, u := range s.st.users {
			if u.OrgID == o.ID {
				os.Users = append(os.Users, *u)
			}
		}
		for _, c := range s.st.clients {
			if c.OrgID == o.ID {
				os.Clients = append(os.Clients, cloneClient(c.Client))
			}
		}
		slices.SortFunc(os.Users, func(a, b User) int { return strings.Compare(a.ZUID, b.ZUID) })
		slices.SortFunc(os.Clients, func(a, b Client) int { return strings.Compare(a.ID, b.ID) })
		out.Orgs = append(out.Orgs, os)
	}
	slices.SortFunc(out.Orgs, func(a, b OrgState) int { return strings.Compare(a.ID, b.ID) })
	consent := s.st.consent
	out.Consent = &consent
	for _, c := range s.st.codes {
		out.Codes = append(out.Codes, *c)
	}
	for _, rt := range s.st.refresh {
		v := *rt
		v.Mints, v.Access = slices.Clone(rt.Mints), slices.Clone(rt.Access)
		out.RefreshTokens = append(out.RefreshTokens, v)
	}
	for _, at := range s.st.access {
		out.AccessTokens = append(out.AccessTokens, *at)
	}
	for p := range s.st.consented {
		out.Consented = append(out.Consented, p)
	}
	if len(s.st.codeMints) > 0 {
		out.CodeMints = map[string][]time.Time{}
		for k, v := range s.st.codeMints {
			out.CodeMints[k] = slices.Clone(v)
		}
	}
	slices.SortFunc(out.Codes, func(a, b grantCode) int { return strings.Compare(a.Code, b.Code) })
	slices.SortFunc(out.RefreshTokens, func(a, b refreshToken) int { return strings.Compare(a.Token, b.Token) })
	slices.SortFunc(out.AccessTokens, func(a, b accessToken) int { return strings.Compare(a.Token, b.Token) })
	slices.SortFunc(out.Consented, func(a, b pair) int { return strings.Compare(a.ZUID+a.ClientID, b.ZUID+b.ClientID) })
	return out
}

// Reset returns to the seed: everything, or one tenant (an org id) alone.
func (s *Service) Reset(tenant string) error {
	s.mu.Lock()
	seed := s.seed
	if tenant != "" {
		if _, ok := s.st.orgs[tenant]; !ok && !seedHasOrg(seed, tenant) {
			s.mu.Unlock()
			return notFound("org", tenant)
		}
		s.st.dropOrg(tenant)
	}
	s.mu.Unlock()
	if tenant == "" {
		return s.Import(seed)
	}
	return s.load(seed, tenant)
}

func seedHasOrg(seed State, id string) bool {
	return slices.ContainsFunc(seed.Orgs, func(o OrgState) bool { return o.ID == id })
}
