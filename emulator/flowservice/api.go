package flowservice

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The Go API the runs engine and tests use. Values are copied in and out:
// nothing returned aliases the service's state.

// ErrUnknown is returned (wrapped) for an id the tenant does not have.
var ErrUnknown = errors.New("flowservice: unknown resource")

// System is who the platform itself acts as in the documents it writes
// (runs, refreshed credentials): reference §5, a failed run's createdBy.
const System = "acp_foundation_connectors@AdobeID"

func unknown(kind, id string) error { return fmt.Errorf("%w: %s %q", ErrUnknown, kind, id) }

// Tenants lists the tenants that hold anything, sorted.
func (s *Service) Tenants() []Tenant {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Tenant
	for t, sp := range s.st.spaces {
		if !sp.empty() {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, compareTenants)
	return out
}

func compareTenants(a, b Tenant) int {
	if c := strings.Compare(a.Org, b.Org); c != 0 {
		return c
	}
	return strings.Compare(a.Sandbox, b.Sandbox)
}

// Connection returns a base connection with its secrets.
func (s *Service) Connection(t Tenant, id string) (Connection, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.peek(t).conns[id]
	if c == nil {
		return Connection{}, false
	}
	return c.clone(), true
}

// UpdateConnection changes a base connection through fn (on a copy) and
// records the change as the platform's: a new etag, updatedAt now,
// updatedBy System. The engine writes refreshed tokens back this way
// (UNCONFIRMED, reference §9). An error from fn changes nothing.
func (s *Service) UpdateConnection(t Tenant, id string, fn func(*Connection) error) (Connection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.st.peek(t).conns[id]
	if cur == nil {
		return Connection{}, unknown("connection", id)
	}
	next := cur.clone()
	if err := fn(&next); err != nil {
		return Connection{}, err
	}
	params, err := normalizeMap(next.Auth.Params)
	if err != nil {
		return Connection{}, err
	}
	next.Auth.Params = params
	next.ID, next.CreatedAt, next.SandboxID, next.SandboxName, next.IMSOrgID = cur.ID, cur.CreatedAt, cur.SandboxID, cur.SandboxName, cur.IMSOrgID
	now := s.now()
	next.UpdatedAt, next.UpdatedBy, next.UpdatedClient = now.UnixMilli(), System, strings.TrimSuffix(System, "@AdobeID")
	next.Etag = newEtag(now)
	next.Version = next.Etag
	*cur = next
	return next.clone(), nil
}

// SourceConnection returns a source connection.
func (s *Service) SourceConnection(t Tenant, id string) (SourceConnection, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.peek(t).sources[id]
	if c == nil {
		return SourceConnection{}, false
	}
	return c.clone(), true
}

// TargetConnection returns a target connection.
func (s *Service) TargetConnection(t Tenant, id string) (TargetConnection, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.peek(t).targets[id]
	if c == nil {
		return TargetConnection{}, false
	}
	return c.clone(), true
}

// Flow returns a flow.
func (s *Service) Flow(t Tenant, id string) (Flow, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.st.peek(t).flows[id]
	if f == nil {
		return Flow{}, false
	}
	return f.clone(), true
}

// Flows lists a tenant's flows, oldest first.
func (s *Service) Flows(t Tenant) []Flow {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Flow
	for _, f := range sorted(s.st.peek(t).flows, flowKey) {
		out = append(out, f.clone())
	}
	return out
}

// MappingSet returns a mapping set.
func (s *Service) MappingSet(t Tenant, id string) (MappingSet, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.st.peek(t).mappings[id]
	if m == nil {
		return MappingSet{}, false
	}
	return MappingSet{ID: m.ID, Version: m.Version, Doc: cloneMap(m.Doc)}, true
}
