package adobeims

import (
	"fmt"
	"slices"
	"strings"
)

// maxSandboxName bounds a sandbox name (UNCONFIRMED; AEP documents
// lowercase letters, digits and hyphens).
const maxSandboxName = 256

// CreateSandbox adds a sandbox to an existing org: an empty ID gets a
// UUID, an empty title the capitalized name, an empty type development.
func (s *Service) CreateSandbox(orgID string, sb Sandbox) (Sandbox, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.putSandbox(orgID, sb, false)
}

// putSandbox adds a sandbox, or replaces one of the same name when replace
// is set (a seed's own "prod").
func (st *state) putSandbox(orgID string, sb Sandbox, replace bool) (Sandbox, error) {
	o, ok := st.orgs[orgID]
	if !ok {
		return Sandbox{}, notFound("org", orgID)
	}
	if _, ok := o.sandboxes[sb.Name]; ok && !replace {
		return Sandbox{}, fmt.Errorf("%w: sandbox %q exists in org %q", ErrConflict, sb.Name, orgID)
	}
	if !validSandboxName(sb.Name) {
		return Sandbox{}, invalid("a sandbox name is lowercase letters, digits and '-', not %q", sb.Name)
	}
	if sb.ID == "" {
		sb.ID = newUUID()
	}
	if !validUUID(sb.ID) {
		return Sandbox{}, invalid("a sandbox id is a UUID, not %q", sb.ID)
	}
	sb.ID = strings.ToLower(sb.ID)
	if st.sandboxIDTaken(sb.ID, orgID, sb.Name) {
		return Sandbox{}, fmt.Errorf("%w: sandbox id %q is taken", ErrConflict, sb.ID)
	}
	if sb.Type == "" {
		sb.Type = SandboxDevelopment
		if sb.Name == ProdSandbox {
			sb.Type = SandboxProduction
		}
	}
	switch {
	case sb.Type != SandboxProduction && sb.Type != SandboxDevelopment:
		return Sandbox{}, invalid("a sandbox type is %q or %q, not %q", SandboxProduction, SandboxDevelopment, sb.Type)
	case sb.Name == ProdSandbox && sb.Type != SandboxProduction:
		return Sandbox{}, invalid("the %q sandbox is a production sandbox", ProdSandbox)
	}
	if sb.Title == "" {
		sb.Title = strings.ToUpper(sb.Name[:1]) + sb.Name[1:]
	}
	o.sandboxes[sb.Name] = sb
	return sb, nil
}

func validSandboxName(n string) bool {
	if n == "" || len(n) > maxSandboxName || n[0] == '-' {
		return false
	}
	for _, c := range n {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Sandbox returns an org's sandbox by name; the empty name is the default
// sandbox, "prod". The Flow Service resolves x-sandbox-name with it.
func (s *Service) Sandbox(orgID, name string) (Sandbox, bool) {
	if name == "" {
		name = ProdSandbox
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.st.orgs[orgID]
	if !ok {
		return Sandbox{}, false
	}
	sb, ok := o.sandboxes[name]
	return sb, ok
}

// Sandboxes lists an org's sandboxes by name.
func (s *Service) Sandboxes(orgID string) ([]Sandbox, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.st.orgs[orgID]
	if !ok {
		return nil, notFound("org", orgID)
	}
	return sortedSandboxes(o), nil
}

func sortedSandboxes(o *orgRec) []Sandbox {
	out := make([]Sandbox, 0, len(o.sandboxes))
	for _, sb := range o.sandboxes {
		out = append(out, sb)
	}
	slices.SortFunc(out, func(a, b Sandbox) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// DeleteSandbox removes a sandbox; "prod" cannot be deleted.
func (s *Service) DeleteSandbox(orgID, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.st.orgs[orgID]
	if !ok {
		return notFound("org", orgID)
	}
	if _, ok := o.sandboxes[name]; !ok {
		return notFound("sandbox", name)
	}
	if name == ProdSandbox {
		return fmt.Errorf("%w: the %q sandbox cannot be deleted", ErrConflict, ProdSandbox)
	}
	delete(o.sandboxes, name)
	return nil
}
