package crmdata

import (
	"fmt"
	"time"
)

// loadRecords adds a spec's explicit records: numbered after the
// generated ones (Created_Time To + k seconds unless given), or replacing
// a generated record named by "id".
func (o *org) loadRecords(m *module, recs []map[string]any) error {
	d := &decoder{o: o, trust: true}
	for k, in := range recs {
		first := o.spec.Users[0]
		if id, ok := in["id"]; ok {
			idStr, _ := id.(string)
			slot, n, ok := ParseRecordID(o.prefix, idStr)
			if !ok || slot != m.slot || n >= m.gen {
				return fmt.Errorf("record %d: id %v is not a generated record of the module", k, id)
			}
			base := o.generate(m, n)
			vals, err := o.decodeValues(m, d, in, false, base.Values)
			if err != nil {
				return fmt.Errorf("record %d: %w", k, err)
			}
			base.Values = vals
			base.Modified = timeOr(vals[modifiedField], base.Modified)
			o.finish(m, base, base.Modified)
			m.mask(n)
			m.put(base)
			continue
		}
		if m.next >= MaxRecords {
			return fmt.Errorf("more than %d records", MaxRecords)
		}
		at := o.spec.To.Add(time.Duration(k) * time.Second)
		vals := map[string]any{ownerField: userRef(first), createdByField: userRef(first), modifiedByField: userRef(first)}
		vals, err := o.decodeValues(m, d, in, true, vals)
		if err != nil {
			return fmt.Errorf("record %d: %w", k, err)
		}
		created := timeOr(vals[createdField], at)
		r := &Record{ID: recordID(o.prefix, m.slot, m.next), Created: created, Modified: timeOr(vals[modifiedField], created), Values: vals}
		o.finish(m, r, r.Modified)
		m.next++
		m.put(r)
	}
	return nil
}

func timeOr(v any, def time.Time) time.Time {
	if t, ok := v.(time.Time); ok {
		return t
	}
	return def
}

// finish sets a record's system fields and keys from its times, and
// the fields it lacks to nil.
func (o *org) finish(m *module, r *Record, now time.Time) {
	set := func(api string, v any) {
		if _, ok := m.fieldAt[api]; ok {
			r.Values[api] = v
		}
	}
	set(createdField, r.Created)
	set(modifiedField, r.Modified)
	if _, ok := r.Values[activityField].(time.Time); !ok {
		set(activityField, r.Modified)
	}
	if _, ok := r.Values[tagField]; !ok {
		set(tagField, []Ref{})
	}
	for _, f := range m.meta.Fields {
		if _, ok := r.Values[f.APIName]; !ok {
			r.Values[f.APIName] = nil // every field is present, as generated
		}
	}
	systemKeys(m, r.Values)
	derive(m, r.Values, now)
}

// Get returns one record: ErrNoModule, or ErrNoRecord for an unknown or
// deleted id.
func (s *Store) Get(orgID, module, id string) (Record, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, m, err := s.module(orgID, module)
	if err != nil {
		return Record{}, err
	}
	r := o.get(m, id)
	if r == nil {
		return Record{}, ErrNoRecord
	}
	return o.out(m, r), nil
}

// get finds a live record of m (materialised or generated), nil if none.
// A generated record is freshly built, so callers may keep it.
func (o *org) get(m *module, id string) *Record {
	if m == nil {
		return nil
	}
	if r := m.recs[id]; r != nil {
		return r
	}
	slot, n, ok := ParseRecordID(o.prefix, id)
	if !ok || slot != m.slot || n >= m.gen || m.isMasked(n) {
		return nil
	}
	return o.generate(m, n)
}

// out copies a record of m for a caller (a generated record is fresh and
// needs no copy), with lookups naming their targets as they are now:
// renamed targets show the new name, deleted ones null.
func (o *org) out(m *module, r *Record) Record {
	var c Record
	if m.recs[r.ID] == r {
		c = cloneRecord(r)
	} else {
		c = *r
	}
	for _, fi := range m.lookups {
		api := m.meta.Fields[fi].APIName
		ref, ok := c.Values[api].(Ref)
		if !ok {
			continue
		}
		t := o.targetOf(ref.ID)
		if t == nil || len(t.recs) == 0 && len(t.gone) == 0 {
			continue
		}
		if t.gone[ref.ID] {
			c.Values[api] = nil
		} else if tr := t.recs[ref.ID]; tr != nil {
			ref.Name = nameOf(t, tr)
			c.Values[api] = ref
		}
	}
	return c
}

// targetOf is the module a record id belongs to.
func (o *org) targetOf(id string) *module {
	slot, _, ok := ParseRecordID(o.prefix, id)
	if !ok || slot > len(o.mods) {
		return nil
	}
	return o.mods[slot-1]
}
