package adobeims

import (
	"fmt"
	"slices"
	"strings"
)

// State is IMS's whole state as a document: orgs with their credentials
// and sandboxes. It is both a seed and an export (tokens are signed
// documents, not state). Exports contain client secrets: keep them out of
// logs.
type State struct {
	Orgs []OrgState `json:"orgs"`
}

// OrgState is an org with its credentials and sandboxes. A seed need not
// list the "prod" sandbox: every org has it.
type OrgState struct {
	Org
	Credentials []Credential `json:"credentials,omitempty"`
	Sandboxes   []Sandbox    `json:"sandboxes,omitempty"`
}

// Seed replaces the state with seed and makes it what Reset returns to,
// or changes nothing if seed is invalid. The service keeps its own copy.
func (s *Service) Seed(seed State) error {
	seed = seed.clone()
	fresh, err := s.build(seed, "", nil)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st, s.seed = fresh, seed
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
	return nil
}

// build loads doc (only the org tenant, when given) into base, or into an
// empty state when base is nil, and returns it. The work is done on a
// scratch service, so a failure leaves nothing behind.
func (s *Service) build(doc State, tenant string, base *state) (*state, error) {
	if base == nil {
		base = newState()
	}
	scratch := &Service{cfg: s.cfg, now: s.now, st: base}
	for _, o := range doc.Orgs {
		if tenant != "" && o.ID != tenant {
			continue
		}
		if err := scratch.loadOrg(o); err != nil {
			return nil, fmt.Errorf("org %q: %w", o.ID, err)
		}
	}
	return scratch.st, nil
}

func (s *Service) loadOrg(o OrgState) error {
	if _, err := s.CreateOrg(o.Org); err != nil {
		return err
	}
	for _, sb := range o.Sandboxes {
		if _, err := s.st.putSandbox(o.ID, sb, sb.Name == ProdSandbox); err != nil {
			return fmt.Errorf("sandbox %q: %w", sb.Name, err)
		}
	}
	for _, c := range o.Credentials {
		c.OrgID = o.ID
		if _, err := s.CreateCredential(c); err != nil {
			return fmt.Errorf("credential %q: %w", c.ClientID, err)
		}
	}
	return nil
}

// Export returns the whole state, secrets included, as a copy.
func (s *Service) Export() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := State{Orgs: make([]OrgState, 0, len(s.st.orgs))}
	for _, o := range s.st.orgs {
		os := OrgState{Org: o.Org, Sandboxes: sortedSandboxes(o)}
		for _, c := range s.st.creds {
			if c.OrgID == o.ID {
				os.Credentials = append(os.Credentials, cloneCredential(*c))
			}
		}
		slices.SortFunc(os.Credentials, func(a, b Credential) int { return strings.Compare(a.ClientID, b.ClientID) })
		out.Orgs = append(out.Orgs, os)
	}
	slices.SortFunc(out.Orgs, func(a, b OrgState) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// clone returns a deep copy of a state document.
func (st State) clone() State {
	out := State{Orgs: make([]OrgState, 0, len(st.Orgs))}
	for _, o := range st.Orgs {
		c := OrgState{Org: o.Org, Sandboxes: slices.Clone(o.Sandboxes)}
		for _, cr := range o.Credentials {
			c.Credentials = append(c.Credentials, cloneCredential(cr))
		}
		out.Orgs = append(out.Orgs, c)
	}
	return out
}

// Reset returns to the seed: everything, or one tenant (an org id) alone
// with its credentials and sandboxes. A reset that cannot be done (the
// seed's tenant clashes with what other tenants created since, such as a
// client id) changes nothing.
func (s *Service) Reset(tenant string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tenant == "" {
		fresh, err := s.build(s.seed, "", nil)
		if err != nil {
			return err
		}
		s.st = fresh
		return nil
	}
	if _, ok := s.st.orgs[tenant]; !ok && !slices.ContainsFunc(s.seed.Orgs, func(o OrgState) bool { return o.ID == tenant }) {
		return notFound("org", tenant)
	}
	work := s.st.clone()
	work.dropOrg(tenant)
	fresh, err := s.build(s.seed, tenant, work)
	if err != nil {
		return err
	}
	s.st = fresh
	return nil
}
