package crmdata

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const testOrg = "810000001"

var (
	testUsers = []User{
		{Name: "Patricia Boyle", Email: "admin@zylker.test", ZUID: "810000101"},
		{Name: "Christopher Maclead", Email: "sales@zylker.test", ZUID: "810000102"},
		{Name: "Kris Marrier", Email: "support@zylker.test", ZUID: "810000103"},
	}
	testFrom = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	testTo   = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	// testNow is after every generated time, as a virtual clock would be.
	testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
)

func testSpec() OrgSpec {
	return OrgSpec{OrgID: testOrg, Prefix: "5725767", Users: testUsers, Seed: 42, From: testFrom, To: testTo}
}

// newStore is a store holding testSpec, changed by edit when given.
func newStore(t testing.TB, edit ...func(*OrgSpec)) *Store {
	t.Helper()
	spec := testSpec()
	for _, e := range edit {
		e(&spec)
	}
	s := New()
	require.NoError(t, s.PutOrg(spec))
	return s
}

// writer is the user that makes changes in tests.
func writer(t testing.TB, s *Store) User {
	spec, ok := s.Spec(testOrg)
	require.True(t, ok)
	return spec.Users[0]
}

// all lists every record of a module the slow way: every possible id
// through Get, then the filters and order of q applied here. It is the
// oracle List is checked against.
func all(t testing.TB, s *Store, module string, q Query) []Record {
	t.Helper()
	s.mu.RLock()
	o, m, err := s.module(testOrg, module)
	require.NoError(t, err)
	var ids []string
	for n := range m.next {
		ids = append(ids, recordID(o.prefix, m.slot, n))
	}
	s.mu.RUnlock()
	var out []Record
	for _, id := range ids {
		r, err := s.Get(testOrg, module, id)
		if err != nil {
			require.ErrorIs(t, err, ErrNoRecord)
			continue
		}
		if q.IDs != nil && !slices.Contains(q.IDs, id) {
			continue
		}
		if !q.ModifiedSince.IsZero() && !r.Modified.After(q.ModifiedSince) {
			continue
		}
		if strings.EqualFold(module, Leads) {
			conv := r.Values["$converted"] == true
			switch q.Converted {
			case "", "false":
				if conv {
					continue
				}
			case "true":
				if !conv {
					continue
				}
			}
		}
		out = append(out, r)
	}
	key, ok := sortKey(q.SortBy)
	require.True(t, ok)
	slices.SortFunc(out, func(a, b Record) int { return cmpRec(key, &a, &b) })
	if q.Desc {
		slices.Reverse(out)
	}
	return out
}

func ids(recs []Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
