package adobeims

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Errors of the Go API, which the control API maps to its statuses.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid")
)

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, a...))
}

func notFound(what, id string) error { return fmt.Errorf("%w: %s %q", ErrNotFound, what, id) }

// CreateOrg adds an org with its "prod" sandbox; an empty ID gets one.
// The prod sandbox's id is derived from the org id, so it is the same in
// every world built from one seed.
func (s *Service) CreateOrg(o Org) (Org, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o.ID == "" {
		o.ID = newOrgID()
	}
	if _, ok := s.st.orgs[o.ID]; ok {
		return Org{}, fmt.Errorf("%w: org %q exists", ErrConflict, o.ID)
	}
	if err := validOrg(o); err != nil {
		return Org{}, err
	}
	s.st.orgs[o.ID] = &orgRec{Org: o, sandboxes: map[string]Sandbox{ProdSandbox: prodSandbox(o.ID)}}
	return o, nil
}

// UpdateOrg renames an existing org.
func (s *Service) UpdateOrg(o Org) (Org, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.st.orgs[o.ID]
	if !ok {
		return Org{}, notFound("org", o.ID)
	}
	if err := validOrg(o); err != nil {
		return Org{}, err
	}
	rec.Org = o
	return o, nil
}

func validOrg(o Org) error {
	if !validIMSID(o.ID, orgSuffix) {
		return invalid("an org id is letters and digits followed by %q, not %q", orgSuffix, o.ID)
	}
	if strings.TrimSpace(o.Name) == "" {
		return invalid("org name is required")
	}
	return nil
}

// Orgs lists the orgs.
func (s *Service) Orgs() []Org {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Org, 0, len(s.st.orgs))
	for _, o := range s.st.orgs {
		out = append(out, o.Org)
	}
	slices.SortFunc(out, func(a, b Org) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// GetOrg returns one org.
func (s *Service) GetOrg(id string) (Org, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.st.orgs[id]
	if !ok {
		return Org{}, notFound("org", id)
	}
	return o.Org, nil
}

// DeleteOrg removes an org with its credentials and sandboxes; the tokens
// of its credentials stop verifying.
func (s *Service) DeleteOrg(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.orgs[id]; !ok {
		return notFound("org", id)
	}
	s.st.dropOrg(id)
	return nil
}

// CreateCredential adds a Server-to-Server credential to an existing org,
// as the Developer Console does: an empty client id, secret or technical
// account id is generated, and empty scopes mean DefaultScopes.
func (s *Service) CreateCredential(c Credential) (Credential, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.ClientID == "" {
		c.ClientID = newClientID()
	}
	if _, ok := s.st.creds[c.ClientID]; ok {
		return Credential{}, fmt.Errorf("%w: credential %q exists", ErrConflict, c.ClientID)
	}
	if c.Secret == "" {
		c.Secret = newSecret()
	}
	if c.TechnicalAccountID == "" {
		c.TechnicalAccountID = newTechAccountID()
	}
	if len(c.Scopes) == 0 {
		c.Scopes = DefaultScopes
	}
	return s.putCredential(c)
}

// UpdateCredential replaces an existing credential's settings; empty
// fields keep their current values (a new secret rotates it).
func (s *Service) UpdateCredential(c Credential) (Credential, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.st.creds[c.ClientID]
	if !ok {
		return Credential{}, notFound("credential", c.ClientID)
	}
	keep := func(v *string, cur string) {
		if *v == "" {
			*v = cur
		}
	}
	keep(&c.Secret, old.Secret)
	keep(&c.Name, old.Name)
	keep(&c.OrgID, old.OrgID)
	keep(&c.TechnicalAccountID, old.TechnicalAccountID)
	if len(c.Scopes) == 0 {
		c.Scopes = old.Scopes
	}
	return s.putCredential(c)
}

func (s *Service) putCredential(c Credential) (Credential, error) {
	if _, ok := s.st.orgs[c.OrgID]; !ok {
		return Credential{}, notFound("org", c.OrgID)
	}
	if !validToken(c.ClientID) {
		return Credential{}, invalid("a client id is letters, digits, '.', '_' and '-', not %q", c.ClientID)
	}
	if !validToken(c.Secret) {
		return Credential{}, invalid("a client secret is letters, digits, '.', '_' and '-'")
	}
	if !validIMSID(c.TechnicalAccountID, techAcctSuffix) {
		return Credential{}, invalid("a technical account id is letters and digits followed by %q, not %q",
			techAcctSuffix, c.TechnicalAccountID)
	}
	scopes, err := cleanScopes(c.Scopes)
	if err != nil {
		return Credential{}, err
	}
	c.Scopes = scopes
	if c.Name == "" {
		c.Name = "OAuth Server-to-Server"
	}
	v := cloneCredential(c)
	s.st.creds[c.ClientID] = &v
	return cloneCredential(c), nil
}

// cleanScopes checks a credential's scopes and drops repeats.
func cleanScopes(scopes []string) ([]string, error) {
	out := make([]string, 0, len(scopes))
	for _, sc := range scopes {
		if !validScope(sc) {
			return nil, invalid("invalid scope %q", sc)
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, nil
}

// Credentials lists the credentials of an org, or all when orgID is empty.
func (s *Service) Credentials(orgID string) []Credential {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Credential
	for _, c := range s.st.creds {
		if orgID == "" || c.OrgID == orgID {
			out = append(out, cloneCredential(*c))
		}
	}
	slices.SortFunc(out, func(a, b Credential) int { return strings.Compare(a.ClientID, b.ClientID) })
	return out
}

// GetCredential returns one credential, secret included.
func (s *Service) GetCredential(clientID string) (Credential, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.creds[clientID]
	if !ok {
		return Credential{}, notFound("credential", clientID)
	}
	return cloneCredential(*c), nil
}

// DeleteCredential removes a credential; its tokens stop verifying.
func (s *Service) DeleteCredential(clientID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.creds[clientID]; !ok {
		return notFound("credential", clientID)
	}
	delete(s.st.creds, clientID)
	return nil
}

// validToken accepts 1-255 of [A-Za-z0-9._-]: client ids and secrets.
func validToken(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// validScope accepts a scope name: 1-200 printable ASCII characters other
// than the separators (comma, space).
func validScope(sc string) bool {
	if sc == "" || len(sc) > 200 {
		return false
	}
	for _, c := range sc {
		if c <= ' ' || c > '~' || c == ',' {
			return false
		}
	}
	return true
}
