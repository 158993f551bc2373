package crmdata

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var idShape = regexp.MustCompile(`^5725767\d{12}$`)

func TestCatalogue(t *testing.T) {
	s := newStore(t)
	mods := s.Modules(testOrg)
	require.NotEmpty(t, mods)
	names := map[string]bool{}
	seen := map[string]string{} // id → what
	for i, m := range mods {
		names[m.APIName] = true
		assert.Nil(t, m.Fields, "Modules omits fields")
		assert.Equal(t, i+1, m.SequenceNumber)
		assert.Regexp(t, idShape, m.ID)
		assert.Empty(t, seen[m.ID], "id %s of %s", m.ID, m.APIName)
		seen[m.ID] = m.APIName
		assert.True(t, m.APISupported)
		assert.NotEmpty(t, m.SingularLabel)
		assert.NotEmpty(t, m.PluralLabel)
		assert.Contains(t, []string{"default", "custom"}, m.GeneratedType)
	}
	for _, want := range []string{Leads, Contacts, Accounts, Deals, Activities, Tasks, Events, Calls, Products, Campaigns, Subscriptions} {
		assert.True(t, names[want], want)
	}
	for _, mm := range mods {
		m, ok := s.Module(testOrg, strings.ToUpper(mm.APIName))
		require.True(t, ok, "case-insensitive api_name")
		t.Run(m.APIName, func(t *testing.T) {
			require.NotEmpty(t, m.Fields)
			api := map[string]bool{}
			mandatory := 0
			for _, f := range m.Fields {
				assert.NotEmpty(t, f.APIName)
				assert.False(t, api[f.APIName], "field %s twice", f.APIName)
				api[f.APIName] = true
				assert.NotEmpty(t, f.FieldLabel, f.APIName)
				assert.NotEmpty(t, f.DataType, f.APIName)
				want := JSONTypeOf(f.DataType)
				if f.APIName == "Tag" {
					want = "jsonarray"
				}
				assert.Equal(t, want, f.JSONType, "%s: json_type of %s", f.APIName, f.DataType)
				assert.Regexp(t, idShape, f.ID)
				assert.Empty(t, seen[f.ID], "id %s of %s.%s", f.ID, m.APIName, f.APIName)
				seen[f.ID] = f.APIName
				assert.NotNil(t, f.PickListValues, "pick_list_values is [] when empty")
				switch f.DataType {
				case "picklist", "multiselectpicklist":
					assert.NotEmpty(t, choices(&f), f.APIName)
				case "lookup":
					require.NotNil(t, f.Lookup, f.APIName)
					_, ok := s.Module(testOrg, f.Lookup.Module)
					assert.True(t, ok, "%s looks up unknown module %s", f.APIName, f.Lookup.Module)
				case "currency", "double":
					assert.NotNil(t, f.DecimalPlace, f.APIName)
				}
				if f.SystemMandatory {
					mandatory++
				}
			}
			assert.Positive(t, mandatory, "every module has a mandatory field")
			for _, sys := range []string{"Owner", "Created_By", "Modified_By", "Created_Time", "Modified_Time", "Tag"} {
				assert.True(t, api[sys], sys)
			}
		})
	}
	leads, _ := s.Module(testOrg, Leads)
	assert.True(t, leads.Convertable)
	act, _ := s.Module(testOrg, Activities)
	assert.Equal(t, "v2.1", act.UntilVersion)
	sub, _ := s.Module(testOrg, Subscriptions)
	assert.Equal(t, "custom", sub.GeneratedType)
	assert.Equal(t, "CustomModule1", sub.ModuleName)
}

func TestStandardModulesCounts(t *testing.T) {
	total := 0
	for _, m := range StandardModules() {
		total += m.Generate
	}
	assert.Equal(t, 3520, total, "a few thousand records in all")
}

func TestModuleCopies(t *testing.T) {
	s := newStore(t)
	m, _ := s.Module(testOrg, Leads)
	m.Fields[0].APIName = "Changed"
	m.Fields[1].PickListValues[0].ActualValue = "Changed"
	again, _ := s.Module(testOrg, Leads)
	assert.NotEqual(t, "Changed", again.Fields[0].APIName)
	assert.NotEqual(t, "Changed", again.Fields[1].PickListValues[0].ActualValue)
}

func TestSpecs(t *testing.T) {
	custom := Module{APIName: "Projects", PluralLabel: "Projects"}
	tests := []struct {
		name string
		edit func(*OrgSpec)
		err  string
		ok   func(t *testing.T, s *Store)
	}{
		{"no org id", func(sp *OrgSpec) { sp.OrgID = "" }, "without org_id", nil},
		{"no users", func(sp *OrgSpec) { sp.Users = nil }, "no users", nil},
		{"bad prefix", func(sp *OrgSpec) { sp.Prefix = "012345" }, "prefix", nil},
		{"empty range", func(sp *OrgSpec) { sp.To = sp.From }, "not before", nil},
		{"unknown module", func(sp *OrgSpec) { sp.Modules = []ModuleSpec{{APIName: "Nope"}} }, "not a standard module", nil},
		{"module twice", func(sp *OrgSpec) { sp.Modules = []ModuleSpec{{APIName: Leads}, {APIName: "leads"}} }, "twice", nil},
		{"lookup to a module not in the org", func(sp *OrgSpec) { sp.Modules = []ModuleSpec{{APIName: Contacts}} }, "unknown module", nil},
		{"bad data type", func(sp *OrgSpec) {
			sp.Modules = []ModuleSpec{{APIName: Products, Fields: []Field{{APIName: "X", DataType: "hologram"}}}}
		}, "unsupported data_type", nil},
		{"picklist without values", func(sp *OrgSpec) {
			sp.Modules = []ModuleSpec{{APIName: Products, Fields: []Field{{APIName: "X", DataType: "picklist"}}}}
		}, "without pick_list_values", nil},
		{"too many records", func(sp *OrgSpec) { sp.Modules = []ModuleSpec{{APIName: Products, Generate: MaxRecords + 1}} }, "generate", nil},
		{"explicit record without mandatory field", func(sp *OrgSpec) {
			sp.Modules = []ModuleSpec{{APIName: Products, Records: []map[string]any{{"Unit_Price": 3.5}}}}
		}, "Product_Name", nil},
		{"explicit record with unknown field", func(sp *OrgSpec) {
			sp.Modules = []ModuleSpec{{APIName: Products, Records: []map[string]any{{"Product_Name": "X", "Colour": "red"}}}}
		}, "Colour", nil},
		{"explicit record replacing a missing record", func(sp *OrgSpec) {
			sp.Modules = []ModuleSpec{{APIName: Products, Generate: 1, Records: []map[string]any{{"id": recordID("5725767", 1, 5)}}}}
		}, "not a generated record", nil},
		{"nil modules are the standard ones", func(sp *OrgSpec) {}, "", func(t *testing.T, s *Store) {
			assert.Len(t, s.Modules(testOrg), len(StandardModules()))
		}},
		{"custom module with its fields completed", func(sp *OrgSpec) {
			sp.Modules = []ModuleSpec{{APIName: "Projects", Module: &custom, Generate: 5,
				Fields: []Field{{APIName: "Budget", DataType: "currency"}}}}
		}, "", func(t *testing.T, s *Store) {
			m, ok := s.Module(testOrg, "projects")
			require.True(t, ok)
			assert.Equal(t, "custom", m.GeneratedType)
			assert.Equal(t, "Name", m.Fields[0].APIName)
			assert.Equal(t, "Budget", m.Fields[1].APIName)
			p, err := s.List(testOrg, "Projects", Query{})
			require.NoError(t, err)
			require.Len(t, p.Records, 5)
			assert.IsType(t, float64(0), p.Records[0].Values["Budget"])
			assert.NotEmpty(t, p.Records[0].Values["Name"])
		}},
		{"standard merge adds fields, records and counts", func(sp *OrgSpec) {
			sp.Standard = true
			sp.Modules = []ModuleSpec{
				{APIName: Leads, Generate: 7, Fields: []Field{{APIName: "Region", DataType: "picklist",
					PickListValues: []PickListValue{{"EMEA", "EMEA"}, {"APAC", "APAC"}}}},
					Records: []map[string]any{{"Last_Name": "Seeded", "Region": "EMEA", "$converted": true}}},
				{APIName: Calls, Generate: -1},
			}
		}, "", func(t *testing.T, s *Store) {
			assert.Len(t, s.Modules(testOrg), len(StandardModules()))
			n, err := s.Count(testOrg, Leads, Query{Converted: "both"})
			require.NoError(t, err)
			assert.Equal(t, 8, n)
			n, _ = s.Count(testOrg, Calls, Query{})
			assert.Zero(t, n)
			p, _ := s.List(testOrg, Leads, Query{Converted: "true", SortBy: "Created_Time", Desc: true, Limit: 1})
			require.Len(t, p.Records, 1)
			r := p.Records[0]
			assert.Equal(t, "Seeded", r.Values["Last_Name"])
			assert.Equal(t, "Seeded", r.Values["Full_Name"])
			assert.Equal(t, "EMEA", r.Values["Region"])
			assert.Equal(t, testTo, r.Created, "explicit records follow the generated ones")
			assert.Equal(t, "Patricia Boyle", r.Values["Owner"].(Ref).Name)
		}},
		{"replace a generated lead's name", func(sp *OrgSpec) {
			sp.Modules = []ModuleSpec{{APIName: Leads, Generate: 3, Records: []map[string]any{{"id": recordID("5725767", 1, 0), "First_Name": "Zed", "Salutation": nil}}}}
		}, "", func(t *testing.T, s *Store) {
			r, err := s.Get(testOrg, Leads, recordID("5725767", 1, 0))
			require.NoError(t, err)
			assert.Equal(t, "Zed "+r.Values["Last_Name"].(string), r.Values["Full_Name"], "derived again")
		}},
		{"replace a field, and a generated record", func(sp *OrgSpec) {
			sp.Modules = []ModuleSpec{{APIName: Products, Generate: 3,
				Fields:  []Field{{APIName: "Product_Category", DataType: "picklist", PickListValues: []PickListValue{{"Gadgets", "Gadgets"}}}},
				Records: []map[string]any{{"id": recordID("5725767", 1, 1), "Product_Name": "Renamed", "Unit_Price": 9}},
			}}
		}, "", func(t *testing.T, s *Store) {
			p, err := s.List(testOrg, Products, Query{})
			require.NoError(t, err)
			require.Len(t, p.Records, 3)
			assert.Equal(t, "Renamed", p.Records[1].Values["Product_Name"])
			assert.Equal(t, 9.0, p.Records[1].Values["Unit_Price"])
			for _, r := range p.Records {
				if c := r.Values["Product_Category"]; c != nil {
					assert.Equal(t, "Gadgets", c)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := testSpec()
			tt.edit(&spec)
			s := New()
			err := s.PutOrg(spec)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				assert.Nil(t, s.Modules(testOrg), "a failed PutOrg stores nothing")
				return
			}
			require.NoError(t, err)
			tt.ok(t, s)
		})
	}
}

func TestDropOrg(t *testing.T) {
	s := newStore(t)
	s.DropOrg(testOrg)
	_, err := s.List(testOrg, Leads, Query{})
	assert.ErrorIs(t, err, ErrNoModule)
	assert.ErrorIs(t, err, ErrNoOrg)
}
