package crmdata

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dump is every record of every module, as JSON.
func dump(t *testing.T, s *Store) []byte {
	t.Helper()
	var all []Record
	for _, m := range s.Modules(testOrg) {
		p, err := s.List(testOrg, m.APIName, Query{Converted: "both"})
		require.NoError(t, err)
		all = append(all, p.Records...)
	}
	b, err := json.Marshal(all)
	require.NoError(t, err)
	return b
}

func TestDeterminism(t *testing.T) {
	a, b := dump(t, newStore(t)), dump(t, newStore(t))
	assert.Equal(t, a, b, "same spec, same bytes")
	other := dump(t, newStore(t, func(sp *OrgSpec) { sp.Seed = 43 }))
	assert.NotEqual(t, a, other, "another seed, other records")

	// A module's records don't depend on the other modules or its count.
	small := newStore(t, func(sp *OrgSpec) {
		sp.Modules = []ModuleSpec{{APIName: Accounts, Generate: 10}, {APIName: Campaigns, Generate: 3}}
	})
	big := newStore(t, func(sp *OrgSpec) {
		sp.Modules = []ModuleSpec{{APIName: Accounts, Generate: 10}, {APIName: Campaigns, Generate: 3}, {APIName: Products, Generate: 5}}
	})
	pa, _ := small.List(testOrg, Accounts, Query{})
	pb, _ := big.List(testOrg, Accounts, Query{})
	assert.Equal(t, pa, pb)
}

// TestValueTypes: every value of every generated record has the Go type
// its field's json_type promises, so the service's output matches
// settings/fields.
func TestValueTypes(t *testing.T) {
	s := newStore(t)
	spec, _ := s.Spec(testOrg)
	users := map[string]User{}
	for _, u := range spec.Users {
		users[u.ID] = u
	}
	for _, mm := range s.Modules(testOrg) {
		m, _ := s.Module(testOrg, mm.APIName)
		t.Run(m.APIName, func(t *testing.T) {
			p, err := s.List(testOrg, m.APIName, Query{Converted: "both"})
			require.NoError(t, err)
			require.Len(t, p.Records, standardCount(m.APIName))
			filled := map[string]int{}
			for _, r := range p.Records {
				for _, f := range m.Fields {
					v, ok := r.Values[f.APIName]
					require.True(t, ok, "%s %s: %s missing", m.APIName, r.ID, f.APIName)
					if v == nil {
						assert.False(t, f.SystemMandatory, "%s: mandatory %s empty", r.ID, f.APIName)
						continue
					}
					filled[f.APIName]++
					checkType(t, &f, v, users)
				}
				for k := range r.Values {
					if !strings.HasPrefix(k, "$") {
						_, ok := r.Values[k]
						assert.True(t, ok && fieldIn(m, k), "%s: key %s is no field", r.ID, k)
					}
				}
				assert.Equal(t, "$", r.Values["$currency_symbol"])
				assert.Equal(t, true, r.Values["$approved"])
				assert.Equal(t, "save", r.Values["$state"])
				assert.Equal(t, r.Created, r.Values["Created_Time"])
				assert.Equal(t, r.Modified, r.Values["Modified_Time"])
			}
			for _, f := range m.Fields {
				assert.Positive(t, filled[f.APIName], "%s is never filled", f.APIName)
			}
		})
	}
}

func standardCount(api string) int {
	for _, m := range StandardModules() {
		if m.APIName == api {
			return m.Generate
		}
	}
	return -1
}

func fieldIn(m Module, api string) bool {
	for _, f := range m.Fields {
		if f.APIName == api {
			return true
		}
	}
	return false
}

func checkType(t *testing.T, f *Field, v any, users map[string]User) {
	t.Helper()
	what := fmt.Sprintf("%s (%s/%s) = %#v", f.APIName, f.DataType, f.JSONType, v)
	switch f.JSONType {
	case "string":
		switch f.DataType {
		case "date":
			d, ok := v.(Date)
			require.True(t, ok, what)
			_, err := time.Parse(time.DateOnly, string(d))
			assert.NoError(t, err, what)
		case "datetime":
			tm, ok := v.(time.Time)
			require.True(t, ok, what)
			assert.Equal(t, time.UTC, tm.Location(), what)
			assert.Zero(t, tm.Nanosecond(), what)
		default:
			s, ok := v.(string)
			require.True(t, ok, what)
			assert.LessOrEqual(t, len([]rune(s)), f.Length, what)
			if f.DataType == "picklist" {
				assert.Contains(t, values(f), s, what)
			}
			if f.DataType == "email" {
				assert.True(t, validEmail(s), what)
			}
		}
	case "jsonobject":
		r, ok := v.(Ref)
		require.True(t, ok, what)
		assert.NotEmpty(t, r.ID, what)
		assert.NotEmpty(t, r.Name, what)
		if f.DataType == "ownerlookup" {
			u, ok := users[r.ID]
			require.True(t, ok, what)
			assert.Equal(t, u.Email, r.Email, what)
		}
	case "jsonarray":
		switch x := v.(type) {
		case []string:
			for _, s := range x {
				assert.Contains(t, values(f), s, what)
			}
		case []Ref:
			assert.Equal(t, "Tag", f.APIName, what)
		default:
			t.Errorf("%s: not an array", what)
		}
	case "integer":
		assert.IsType(t, int64(0), v, what)
	case "double":
		assert.IsType(t, float64(0), v, what)
	case "boolean":
		assert.IsType(t, true, v, what)
	default:
		t.Errorf("%s: unknown json_type", what)
	}
}

func values(f *Field) []string {
	var out []string
	for _, v := range f.PickListValues {
		out = append(out, v.ActualValue)
	}
	return out
}

func TestGeneratedShape(t *testing.T) {
	s := newStore(t)
	for _, mm := range s.Modules(testOrg) {
		p, err := s.List(testOrg, mm.APIName, Query{Converted: "both"})
		require.NoError(t, err)
		prev := Record{}
		for i, r := range p.Records {
			assert.Regexp(t, idShape, r.ID)
			assert.False(t, r.Created.Before(testFrom), "%s created before From", r.ID)
			assert.True(t, r.Modified.Before(testTo), "%s modified at To or later", r.ID)
			assert.False(t, r.Modified.Before(r.Created), r.ID)
			if i > 0 {
				assert.Greater(t, r.ID, prev.ID, "ids increase")
				assert.False(t, r.Created.Before(prev.Created), "created times increase")
				assert.False(t, r.Modified.Before(prev.Modified), "modified times increase")
				assert.False(t, r.Created.Before(prev.Modified), "modified stays below the next created")
			}
			prev = r
		}
	}
}

func TestLookupsResolve(t *testing.T) {
	s := newStore(t)
	for _, mm := range s.Modules(testOrg) {
		m, _ := s.Module(testOrg, mm.APIName)
		p, _ := s.List(testOrg, m.APIName, Query{Converted: "both"})
		for _, f := range m.Fields {
			if f.DataType != "lookup" {
				continue
			}
			empty := 0
			for _, r := range p.Records {
				ref, ok := r.Values[f.APIName].(Ref)
				if !ok {
					empty++
					continue
				}
				target, err := s.Get(testOrg, f.Lookup.Module, ref.ID)
				require.NoError(t, err, "%s.%s → %s", m.APIName, f.APIName, ref.ID)
				assert.Equal(t, target.Values[display(t, s, f.Lookup.Module)], ref.Name)
				assert.NotEqual(t, r.ID, ref.ID, "no record looks itself up")
			}
			pct := emptyLinkPct(&f)
			assert.InDelta(t, pct, 100*empty/len(p.Records), 12, "%s.%s empty %d of %d", m.APIName, f.APIName, empty, len(p.Records))
		}
	}
	// A contact's email is at its account's domain.
	p, _ := s.List(testOrg, Contacts, Query{Limit: 50})
	for _, r := range p.Records {
		if acct, ok := r.Values["Account_Name"].(Ref); ok && r.Values["Email"] != nil {
			assert.True(t, strings.HasSuffix(r.Values["Email"].(string), "@"+slug(acct.Name)+".example"), r.Values["Email"])
		}
	}
}

func display(t *testing.T, s *Store, module string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, m, err := s.module(testOrg, module)
	require.NoError(t, err)
	return m.display
}

func TestConvertedLeads(t *testing.T) {
	s := newStore(t)
	conv, _ := s.Count(testOrg, Leads, Query{Converted: "true"})
	open, _ := s.Count(testOrg, Leads, Query{})
	both, _ := s.Count(testOrg, Leads, Query{Converted: "both"})
	assert.Equal(t, 100, conv, "one in ten")
	assert.Equal(t, 900, open, "hidden by default")
	assert.Equal(t, 1000, both)
	p, _ := s.List(testOrg, Leads, Query{Converted: "true"})
	for _, r := range p.Records {
		assert.Equal(t, true, r.Values["$converted"])
	}
	// converted is ignored outside Leads
	n, _ := s.Count(testOrg, Contacts, Query{Converted: "true"})
	assert.Equal(t, 600, n)
}

func TestConvertedBelow(t *testing.T) {
	s := newStore(t)
	_, m, _ := s.module(testOrg, Leads)
	c := 0
	for n := range 1001 {
		assert.Equal(t, c, m.convertedBelow(n), n)
		if n < 1000 && m.converted(n) {
			c++
		}
	}
}
