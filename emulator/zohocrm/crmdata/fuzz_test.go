package crmdata

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func FuzzParseRecordID(f *testing.F) {
	for _, s := range []string{"5725767010000000001", "5725767990000000001", "5725767000000411001", "", "57257670100000000+1",
		"5725767-10000000001", "5725767010000999001", "1234567010000000001", "5725767 10000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		slot, n, ok := ParseRecordID("5725767", id)
		if !ok {
			return
		}
		require.GreaterOrEqual(t, slot, 1)
		require.LessOrEqual(t, slot, maxSlots)
		require.GreaterOrEqual(t, n, 0)
		require.Less(t, n, MaxRecords+1)
		require.Equal(t, id, recordID("5725767", slot, n), "parsing inverts minting")
	})
}

func FuzzRecordIDRoundTrip(f *testing.F) {
	f.Add(1, 0)
	f.Add(maxSlots, MaxRecords)
	f.Fuzz(func(t *testing.T, slot, n int) {
		if slot < 1 || slot > maxSlots || n < 0 || n > MaxRecords {
			return
		}
		id := recordID("5725767", slot, n)
		require.Len(t, id, 19)
		s, m, ok := ParseRecordID("5725767", id)
		require.True(t, ok)
		require.Equal(t, [2]int{slot, n}, [2]int{s, m})
	})
}

// FuzzWrite: any JSON body either makes a valid record or is refused
// with an *InvalidValueError that leaves the store as it was.
func FuzzWrite(f *testing.F) {
	for _, b := range []string{`{"Last_Name":"A"}`, `{"Last_Name":1}`, `{"Email":"x@y.z","Last_Name":"A","No_of_Employees":1.5}`,
		`{"Owner":{"id":"5725767000000411001"},"Last_Name":"B"}`, `{"Interested_Products":["Desk",null],"Last_Name":"C"}`,
		`{"Next_Follow_Up":"2025-02-30","Last_Name":"D"}`, `{"Tag":[],"Last_Name":"E","$converted":true}`, `{"id":"x"}`} {
		f.Add(b, false)
		f.Add(b, true)
	}
	spec := testSpec()
	spec.Modules = []ModuleSpec{{APIName: Leads, Generate: 5}}
	id := recordID("5725767", 1, 2)
	f.Fuzz(func(t *testing.T, body string, update bool) {
		s := New() // fresh each time: the store would grow with every create
		require.NoError(t, s.PutOrg(spec))
		by := writer(t, s)
		dec := json.NewDecoder(stringsReader(body))
		dec.UseNumber()
		var values map[string]any
		if dec.Decode(&values) != nil {
			return
		}
		before := s.Export()
		var r Record
		var err error
		if update {
			r, err = s.Update(testOrg, Leads, id, values, by, testNow)
		} else {
			r, err = s.Create(testOrg, Leads, values, by, testNow)
		}
		if err != nil {
			var iv *InvalidValueError
			require.True(t, errors.As(err, &iv), "%v", err)
			require.Equal(t, before, s.Export())
			return
		}
		m, _ := s.Module(testOrg, Leads)
		users := map[string]User{}
		spec, _ := s.Spec(testOrg)
		for _, u := range spec.Users {
			users[u.ID] = u
		}
		users[by.ID] = by
		for _, fl := range m.Fields {
			if v := r.Values[fl.APIName]; v != nil {
				checkType(t, &fl, v, users)
			}
		}
		assert.NotEmpty(t, r.Values["Last_Name"])
	})
}
