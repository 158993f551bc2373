package crmdata

import (
	"math"
	"strconv"
	"time"
)

// fieldGen draws one field's value for a generated record.
type fieldGen struct {
	fi   int
	f    *Field
	opts []string // a picklist's values, without -None-
	boxd []any    // the same, boxed
	fn   func(c *genCtx, g *fieldGen) any
}

// genCtx is the state of one record being generated.
type genCtx struct {
	o                 *org
	m                 *module
	n                 int
	r                 rng
	id                ident
	created, modified time.Time
	vals              map[string]any
	company, dom      string // the company the record is about and its domain, when computed
}

func (c *genCtx) companyName() string {
	if c.company == "" {
		c.company = c.o.companyFor(c.m, c.n, &c.id)
	}
	return c.company
}

func (c *genCtx) slug() string {
	if c.dom == "" {
		c.dom = slug(c.companyName())
	}
	return c.dom
}

func (c *genCtx) email() string {
	return lowerFirst[c.id.fi] + "." + lowerLast[c.id.li] + "@" + c.slug() + ".example"
}

// plan compiles module m's generator: one function per field, the
// special ones by api_name (when the data_type fits) and the rest by
// data_type. System fields are set by generate itself.
func (o *org) plan(m *module) []fieldGen {
	var p []fieldGen
	for i := range m.meta.Fields {
		f := &m.meta.Fields[i]
		switch f.APIName {
		case ownerField, createdByField, modifiedByField, createdField, modifiedField, activityField, tagField:
			continue // set by generate
		}
		if derived(m, f.APIName) {
			continue
		}
		g := fieldGen{fi: i, f: f, fn: generic}
		for _, v := range choices(f) {
			g.opts = append(g.opts, v.ActualValue)
		}
		g.boxd = boxAll(g.opts)
		if s, ok := special[f.APIName]; ok && s.dt == f.DataType {
			g.fn = s.fn
		}
		if f.APIName == m.display {
			g.fn = func(c *genCtx, _ *fieldGen) any { return c.o.displayOf(c.m, c.n, &c.id) }
		}
		p = append(p, g)
	}
	return p
}

// generate builds generated record n of m.
func (o *org) generate(m *module, n int) *Record {
	c := genCtx{
		o: o, m: m, n: n,
		r:        newRNG(m.hash^saltValues, uint64(n)),
		id:       m.ident(n),
		created:  unix(m.createdSec(n)),
		modified: unix(m.modifiedSec(n)),
		vals:     make(map[string]any, len(m.meta.Fields)+12),
	}
	users := o.userRefs // boxed: shared, immutable
	owner := users[int(c.r.u64()%uint64(len(users)))]
	creator := owner
	if !c.r.chance(60) {
		creator = pick(&c.r, users)
	}
	modifier := creator
	if c.modified != c.created {
		modifier = pick(&c.r, users)
	}
	set := func(api string, v any) {
		if _, ok := m.fieldAt[api]; ok {
			c.vals[api] = v
		}
	}
	set(ownerField, owner)
	set(createdByField, creator)
	set(modifiedByField, modifier)
	var created, modified any = c.created, c.modified
	set(createdField, created)
	set(modifiedField, modified)
	set(activityField, modified)
	tags := []Ref{}
	if c.r.chance(10) {
		t := c.r.intn(len(tagNames))
		tags = append(tags, Ref{Name: tagNames[t], ID: tagID(o.prefix, t)})
	}
	set(tagField, tags)
	for i := range m.plan {
		g := &m.plan[i]
		c.vals[g.f.APIName] = g.fn(&c, g)
	}
	systemKeys(m, c.vals)
	if m.isLeads() {
		c.vals["$converted"] = m.converted(n)
	}
	if w, ok := c.vals["What_Id"].(Ref); ok && w.ID != "" {
		c.vals["$se_module"] = m.meta.Fields[m.fieldAt["What_Id"]].Lookup.Module
	}
	derive(m, c.vals, c.modified)
	return &Record{ID: recordID(o.prefix, m.slot, n), Created: c.created, Modified: c.modified, Values: c.vals}
}

// systemKeys sets the "$" keys every record carries (reference §12.4);
// version-specific ones (Converted__s, Record_Status__s, $approval...) are
// the service's.
func systemKeys(m *module, v map[string]any) {
	v["$currency_symbol"] = "$"
	v["$state"] = "save"
	v["$approved"] = true
	v["$editable"] = true
	v["$process_flow"] = false
	v["$orchestration"] = false
	v["$in_merge"] = false
	v["$approval_state"] = "approved"
	v["$field_states"] = nil
	v["$review"] = nil
	if m.isLeads() {
		if _, ok := v["$converted"]; !ok {
			v["$converted"] = false
		}
	}
}

func userRef(u User) Ref { return Ref{Name: u.Name, ID: u.ID, Email: u.Email} }

// generic draws a value from the field's data_type alone.
func generic(c *genCtx, g *fieldGen) any {
	r, f := &c.r, g.f
	if f.DataType == "lookup" { // link decides how often it is empty
		if t, j, ok := c.o.link(c.m, g.fi, c.n); ok {
			return Ref{Name: c.o.displayName(t, j), ID: recordID(c.o.prefix, t.slot, j)}
		}
		return nil
	}
	if !f.SystemMandatory && r.chance(15) {
		return nil
	}
	switch f.DataType {
	case "text":
		return clip(f, pick(r, companyWords)+" "+pick(r, productNouns))
	case "textarea":
		return pick(r, sentences)
	case "email":
		return c.email()
	case "phone":
		return phone(r)
	case "website":
		return "https://www." + c.slug() + ".example"
	case "picklist":
		return pick(r, g.boxd)
	case "multiselectpicklist":
		return someOf(r, g.opts)
	case "integer", "bigint":
		return int64(r.between(0, 1000))
	case "double":
		return float64(r.between(0, 100000)) / 100
	case "currency":
		return float64(r.between(1, 1000)) * 50
	case "boolean":
		return r.chance(30)
	case "date":
		return dateOf(c.created.AddDate(0, 0, r.between(-30, 180)))
	case "datetime":
		return c.created.Add(time.Duration(r.between(0, 30*24*3600)) * time.Second)
	case "ownerlookup", "userlookup":
		return pick(r, c.o.userRefs)
	case "autonumber":
		return strconv.Itoa(c.n + 1)
	}
	return nil
}

func clip(f *Field, s string) string {
	if f.Length > 0 && len(s) > f.Length {
		return s[:f.Length]
	}
	return s
}

// someOf is one to three values of a multi-select picklist, in its order.
func someOf(r *rng, cs []string) []string {
	want := r.between(1, min(3, len(cs)))
	out := make([]string, 0, want)
	for i, v := range cs {
		if len(out) < want && r.intn(len(cs)-i) < want-len(out) {
			out = append(out, v)
		}
	}
	return out
}

func dateOf(t time.Time) Date { return Date(t.UTC().Format(time.DateOnly)) }

func round2(x float64) float64 { return math.Round(x*100) / 100 }
