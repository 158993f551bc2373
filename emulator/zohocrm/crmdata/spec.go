package crmdata

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// OrgSpec describes an org's CRM data: its modules and fields, what to
// generate and the explicit records. It is also the seed document (JSON
// field names below; YAML seeds use the same names).
type OrgSpec struct {
	// OrgID is the Zoho org id (nine digits, e.g. "810000001").
	OrgID string `json:"org_id"`
	// Prefix is the 7-digit prefix of the org's CRM ids; PrefixOf(OrgID)
	// when empty.
	Prefix string `json:"prefix,omitempty"`
	// Users are the owners and creators the generator assigns, in order;
	// an empty ID becomes UserID(prefix, i). At least one is required.
	Users []User `json:"users"`
	// Seed drives the generator: the same spec gives the same records.
	Seed uint64 `json:"seed"`
	// From and To bound generated Created_Time values: [From, To).
	// Zero values mean DefaultFrom and DefaultTo.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// Modules nil means StandardModules().
	Modules []ModuleSpec `json:"modules,omitempty"`
	// Standard merges Modules over StandardModules() (MergeModules)
	// instead of replacing them, so a seed lists only what it changes.
	Standard bool `json:"standard,omitempty"`
}

// ModuleSpec is one module of an org.
type ModuleSpec struct {
	APIName string `json:"api_name"`
	// Module is the metadata of a custom module (nil for a standard one;
	// for a standard one it replaces the catalogue's metadata).
	Module *Module `json:"module,omitempty"`
	// Fields are custom fields appended to a standard module's fields (one
	// with a standard field's api_name replaces it), or all fields of a
	// custom module (Owner, Created_By, Modified_By, Created_Time,
	// Modified_Time, Last_Activity_Time, Tag and a mandatory Name are
	// added when missing).
	Fields []Field `json:"fields,omitempty"`
	// Generate is how many records to generate; they cost no memory until
	// read, so a million is fine (at most MaxRecords).
	Generate int `json:"generate,omitempty"`
	// Records are explicit records, values by api_name, numbered after the
	// generated ones. One with an "id" of a generated record replaces that
	// record's values instead. Created_Time, Modified_Time, Owner,
	// Created_By, Modified_By and "$converted" may be given.
	Records []map[string]any `json:"records,omitempty"`
}

// The generator's default time range, when OrgSpec leaves it zero.
var (
	DefaultFrom = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	DefaultTo   = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

// MergeModules returns base with over applied: a module of over with a
// base module's api_name changes it (Module replaces the metadata, Fields
// replace or append by api_name, a non-zero Generate replaces the count,
// -1 meaning none, Records are appended); other modules are appended.
func MergeModules(base, over []ModuleSpec) []ModuleSpec {
	out := cloneModuleSpecs(base)
	for _, o := range cloneModuleSpecs(over) {
		i := slices.IndexFunc(out, func(m ModuleSpec) bool { return strings.EqualFold(m.APIName, o.APIName) })
		if i < 0 {
			out = append(out, o)
			continue
		}
		m := &out[i]
		if o.Module != nil {
			m.Module = o.Module
		}
		m.Fields = mergeFields(m.Fields, o.Fields)
		switch {
		case o.Generate < 0:
			m.Generate = 0
		case o.Generate > 0:
			m.Generate = o.Generate
		}
		m.Records = append(m.Records, o.Records...)
	}
	return out
}

// mergeFields replaces fields of base with those of over by api_name and
// appends the rest, in order.
func mergeFields(base, over []Field) []Field {
	out := slices.Clone(base)
	for _, f := range over {
		if i := slices.IndexFunc(out, func(b Field) bool { return strings.EqualFold(b.APIName, f.APIName) }); i >= 0 {
			out[i] = f
		} else {
			out = append(out, f)
		}
	}
	return out
}

// resolved is a checked spec with its defaults filled in.
func (spec OrgSpec) resolved() (OrgSpec, error) {
	spec = spec.clone()
	if spec.OrgID == "" {
		return spec, fmt.Errorf("crmdata: org spec without org_id")
	}
	if spec.Prefix == "" {
		spec.Prefix = PrefixOf(spec.OrgID)
	}
	if err := validPrefix(spec.Prefix); err != nil {
		return spec, err
	}
	if len(spec.Users) == 0 {
		return spec, fmt.Errorf("crmdata: org %s: no users to own records", spec.OrgID)
	}
	seen := map[string]bool{}
	for i := range spec.Users {
		u := &spec.Users[i]
		if u.ID == "" {
			u.ID = UserID(spec.Prefix, i)
		}
		if seen[u.ID] {
			return spec, fmt.Errorf("crmdata: org %s: user id %s twice", spec.OrgID, u.ID)
		}
		seen[u.ID] = true
		if u.Name == "" {
			u.Name = u.Email
		}
	}
	if spec.From.IsZero() {
		spec.From = DefaultFrom
	}
	if spec.To.IsZero() {
		spec.To = DefaultTo
	}
	spec.From, spec.To = spec.From.UTC().Truncate(time.Second), spec.To.UTC().Truncate(time.Second)
	if !spec.From.Before(spec.To) {
		return spec, fmt.Errorf("crmdata: org %s: from %s is not before to %s", spec.OrgID, spec.From, spec.To)
	}
	switch {
	case spec.Modules == nil:
		spec.Modules = StandardModules()
	case spec.Standard:
		spec.Modules = MergeModules(StandardModules(), spec.Modules)
	}
	spec.Standard = false
	if len(spec.Modules) > maxSlots {
		return spec, fmt.Errorf("crmdata: org %s: more than %d modules", spec.OrgID, maxSlots)
	}
	return spec, nil
}

// compileModules builds the org's modules (metadata, ids, generators)
// from the resolved spec, without records.
func (o *org) compileModules() error {
	for k, ms := range o.spec.Modules {
		m, err := o.compileModule(k, ms)
		if err != nil {
			return fmt.Errorf("crmdata: module %q: %w", ms.APIName, err)
		}
		key := strings.ToLower(m.meta.APIName)
		if o.byName[key] != nil {
			return fmt.Errorf("crmdata: module %q twice", ms.APIName)
		}
		o.mods = append(o.mods, m)
		o.byName[key] = m
	}
	for _, m := range o.mods {
		for i := range m.meta.Fields {
			f := &m.meta.Fields[i]
			if f.DataType == "lookup" {
				t := o.byName[strings.ToLower(f.Lookup.Module)]
				if t == nil {
					return fmt.Errorf("crmdata: %s.%s: lookup to unknown module %q", m.meta.APIName, f.APIName, f.Lookup.Module)
				}
				f.Lookup.Module = t.meta.APIName
			}
		}
	}
	for _, m := range o.mods {
		m.plan = o.plan(m)
	}
	return nil
}

func (o *org) compileModule(k int, ms ModuleSpec) (*module, error) {
	std := standard(ms.APIName)
	var meta Module
	var fields []Field
	display := "Name"
	switch {
	case ms.Module != nil:
		meta = *ms.Module
		meta.Fields = nil
		if meta.APIName == "" {
			meta.APIName = ms.APIName
		}
		if std != nil {
			fields, display = std.fields(), std.display
		}
		if meta.GeneratedType == "" {
			meta.GeneratedType = "custom"
		}
	case std != nil:
		meta, fields, display = std.meta, std.fields(), std.display
	default:
		return nil, fmt.Errorf("not a standard module, and no module metadata")
	}
	if !strings.EqualFold(meta.APIName, ms.APIName) || meta.APIName == "" || strings.ContainsAny(meta.APIName, "/ ?#") {
		return nil, fmt.Errorf("api_name %q does not match the spec's %q", meta.APIName, ms.APIName)
	}
	if meta.ModuleName == "" {
		meta.ModuleName = meta.APIName
	}
	if meta.PluralLabel == "" {
		meta.PluralLabel = strings.ReplaceAll(meta.APIName, "_", " ")
	}
	if meta.SingularLabel == "" {
		meta.SingularLabel = strings.TrimSuffix(meta.PluralLabel, "s")
	}
	fields = mergeFields(fields, ms.Fields)
	if std == nil {
		fields = customModuleFields(meta.SingularLabel, fields)
	}
	meta.ID = moduleID(o.prefix, k)
	meta.SequenceNumber = k + 1
	meta.ModifiedTime = o.spec.From
	slot := k + 1
	seen := map[string]bool{}
	for i := range fields {
		f := &fields[i]
		f.Lookup = cloneLookup(f.Lookup)
		if err := completeField(f); err != nil {
			return nil, err
		}
		if seen[strings.ToLower(f.APIName)] {
			return nil, fmt.Errorf("field %q twice", f.APIName)
		}
		seen[strings.ToLower(f.APIName)] = true
		f.ID = fieldID(o.prefix, slot, i)
	}
	meta.Fields = fields
	if ms.Generate < 0 || ms.Generate > MaxRecords {
		return nil, fmt.Errorf("generate %d: want 0..%d", ms.Generate, MaxRecords)
	}
	m := newModule(meta, slot, ms.Generate, display, o.spec.Seed)
	if m.field(display) == nil {
		return nil, fmt.Errorf("no %s field to name records by", display)
	}
	return m, nil
}

// customModuleFields adds the fields Zoho gives every custom module.
func customModuleFields(singular string, fields []Field) []Field {
	has := func(api string) bool {
		return slices.ContainsFunc(fields, func(f Field) bool { return strings.EqualFold(f.APIName, api) })
	}
	var out []Field
	if !has("Name") {
		out = append(out, fld("Name", singular+" Name", "text", length(120), mandatory))
	}
	out = append(out, fields...)
	for _, f := range systemFields(singular, true) {
		if !has(f.APIName) {
			out = append(out, f)
		}
	}
	return out
}

func (spec OrgSpec) clone() OrgSpec {
	spec.Users = slices.Clone(spec.Users)
	spec.Modules = cloneModuleSpecs(spec.Modules)
	return spec
}

func cloneModuleSpecs(in []ModuleSpec) []ModuleSpec {
	if in == nil {
		return nil
	}
	out := make([]ModuleSpec, len(in))
	for i, ms := range in {
		if ms.Module != nil {
			m := cloneModule(*ms.Module)
			ms.Module = &m
		}
		ms.Fields = cloneModule(Module{Fields: ms.Fields}).Fields
		if ms.Records != nil {
			recs := make([]map[string]any, len(ms.Records))
			for j, r := range ms.Records {
				recs[j] = cloneValues(r)
			}
			ms.Records = recs
		}
		out[i] = ms
	}
	return out
}
