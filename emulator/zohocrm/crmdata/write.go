package crmdata

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Create adds a record made by user by at now (Created_Time and
// Modified_Time; Owner defaults to by) and returns it. Values are checked
// against the fields (see doc.go); on any error nothing is stored.
func (s *Store) Create(orgID, module string, values map[string]any, by User, now time.Time) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch() // even a refused write: nothing relies on it staying
	o, m, err := s.module(orgID, module)
	if err != nil {
		return Record{}, err
	}
	now = now.UTC().Truncate(time.Second)
	d := &decoder{o: o, by: &by, policy: s.policy}
	base := map[string]any{ownerField: userRef(by), createdByField: userRef(by), modifiedByField: userRef(by)}
	vals, err := o.decodeValues(m, d, values, true, base)
	if err != nil {
		return Record{}, err
	}
	if m.next >= MaxRecords {
		return Record{}, fmt.Errorf("crmdata: module %s is full (%d records)", m.meta.APIName, MaxRecords)
	}
	r := &Record{ID: recordID(o.prefix, m.slot, m.next), Created: now, Modified: now, Values: vals}
	o.finish(m, r, now)
	m.next++
	m.put(r)
	m.changed[r.ID] = true
	return o.out(m, r), nil
}

// Update changes the given fields of a record (by at now: Modified_Time,
// Modified_By and Last_Activity_Time follow) and returns it. ErrNoRecord
// for an unknown or deleted id; on any error nothing changes.
func (s *Store) Update(orgID, module, id string, values map[string]any, by User, now time.Time) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch() // even a refused write: nothing relies on it staying
	o, m, err := s.module(orgID, module)
	if err != nil {
		return Record{}, err
	}
	old := o.get(m, id)
	if old == nil {
		return Record{}, ErrNoRecord
	}
	now = now.UTC().Truncate(time.Second)
	d := &decoder{o: o, by: &by, policy: s.policy, id: id}
	vals, err := o.decodeValues(m, d, values, false, cloneValues(old.Values))
	if err != nil {
		return Record{}, err
	}
	vals[modifiedByField] = userRef(by)
	vals[activityField] = now
	r := &Record{ID: id, Created: old.Created, Modified: now, Values: vals}
	o.finish(m, r, now)
	if _, n, _ := ParseRecordID(o.prefix, id); n < m.gen {
		m.mask(n)
	}
	m.put(r)
	m.changed[id] = true
	return o.out(m, r), nil
}

// Delete moves a record to the recycle bin: it disappears from Get and
// List and appears in Deleted.
func (s *Store) Delete(orgID, module, id string, by User, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touch() // even a refused write: nothing relies on it staying
	o, m, err := s.module(orgID, module)
	if err != nil {
		return err
	}
	r := o.get(m, id)
	if r == nil {
		return ErrNoRecord
	}
	now = now.UTC().Truncate(time.Second)
	creator, _ := r.Values[createdByField].(Ref)
	m.remove(DeletedRecord{
		ID: id, DisplayName: nameOf(m, r), Type: "recycle",
		DeletedBy: Ref{Name: by.Name, ID: by.ID}, CreatedBy: Ref{Name: creator.Name, ID: creator.ID},
		DeletedTime: now,
	}, o.prefix)
	return nil
}

// remove deletes a live record and logs it.
func (m *module) remove(d DeletedRecord, prefix string) {
	m.drop(d.ID)
	if _, n, _ := ParseRecordID(prefix, d.ID); n < m.gen {
		m.mask(n)
	}
	delete(m.changed, d.ID)
	m.gone[d.ID] = true
	i := len(m.deleted)
	for i > 0 && m.deleted[i-1].DeletedTime.After(d.DeletedTime) {
		i--
	}
	m.deleted = slices.Insert(m.deleted, i, d)
	if d.DeletedTime.After(m.newest) {
		m.newest = d.DeletedTime
	}
}

// decodeValues applies in to a copy of base, field by field in the
// module's field order (so the first error is stable), and checks
// mandatory fields: all of them on create, the given ones on update.
func (o *org) decodeValues(m *module, d *decoder, in map[string]any, create bool, base map[string]any) (map[string]any, error) {
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	order := func(k string) int {
		if f := m.field(k); f != nil {
			return m.fieldAt[f.APIName]
		}
		return len(m.meta.Fields)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(order(a), order(b)), strings.Compare(a, b)) })
	out := cloneValues(base)
	for _, k := range keys {
		v := in[k]
		if strings.HasPrefix(k, "$") {
			if d.trust && scalar(v) {
				out[k] = v
			}
			continue
		}
		if k == "id" {
			switch {
			case d.trust || d.id != "" && v == d.id:
				continue
			case d.id != "":
				return nil, &InvalidValueError{Field: "id", Reason: ReasonInvalid, Expected: "string"}
			case d.policy.IgnoreReadOnly:
				continue
			}
			return nil, &InvalidValueError{Field: "id", Reason: ReasonReadOnly}
		}
		f := m.field(k)
		if f == nil {
			if d.trust || d.policy.RejectUnknown {
				return nil, &InvalidValueError{Field: k, Reason: ReasonUnknown}
			}
			continue
		}
		if !d.trust && systemField(f) {
			if d.policy.IgnoreReadOnly {
				continue
			}
			return nil, invalidValue(f, ReasonReadOnly)
		}
		val, bad := d.value(f, v)
		if bad != nil {
			return nil, bad
		}
		if _, isSkip := val.(skip); isSkip {
			continue
		}
		if f.SystemMandatory && (val == nil || val == "") {
			return nil, invalidValue(f, ReasonMandatory)
		}
		out[f.APIName] = val
	}
	if create {
		for i := range m.meta.Fields {
			f := &m.meta.Fields[i]
			if v := out[f.APIName]; f.SystemMandatory && (v == nil || v == "") {
				return nil, invalidValue(f, ReasonMandatory)
			}
		}
	}
	return out, nil
}

// systemField: maintained by Zoho, not writable through the API.
func systemField(f *Field) bool {
	switch f.APIName {
	case createdByField, modifiedByField, createdField, modifiedField, activityField:
		return true
	}
	switch f.DataType {
	case "autonumber", "formula", "rollup_summary":
		return true
	}
	return f.ReadOnly
}

func scalar(v any) bool {
	switch v.(type) {
	case nil, bool, string, float64, int64:
		return true
	}
	return false
}
