package crmdata

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// changedStore is the demo org with every kind of change.
func changedStore(t *testing.T) *Store {
	s := newStore(t, func(sp *OrgSpec) {
		sp.Standard = true
		sp.Modules = []ModuleSpec{{APIName: Leads, Records: []map[string]any{{"Last_Name": "Explicit", "Tag": []any{map[string]any{"name": "VIP", "id": "5725767000900000001"}}}}}}
	})
	by := writer(t, s)
	acct, _ := s.List(testOrg, Accounts, Query{Limit: 1})
	c, err := s.Create(testOrg, Contacts, map[string]any{"Last_Name": "New", "Account_Name": map[string]any{"id": acct.Records[0].ID},
		"Date_of_Birth": "1990-02-03", "Customer_Tier": "Gold", "Loyalty_Points": 10}, by, testNow)
	require.NoError(t, err)
	_, err = s.Update(testOrg, Contacts, c.ID, map[string]any{"Title": "CEO"}, by, testNow.Add(time.Minute))
	require.NoError(t, err)
	leads, _ := s.List(testOrg, Leads, Query{Converted: "both", SortBy: "Created_Time", Desc: true, Limit: 3})
	_, err = s.Update(testOrg, Leads, leads.Records[0].ID, map[string]any{"Interested_Products": []any{"Desk"}}, by, testNow.Add(2*time.Minute))
	require.NoError(t, err)
	_, err = s.Update(testOrg, Leads, leads.Records[1].ID, map[string]any{"Annual_Revenue": 5.5}, by, testNow.Add(3*time.Minute))
	require.NoError(t, err)
	require.NoError(t, s.Delete(testOrg, Leads, leads.Records[2].ID, by, testNow.Add(4*time.Minute)))
	gone, err := s.Create(testOrg, Deals, map[string]any{"Deal_Name": "Gone", "Stage": "Qualification"}, by, testNow)
	require.NoError(t, err)
	require.NoError(t, s.Delete(testOrg, Deals, gone.ID, by, testNow.Add(5*time.Minute)))
	return s
}

func TestExportImport(t *testing.T) {
	s := changedStore(t)
	doc, err := json.Marshal(s.Export())
	require.NoError(t, err)
	var states []OrgState
	require.NoError(t, json.Unmarshal(doc, &states))
	back := New()
	require.NoError(t, back.Import(states))

	assert.Equal(t, dump(t, s), dump(t, back), "same records")
	for _, m := range s.Modules(testOrg) {
		d1, _, _ := s.Deleted(testOrg, m.APIName, time.Time{}, 0, 0)
		d2, _, _ := back.Deleted(testOrg, m.APIName, time.Time{}, 0, 0)
		assert.Equal(t, d1, d2, m.APIName)
		l1, _ := s.LastModified(testOrg, m.APIName)
		l2, _ := back.LastModified(testOrg, m.APIName)
		assert.Equal(t, l1, l2, m.APIName)
	}
	again, err := json.Marshal(back.Export())
	require.NoError(t, err)
	assert.JSONEq(t, string(doc), string(again), "export is stable")

	// Ids continue where they stopped: the deleted deal's id is not reused.
	by := writer(t, back)
	r1, err := s.Create(testOrg, Deals, map[string]any{"Deal_Name": "Next", "Stage": "Qualification"}, by, testNow)
	require.NoError(t, err)
	r2, err := back.Create(testOrg, Deals, map[string]any{"Deal_Name": "Next", "Stage": "Qualification"}, by, testNow)
	require.NoError(t, err)
	assert.Equal(t, r1.ID, r2.ID)
}

func TestImportRefusals(t *testing.T) {
	good := changedStore(t).Export()
	tests := []struct {
		name string
		edit func(st *OrgState)
	}{
		{"unknown module", func(st *OrgState) { st.Records[0].Module = "Nope" }},
		{"foreign id", func(st *OrgState) { st.Records[0].ID = "1234567010000000001" }},
		{"next below the generated records", func(st *OrgState) { st.Next["Contacts"] = 0 }},
		{"id beyond next", func(st *OrgState) { contact(st).ID = "5725767020000700001" }},
		{"bad value", func(st *OrgState) { contact(st).Values["Loyalty_Points"] = "many" }},
		{"unknown field", func(st *OrgState) { contact(st).Values["Colour"] = "red" }},
		{"deleted twice", func(st *OrgState) { st.Deleted = append(st.Deleted, st.Deleted[0]) }},
		{"bad spec", func(st *OrgState) { st.Spec.Users = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := changedStore(t)
			before := s.Export()
			doc, _ := json.Marshal(good)
			var states []OrgState
			require.NoError(t, json.Unmarshal(doc, &states))
			tt.edit(&states[0])
			assert.Error(t, s.Import(states))
			assert.Equal(t, before, s.Export(), "unchanged")
		})
	}
	s := New()
	assert.Error(t, s.Import([]OrgState{good[0], good[0]}), "an org twice")
}

func contact(st *OrgState) *StoredRecord {
	for i := range st.Records {
		if st.Records[i].Module == Contacts {
			return &st.Records[i]
		}
	}
	panic("no contact")
}
