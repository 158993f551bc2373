package crmdata

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// OrgState is one org's CRM data as a JSON document: the spec (which
// regenerates everything generated) and the changes made since through
// the API.
type OrgState struct {
	Spec OrgSpec `json:"spec"`
	// Records are the records created or updated through the API.
	Records []StoredRecord `json:"records,omitempty"`
	// Deleted are the deleted records, oldest first.
	Deleted []ModuleDeleted `json:"deleted,omitempty"`
	// Next is each module's next record number (ids of created records).
	Next map[string]int `json:"next,omitempty"`
}

// StoredRecord is a record of OrgState. Values marshal to JSON as the
// API would take them ({"name","id"} lookups, RFC 3339 times), and are
// read back by field metadata.
type StoredRecord struct {
	Module   string         `json:"module"`
	ID       string         `json:"id"`
	Created  time.Time      `json:"created"`
	Modified time.Time      `json:"modified"`
	Values   map[string]any `json:"values"`
}

// ModuleDeleted is a deleted record with its module.
type ModuleDeleted struct {
	Module string `json:"module"`
	DeletedRecord
}

// Export returns every org's state, orgs by id, records by module and id.
func (s *Store) Export() []OrgState {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []OrgState
	for _, id := range slices.Sorted(maps.Keys(s.orgs)) {
		o := s.orgs[id]
		st := OrgState{Spec: o.spec.clone(), Next: map[string]int{}}
		for _, m := range o.mods {
			api := m.meta.APIName
			st.Next[api] = m.next
			for _, rid := range slices.Sorted(maps.Keys(m.changed)) {
				r := m.recs[rid]
				st.Records = append(st.Records, StoredRecord{Module: api, ID: r.ID, Created: r.Created, Modified: r.Modified, Values: cloneValues(r.Values)})
			}
			for _, d := range m.deleted {
				st.Deleted = append(st.Deleted, ModuleDeleted{Module: api, DeletedRecord: d})
			}
		}
		out = append(out, st)
	}
	return out
}

// Import replaces every org with those of states, or changes nothing if
// any state is invalid.
func (s *Store) Import(states []OrgState) error {
	orgs := map[string]*org{}
	for _, st := range states {
		o, err := importOrg(st)
		if err != nil {
			return err
		}
		if orgs[o.spec.OrgID] != nil {
			return fmt.Errorf("crmdata: org %s twice", o.spec.OrgID)
		}
		orgs[o.spec.OrgID] = o
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch()
	s.orgs = orgs
	return nil
}

func importOrg(st OrgState) (*org, error) {
	o, err := buildOrg(st.Spec)
	if err != nil {
		return nil, err
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("crmdata: org %s: "+format, append([]any{o.spec.OrgID}, args...)...)
	}
	for api, next := range st.Next {
		m := o.byName[strings.ToLower(api)]
		if m == nil {
			return nil, fail("next of unknown module %q", api)
		}
		if next < m.next || next > MaxRecords {
			return nil, fail("%s: next %d below the spec's %d records", api, next, m.next)
		}
		m.next = next
	}
	d := &decoder{o: o, trust: true}
	for _, sr := range st.Records {
		m := o.byName[strings.ToLower(sr.Module)]
		if m == nil {
			return nil, fail("record %s of unknown module %q", sr.ID, sr.Module)
		}
		slot, n, ok := ParseRecordID(o.prefix, sr.ID)
		if !ok || slot != m.slot || n >= m.next {
			return nil, fail("record id %q is not one of %s", sr.ID, m.meta.APIName)
		}
		vals, err := o.decodeValues(m, d, sr.Values, true, nil)
		if err != nil {
			return nil, fail("record %s: %w", sr.ID, err)
		}
		r := &Record{ID: sr.ID, Created: sr.Created.UTC(), Modified: sr.Modified.UTC(), Values: vals}
		if n < m.gen {
			m.mask(n)
		}
		m.put(r)
		m.changed[r.ID] = true
	}
	for _, del := range st.Deleted {
		m := o.byName[strings.ToLower(del.Module)]
		if m == nil {
			return nil, fail("deleted record %s of unknown module %q", del.ID, del.Module)
		}
		slot, n, ok := ParseRecordID(o.prefix, del.ID)
		if !ok || slot != m.slot || n >= m.next || m.gone[del.ID] {
			return nil, fail("deleted record id %q is not one of %s", del.ID, m.meta.APIName)
		}
		dr := del.DeletedRecord
		dr.DeletedTime = dr.DeletedTime.UTC()
		m.remove(dr, o.prefix)
	}
	return o, nil
}
