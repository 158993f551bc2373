package crmdata

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Store holds the CRM data of every org. It is safe for concurrent use;
// values are copied in and out, so callers cannot change stored records.
type Store struct {
	mu     sync.RWMutex
	orgs   map[string]*org
	policy Policy
	// version counts the changes to any org's data (see Version).
	version atomic.Uint64
}

// Version identifies the store's data: it changes with every write,
// deletion, org put, drop or import, and never returns to an earlier
// value, so two reads under the same Version see the same records. Page
// caches key on it.
func (s *Store) Version() uint64 { return s.version.Load() }

// touch marks a change of the data; the caller holds the write lock.
// Every method that changes any org's data must call it: zohocrm's page
// cache serves records rendered at an unchanged Version.
func (s *Store) touch() { s.version.Add(1) }

// Policy settles how writes treat keys where Zoho's behaviour is
// unconfirmed. The zero value is the default.
type Policy struct {
	// RejectUnknown refuses a write that names a field the module lacks
	// (ReasonUnknown). By default such keys are ignored, as Zoho is
	// observed to do.
	RejectUnknown bool
	// IgnoreReadOnly drops system-maintained fields (Created_Time,
	// Modified_By, Full_Name, ...) from a write. By default they are
	// refused (ReasonReadOnly).
	IgnoreReadOnly bool
}

// org is one org's CRM data.
type org struct {
	spec   OrgSpec // resolved
	prefix string
	mods   []*module
	byName map[string]*module // lower-case api_name
	users  map[string]User
	// userRefs are the users as boxed Refs, in spec order.
	userRefs []any
}

// New returns an empty store with the default Policy.
func New() *Store { return &Store{orgs: map[string]*org{}} }

// SetPolicy changes how later writes treat unknown and read-only fields.
func (s *Store) SetPolicy(p Policy) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	s.policy = p
}

// PutOrg creates or replaces an org's CRM data from spec, or changes
// nothing if spec is invalid. Generated records cost nothing until read.
func (s *Store) PutOrg(spec OrgSpec) error {
	o, err := buildOrg(spec)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	s.orgs[o.spec.OrgID] = o
	return nil
}

// DropOrg removes an org's CRM data.
func (s *Store) DropOrg(orgID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	delete(s.orgs, orgID)
}

// Spec returns the org's spec with its defaults filled in (prefix, user
// ids, times, modules), false for an unknown org.
func (s *Store) Spec(orgID string) (OrgSpec, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o := s.orgs[orgID]
	if o == nil {
		return OrgSpec{}, false
	}
	return o.spec.clone(), true
}

func buildOrg(spec OrgSpec) (*org, error) {
	spec, err := spec.resolved()
	if err != nil {
		return nil, err
	}
	o := &org{spec: spec, prefix: spec.Prefix, byName: map[string]*module{}, users: map[string]User{}}
	for _, u := range spec.Users {
		o.users[u.ID] = u
		o.userRefs = append(o.userRefs, userRef(u))
	}
	if err := o.compileModules(); err != nil {
		return nil, err
	}
	span := spec.To.Unix() - spec.From.Unix()
	for _, m := range o.mods {
		m.from, m.span = spec.From.Unix(), span
	}
	for k, ms := range spec.Modules {
		if err := o.loadRecords(o.mods[k], ms.Records); err != nil {
			return nil, fmt.Errorf("crmdata: module %q: %w", ms.APIName, err)
		}
	}
	// Explicit records are the spec's, not changes.
	for _, m := range o.mods {
		clear(m.changed)
	}
	return o, nil
}

// user finds one of the org's users by CRM id.
func (o *org) user(id string) (User, bool) {
	u, ok := o.users[id]
	return u, ok
}

// module finds a module by api_name, case-insensitively.
func (s *Store) module(orgID, api string) (*org, *module, error) {
	o := s.orgs[orgID]
	if o == nil {
		return nil, nil, ErrNoOrg
	}
	m := o.byName[strings.ToLower(api)]
	if m == nil {
		return o, nil, ErrNoModule
	}
	return o, m, nil
}

// Modules lists an org's modules in sequence order, without fields (nil
// for an unknown org).
func (s *Store) Modules(orgID string) []Module {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o := s.orgs[orgID]
	if o == nil {
		return nil
	}
	out := make([]Module, len(o.mods))
	for i, m := range o.mods {
		out[i] = m.meta
		out[i].Fields = nil
	}
	return out
}

// Module returns a module with its fields, api_name matched
// case-insensitively.
func (s *Store) Module(orgID, apiName string) (Module, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, m, err := s.module(orgID, apiName)
	if err != nil {
		return Module{}, false
	}
	return cloneModule(m.meta), true
}

func cloneModule(m Module) Module {
	m.Fields = slices.Clone(m.Fields)
	for i := range m.Fields {
		f := &m.Fields[i]
		f.PickListValues = slices.Clone(f.PickListValues)
		f.Lookup = cloneLookup(f.Lookup)
		if f.DecimalPlace != nil {
			d := *f.DecimalPlace
			f.DecimalPlace = &d
		}
	}
	return m
}

func cloneLookup(l *Lookup) *Lookup {
	if l == nil {
		return nil
	}
	c := *l
	return &c
}
