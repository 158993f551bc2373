package crmdata

import (
	"slices"
	"strings"
	"time"
)

// module is one module of an org: metadata, the lazy generator's layout
// and the overrides (explicit, created, updated and deleted records).
//
// Records are numbered: 0..gen-1 are generated on demand, the rest are
// materialised (explicit records of the spec, then records created
// through the API). A generated record that is updated or deleted is
// masked: its number joins masked and, when updated, its new version is
// materialised under the same id.
type module struct {
	meta        Module
	slot        int
	gen         int
	display     string
	hash        uint64
	fieldAt     map[string]int // api_name → index in meta.Fields
	lookups     []int          // indexes of the lookup fields
	salutations []string       // the Salutation picklist's values
	plan        []fieldGen

	from, span int64 // generated Created_Time: unix seconds

	next    int                // number of the next created record
	recs    map[string]*Record // materialised records by id (never mutated: replaced)
	byKey   [numKeys][]*Record // recs sorted by each sort key, then id
	masked  []int              // generated numbers updated or deleted, ascending
	changed map[string]bool    // ids created or updated since the spec (for Export)
	deleted []DeletedRecord    // ascending DeletedTime
	gone    map[string]bool    // deleted ids
	newest  time.Time          // newest Modified_Time or deletion among overrides
}

func newModule(meta Module, slot, gen int, display string, seed uint64) *module {
	m := &module{
		meta: meta, slot: slot, gen: gen, display: display,
		hash:    mix(seed, strhash(strings.ToLower(meta.APIName))),
		fieldAt: make(map[string]int, len(meta.Fields)),
		recs:    map[string]*Record{},
		changed: map[string]bool{},
		gone:    map[string]bool{},
		next:    gen,
	}
	for i, f := range meta.Fields {
		m.fieldAt[f.APIName] = i
		if f.DataType == "lookup" {
			m.lookups = append(m.lookups, i)
		}
		if f.APIName == "Salutation" && f.DataType == "picklist" {
			for _, v := range choices(&f) {
				m.salutations = append(m.salutations, v.ActualValue)
			}
		}
	}
	return m
}

// field returns the field with api_name (exact, then case-insensitive).
func (m *module) field(api string) *Field {
	if i, ok := m.fieldAt[api]; ok {
		return &m.meta.Fields[i]
	}
	for i := range m.meta.Fields {
		if strings.EqualFold(m.meta.Fields[i].APIName, api) {
			return &m.meta.Fields[i]
		}
	}
	return nil
}

// isLeads: converted leads are hidden by default and carry "$converted".
func (m *module) isLeads() bool { return strings.EqualFold(m.meta.APIName, Leads) }

// sort keys
const (
	keyID = iota
	keyCreated
	keyModified
	numKeys
)

// less orders materialised records by key, then id.
func less(k int, a, b *Record) bool { return cmpRec(k, a, b) < 0 }

func cmpRec(k int, a, b *Record) int {
	switch k {
	case keyCreated:
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
	case keyModified:
		if c := a.Modified.Compare(b.Modified); c != 0 {
			return c
		}
	}
	return strings.Compare(a.ID, b.ID)
}

// put stores r as materialised, replacing the record with its id.
func (m *module) put(r *Record) {
	if old := m.recs[r.ID]; old != nil {
		m.unindex(old)
	}
	m.recs[r.ID] = r
	for k := range numKeys {
		s := m.byKey[k]
		i, _ := slices.BinarySearchFunc(s, r, func(a, b *Record) int { return cmpRec(k, a, b) })
		m.byKey[k] = slices.Insert(s, i, r)
	}
	if r.Modified.After(m.newest) {
		m.newest = r.Modified
	}
}

// drop removes a materialised record.
func (m *module) drop(id string) {
	if old := m.recs[id]; old != nil {
		m.unindex(old)
		delete(m.recs, id)
	}
}

func (m *module) unindex(r *Record) {
	for k := range numKeys {
		s := m.byKey[k]
		if i, ok := slices.BinarySearchFunc(s, r, func(a, b *Record) int { return cmpRec(k, a, b) }); ok {
			m.byKey[k] = slices.Delete(s, i, i+1)
		}
	}
}

// mask hides generated record n (updated or deleted).
func (m *module) mask(n int) {
	if i, ok := slices.BinarySearch(m.masked, n); !ok {
		m.masked = slices.Insert(m.masked, i, n)
	}
}

func (m *module) isMasked(n int) bool {
	_, ok := slices.BinarySearch(m.masked, n)
	return ok
}
