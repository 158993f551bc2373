package zohoaccounts

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/internal/zohodc"
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
	// CodeMintSeconds count a client's codes per second instead, when more
	// than exactMints fell in one window (limits raised for load).
	CodeMintSeconds map[string][]mintSecond `json:"code_mint_seconds,omitempty"`
}

// OrgState is an org with its users and registered clients.
type OrgState struct {
	Org
	Users   []User   `json:"users,omitempty"`
	Clients []Client `json:"clients,omitempty"`
}

// Seed replaces the state with s and makes it what Reset returns to, or
// changes nothing if s is invalid. The service keeps its own copy.
func (s *Service) Seed(seed State) error {
	seed = seed.clone()
	fresh, err := s.build(seed, "", nil)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st, s.seed = fresh, seed
	s.clientsChanged()
	return nil
}

// Import replaces the whole state with st, or changes nothing if st is
// invalid.
func (s *Service) Import(st State) error {
	fresh, err := s.build(st, "", nil)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = fresh
	s.clientsChanged()
	return nil
}

// build loads doc (only the org tenant and what belongs to it, when given)
// into base, or into an empty state when base is nil, and returns it. The
// work is done on a scratch service, so a failure leaves nothing behind.
func (s *Service) build(doc State, tenant string, base *state) (*state, error) {
	if base == nil {
		base = newState(s.cfg.Consent)
	}
	scratch := &Service{cfg: s.cfg, now: s.now, st: base}
	if err := scratch.load(doc, tenant); err != nil {
		return nil, err
	}
	return scratch.st, nil
}

// load adds the orgs of st (only the one with id tenant, when given) with
// their users and clients, then the codes, tokens and counters of st (only
// those of the tenant's users and clients, when given).
func (s *Service) load(st State, tenant string) error {
	var orgs []OrgState
	for _, o := range st.Orgs {
		if tenant == "" || o.ID == tenant {
			orgs = append(orgs, o)
		}
	}
	// Orgs, then users, then clients: a client's consent may name a user
	// of any org.
	for _, o := range orgs {
		if _, err := s.CreateOrg(o.Org); err != nil {
			return fmt.Errorf("org %q: %w", o.ID, err)
		}
	}
	for _, o := range orgs {
		for _, u := range o.Users {
			u.OrgID = o.ID
			if _, err := s.CreateUser(u); err != nil {
				return fmt.Errorf("user %q: %w", u.Email, err)
			}
		}
	}
	for _, o := range orgs {
		for _, c := range o.Clients {
			c.OrgID = o.ID
			if _, err := s.RegisterClient(c); err != nil {
				return fmt.Errorf("client %q: %w", c.ID, err)
			}
		}
	}
	if tenant == "" && st.Consent != nil {
		if err := s.SetConsent(*st.Consent); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.loadGrants(s.cfg, st, tenantFilter(st, tenant))
}

// tenantFilter says whether a grant of doc belongs to tenant: its client,
// its user or its org is the tenant's (the same grants dropOrg removes).
func tenantFilter(doc State, tenant string) func(clientID, zuid, orgID string) bool {
	if tenant == "" {
		return func(string, string, string) bool { return true }
	}
	clients, users := map[string]bool{}, map[string]bool{}
	for _, o := range doc.Orgs {
		if o.ID != tenant {
			continue
		}
		for _, c := range o.Clients {
			clients[c.ID] = true
		}
		for _, u := range o.Users {
			users[u.ZUID] = true
		}
	}
	return func(clientID, zuid, orgID string) bool {
		return clients[clientID] || zuid != "" && users[zuid] || orgID == tenant
	}
}

// loadGrants adds the codes, tokens, consents and counters of doc that keep
// admits, checking that each names a known client, user, org and DC.
func (st *state) loadGrants(cfg Config, doc State, keep func(clientID, zuid, orgID string) bool) error {
	check := func(what, token, clientID, zuid, orgID, dc string) error {
		switch {
		case token == "":
			return invalid("a %s without its value", what)
		case st.clients[clientID] == nil:
			return invalid("%s %s: unknown client %q", what, hint(token), clientID)
		case zuid != "" && st.users[zuid] == nil:
			return invalid("%s %s: unknown user %q", what, hint(token), zuid)
		case orgID != "" && st.orgs[orgID] == nil:
			return invalid("%s %s: unknown org %q", what, hint(token), orgID)
		case !zohodc.Valid(dc):
			return invalid("%s %s: unknown data centre %q", what, hint(token), dc)
		}
		return nil
	}
	for _, c := range doc.Codes {
		if !keep(c.ClientID, c.ZUID, c.OrgID) {
			continue
		}
		if err := check("code", c.Code, c.ClientID, c.ZUID, c.OrgID, c.DC); err != nil {
			return err
		}
		c.Scopes = slices.Clone(c.Scopes)
		st.codes[c.Code] = &c
	}
	loaded := map[pair]bool{}
	for _, rt := range doc.RefreshTokens {
		if !keep(rt.ClientID, rt.ZUID, "") {
			continue
		}
		if rt.ZUID == "" {
			return invalid("refresh token %s without a user", hint(rt.Token))
		}
		if err := check("refresh token", rt.Token, rt.ClientID, rt.ZUID, "", rt.DC); err != nil {
			return err
		}
		rt.Scopes, rt.Access = slices.Clone(rt.Scopes), slices.Clone(rt.Access)
		rt.mints = importMints(rt.Mints, rt.MintSeconds, cfg.AccessTokenMints)
		rt.Mints, rt.MintSeconds = nil, nil
		st.refresh[rt.Token] = &rt
		k := pair{rt.ZUID, rt.ClientID}
		st.refreshOf[k] = append(st.refreshOf[k], rt.Token)
		loaded[k] = true
	}
	for _, at := range doc.AccessTokens {
		if !keep(at.ClientID, at.ZUID, at.OrgID) {
			continue
		}
		if err := check("access token", at.Token, at.ClientID, at.ZUID, at.OrgID, at.DC); err != nil {
			return err
		}
		if at.Refresh != "" && st.refresh[at.Refresh] == nil {
			return invalid("access token %s: unknown refresh token", hint(at.Token))
		}
		at.Scopes = slices.Clone(at.Scopes)
		st.access[at.Token] = &at
	}
	for _, p := range doc.Consented {
		if !keep(p.ClientID, p.ZUID, "") {
			continue
		}
		if st.clients[p.ClientID] == nil || st.users[p.ZUID] == nil {
			return invalid("consent of unknown user %q or client %q", p.ZUID, p.ClientID)
		}
		st.consented[p] = true
	}
	for _, k := range slices.Sorted(maps.Keys(codeMintClients(doc))) {
		if !keep(k, "", "") {
			continue
		}
		if st.clients[k] == nil {
			return invalid("code mints of unknown client %q", k)
		}
		st.codeMints[k] = importMints(doc.CodeMints[k], doc.CodeMintSeconds[k], cfg.CodeMints)
	}
	// Keep per-user refresh tokens oldest first, as minted; tokens minted
	// at one instant keep the document's order (Export writes them in
	// eviction order).
	for k := range loaded {
		slices.SortStableFunc(st.refreshOf[k], func(a, b string) int { return st.refresh[a].Issued.Compare(st.refresh[b].Issued) })
	}
	return nil
}

// Export returns the whole state, secrets included, as a copy.
func (s *Service) Export() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.export()
}

func (st *state) export() State {
	var out State
	for _, o := range st.orgs {
		os := OrgState{Org: cloneOrg(o.Org)}
		for _, u := range st.users {
			if u.OrgID == o.ID {
				os.Users = append(os.Users, *u)
			}
		}
		for _, c := range st.clients {
			if c.OrgID == o.ID {
				os.Clients = append(os.Clients, cloneClient(c.Client))
			}
		}
		slices.SortFunc(os.Users, func(a, b User) int { return strings.Compare(a.ZUID, b.ZUID) })
		slices.SortFunc(os.Clients, func(a, b Client) int { return strings.Compare(a.ID, b.ID) })
		out.Orgs = append(out.Orgs, os)
	}
	slices.SortFunc(out.Orgs, func(a, b OrgState) int { return strings.Compare(a.ID, b.ID) })
	consent := st.consent
	out.Consent = &consent
	for _, c := range st.codes {
		v := *c
		v.Scopes = slices.Clone(c.Scopes)
		out.Codes = append(out.Codes, v)
	}
	// Refresh tokens by user and client, each list in eviction order.
	pairs := slices.Collect(maps.Keys(st.refreshOf))
	slices.SortFunc(pairs, comparePairs)
	for _, k := range pairs {
		for _, t := range st.refreshOf[k] {
			if rt := st.refresh[t]; rt != nil {
				v := *rt
				v.Scopes, v.Access, v.mints = slices.Clone(rt.Scopes), slices.Clone(rt.Access), mintLog{}
				v.Mints, v.MintSeconds = rt.mints.export()
				out.RefreshTokens = append(out.RefreshTokens, v)
			}
		}
	}
	for _, at := range st.access {
		v := *at
		v.Scopes = slices.Clone(at.Scopes)
		out.AccessTokens = append(out.AccessTokens, v)
	}
	for p := range st.consented {
		out.Consented = append(out.Consented, p)
	}
	for k, l := range st.codeMints {
		times, seconds := l.export()
		if times != nil {
			if out.CodeMints == nil {
				out.CodeMints = map[string][]time.Time{}
			}
			out.CodeMints[k] = times
		}
		if seconds != nil {
			if out.CodeMintSeconds == nil {
				out.CodeMintSeconds = map[string][]mintSecond{}
			}
			out.CodeMintSeconds[k] = seconds
		}
	}
	slices.SortFunc(out.Codes, func(a, b grantCode) int { return strings.Compare(a.Code, b.Code) })
	slices.SortFunc(out.AccessTokens, func(a, b accessToken) int { return strings.Compare(a.Token, b.Token) })
	slices.SortFunc(out.Consented, comparePairs)
	return out
}

func comparePairs(a, b pair) int {
	if c := strings.Compare(a.ZUID, b.ZUID); c != 0 {
		return c
	}
	return strings.Compare(a.ClientID, b.ClientID)
}

// clone returns a deep copy of a state document.
func (st State) clone() State {
	out := State{Orgs: make([]OrgState, 0, len(st.Orgs))}
	for _, o := range st.Orgs {
		c := OrgState{Org: cloneOrg(o.Org), Users: slices.Clone(o.Users)}
		for _, cl := range o.Clients {
			c.Clients = append(c.Clients, cloneClient(cl))
		}
		out.Orgs = append(out.Orgs, c)
	}
	if st.Consent != nil {
		v := *st.Consent
		out.Consent = &v
	}
	for _, c := range st.Codes {
		c.Scopes = slices.Clone(c.Scopes)
		out.Codes = append(out.Codes, c)
	}
	for _, rt := range st.RefreshTokens {
		rt.Scopes, rt.Mints, rt.Access = slices.Clone(rt.Scopes), slices.Clone(rt.Mints), slices.Clone(rt.Access)
		rt.MintSeconds, rt.mints = slices.Clone(rt.MintSeconds), rt.mints.clone()
		out.RefreshTokens = append(out.RefreshTokens, rt)
	}
	for _, at := range st.AccessTokens {
		at.Scopes = slices.Clone(at.Scopes)
		out.AccessTokens = append(out.AccessTokens, at)
	}
	out.Consented = slices.Clone(st.Consented)
	if st.CodeMints != nil {
		out.CodeMints = make(map[string][]time.Time, len(st.CodeMints))
		for k, v := range st.CodeMints {
			out.CodeMints[k] = slices.Clone(v)
		}
	}
	if st.CodeMintSeconds != nil {
		out.CodeMintSeconds = make(map[string][]mintSecond, len(st.CodeMintSeconds))
		for k, v := range st.CodeMintSeconds {
			out.CodeMintSeconds[k] = slices.Clone(v)
		}
	}
	return out
}

// Reset returns to the seed: everything, or one tenant (an org id) alone
// with the codes and tokens of its users and clients. A reset that cannot
// be done (the seed's tenant clashes with what other tenants created since)
// changes nothing.
func (s *Service) Reset(tenant string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tenant == "" {
		fresh, err := s.build(s.seed, "", nil)
		if err != nil {
			return err
		}
		s.st = fresh
		s.clientsChanged()
		return nil
	}
	if _, ok := s.st.orgs[tenant]; !ok && !seedHasOrg(s.seed, tenant) {
		return notFound("org", tenant)
	}
	work := s.st.clone()
	work.dropOrg(tenant)
	fresh, err := s.build(s.seed, tenant, work)
	if err != nil {
		return err
	}
	s.st = fresh
	s.clientsChanged()
	return nil
}

func seedHasOrg(seed State, id string) bool {
	return slices.ContainsFunc(seed.Orgs, func(o OrgState) bool { return o.ID == id })
}

// codeMintClients are the clients a document counts codes for, in either
// form.
func codeMintClients(doc State) map[string]bool {
	out := map[string]bool{}
	for k := range doc.CodeMints {
		out[k] = true
	}
	for k := range doc.CodeMintSeconds {
		out[k] = true
	}
	return out
}
