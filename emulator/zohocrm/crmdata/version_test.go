package crmdata

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every change of the data moves Version on, and a page carries the
// Version it was read at; reads leave it alone.
func TestVersionMovesWithEveryChange(t *testing.T) {
	s := newStore(t)
	by := writer(t, s)
	page, err := s.List(testOrg, Contacts, Query{Limit: 1})
	require.NoError(t, err)
	id := page.Records[0].ID
	steps := []struct {
		name   string
		change func() error
	}{
		{"create", func() error {
			_, err := s.Create(testOrg, Contacts, map[string]any{"Last_Name": "New"}, by, testNow)
			return err
		}},
		{"update", func() error {
			_, err := s.Update(testOrg, Contacts, id, map[string]any{"Last_Name": "Changed"}, by, testNow)
			return err
		}},
		{"delete", func() error { return s.Delete(testOrg, Contacts, id, by, testNow) }},
		{"import", func() error { return s.Import(s.Export()) }},
		{"put org", func() error { return s.PutOrg(testSpec()) }},
		{"drop org", func() error { s.DropOrg(testOrg); return nil }},
	}
	seen := map[uint64]string{}
	for _, st := range steps {
		before := s.Version()
		seen[before] = st.name
		_, _ = s.List(testOrg, Contacts, Query{Limit: 5})
		_, _ = s.Get(testOrg, Contacts, id)
		require.Equal(t, before, s.Version(), "%s: reads change nothing", st.name)
		require.NoError(t, st.change(), st.name)
		after := s.Version()
		assert.Greater(t, after, before, st.name)
		_, again := seen[after]
		assert.False(t, again, "%s: a version never comes back", st.name)
	}
	require.NoError(t, s.PutOrg(testSpec()))
	p, err := s.List(testOrg, Contacts, Query{Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, s.Version(), p.Version)
}
