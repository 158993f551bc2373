package crmdata

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mixedStore holds generated leads with created, updated and deleted ones
// at times that interleave with the generated ones.
func mixedStore(t *testing.T) (*Store, []time.Time) {
	s := newStore(t, func(sp *OrgSpec) {
		sp.Modules = []ModuleSpec{{APIName: Leads, Generate: 300, Records: []map[string]any{
			{"Last_Name": "Explicit", "Created_Time": "2024-03-01T10:00:00Z", "Modified_Time": "2024-06-01T10:00:00Z"},
			{"Last_Name": "Converted", "$converted": true},
		}}}
	})
	by := writer(t, s)
	r := rand.New(rand.NewPCG(1, 2))
	span := testTo.Sub(testFrom)
	at := func() time.Time { return testFrom.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Second) }
	var times []time.Time
	for i := range 20 {
		now := at()
		if i%5 == 0 {
			now = testNow.Add(time.Duration(i) * time.Minute)
		}
		_, err := s.Create(testOrg, Leads, map[string]any{"Last_Name": fmt.Sprint("Created ", i)}, by, now)
		require.NoError(t, err)
		times = append(times, now)
	}
	all := all(t, s, Leads, Query{Converted: "both"})
	for i := range 30 {
		victim := all[r.IntN(len(all))]
		now := at()
		if i%3 == 0 {
			now = testNow.Add(time.Duration(i) * time.Hour)
		}
		if i%4 == 0 {
			if err := s.Delete(testOrg, Leads, victim.ID, by, now); err != nil {
				require.ErrorIs(t, err, ErrNoRecord)
			}
			continue
		}
		if _, err := s.Update(testOrg, Leads, victim.ID, map[string]any{"City": fmt.Sprint("Updated ", i)}, by, now); err != nil {
			require.ErrorIs(t, err, ErrNoRecord)
		}
		times = append(times, now)
	}
	return s, times
}

func TestListMatchesOracle(t *testing.T) {
	s, times := mixedStore(t)
	sinces := []time.Time{{}, testFrom.Add(-time.Hour), times[3], times[7], testFrom.Add(200 * 24 * time.Hour), testNow}
	for _, sortBy := range []string{"", "id", "Created_Time", "Modified_Time"} {
		for _, desc := range []bool{false, true} {
			for _, conv := range []string{"", "true", "both"} {
				for si, since := range sinces {
					q := Query{SortBy: sortBy, Desc: desc, Converted: conv, ModifiedSince: since}
					want := all(t, s, Leads, q)
					name := fmt.Sprintf("%s/desc=%v/converted=%s/since%d", sortBy, desc, conv, si)
					n, err := s.Count(testOrg, Leads, q)
					require.NoError(t, err)
					require.Equal(t, len(want), n, name)
					for _, pg := range []struct{ off, lim int }{{0, 0}, {0, 200}, {0, 7}, {5, 13}, {len(want) / 2, 40}, {max(0, len(want)-3), 10}, {len(want), 5}, {len(want) + 9, 5}} {
						q.Offset, q.Limit = pg.off, pg.lim
						p, err := s.List(testOrg, Leads, q)
						require.NoError(t, err)
						end := len(want)
						if pg.lim > 0 {
							end = min(end, pg.off+pg.lim)
						}
						var exp []string
						if pg.off < len(want) {
							exp = ids(want[pg.off:end])
						}
						require.Equal(t, exp, nilIfEmpty(ids(p.Records)), "%s offset %d limit %d", name, pg.off, pg.lim)
						assert.Equal(t, end < len(want) && pg.off < len(want), p.More, name)
					}
				}
			}
		}
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestPagingWalk(t *testing.T) {
	s, _ := mixedStore(t)
	for _, sortBy := range []string{"id", "Modified_Time"} {
		want := all(t, s, Leads, Query{SortBy: sortBy, Desc: true})
		var got []string
		for off := 0; ; off += 17 {
			p, err := s.List(testOrg, Leads, Query{SortBy: sortBy, Desc: true, Offset: off, Limit: 17})
			require.NoError(t, err)
			got = append(got, ids(p.Records)...)
			if !p.More {
				break
			}
		}
		assert.Equal(t, ids(want), got, sortBy)
	}
}

func TestModifiedSinceSeesExactlyTheChange(t *testing.T) {
	s := newStore(t)
	by := writer(t, s)
	last, err := s.LastModified(testOrg, Contacts)
	require.NoError(t, err)
	n, _ := s.Count(testOrg, Contacts, Query{ModifiedSince: last})
	assert.Zero(t, n, "nothing after the newest change: a 304")

	mid, _ := s.List(testOrg, Contacts, Query{Offset: 300, Limit: 1})
	id := mid.Records[0].ID
	_, err = s.Update(testOrg, Contacts, id, map[string]any{"Department": "Finance"}, by, testNow)
	require.NoError(t, err)
	p, err := s.List(testOrg, Contacts, Query{ModifiedSince: last})
	require.NoError(t, err)
	require.Len(t, p.Records, 1)
	assert.Equal(t, id, p.Records[0].ID)
	assert.Equal(t, testNow, p.Records[0].Modified)
	assert.Equal(t, "Finance", p.Records[0].Values["Department"])

	// The update moved the record to the end of the Modified_Time order.
	p, _ = s.List(testOrg, Contacts, Query{SortBy: "Modified_Time", Desc: true, Limit: 1})
	assert.Equal(t, id, p.Records[0].ID)
	// ... but not in id order.
	p, _ = s.List(testOrg, Contacts, Query{Offset: 300, Limit: 1})
	assert.Equal(t, id, p.Records[0].ID)

	lm, _ := s.LastModified(testOrg, Contacts)
	assert.Equal(t, testNow, lm)
	n, _ = s.Count(testOrg, Contacts, Query{ModifiedSince: testNow})
	assert.Zero(t, n)
}

func TestIDsFilter(t *testing.T) {
	s, _ := mixedStore(t)
	every := all(t, s, Leads, Query{Converted: "both"})
	pick := []string{every[40].ID, every[3].ID, "garbage", every[len(every)-1].ID, every[3].ID, recordID("5725767", 1, 299999)}
	p, err := s.List(testOrg, Leads, Query{IDs: pick, Converted: "both"})
	require.NoError(t, err)
	assert.Equal(t, []string{every[3].ID, every[40].ID, every[len(every)-1].ID}, ids(p.Records), "ascending, deduplicated, unknown ids left out")
	p, _ = s.List(testOrg, Leads, Query{IDs: pick, Converted: "both", Desc: true, Limit: 2})
	assert.Equal(t, []string{every[len(every)-1].ID, every[40].ID}, ids(p.Records))
	assert.True(t, p.More)
	p, _ = s.List(testOrg, Leads, Query{IDs: []string{}, Converted: "both"})
	assert.Empty(t, p.Records, "an empty id list selects nothing")
}

func TestBadQueries(t *testing.T) {
	s := newStore(t)
	tests := []struct {
		q     Query
		field string
	}{
		{Query{SortBy: "Last_Name"}, "sort_by"},
		{Query{Converted: "maybe"}, "converted"},
		{Query{Offset: -1}, "page"},
		{Query{Limit: -5}, "per_page"},
	}
	for _, tt := range tests {
		_, err := s.List(testOrg, Leads, tt.q)
		var iv *InvalidValueError
		require.ErrorAs(t, err, &iv)
		assert.Equal(t, tt.field, iv.Field)
		assert.Equal(t, ReasonQuery, iv.Reason)
		_, err = s.Count(testOrg, Leads, tt.q)
		assert.ErrorAs(t, err, &iv)
	}
	_, err := s.List(testOrg, "Potentials", Query{})
	assert.ErrorIs(t, err, ErrNoModule)
	_, err = s.List("999", Leads, Query{})
	assert.ErrorIs(t, err, ErrNoModule)
	// sort_by is matched case-insensitively, as Zoho does for api names.
	_, err = s.List(testOrg, "leads", Query{SortBy: "modified_time"})
	assert.NoError(t, err)
}

// TestMillionPages: pages deep inside a million generated leads are
// exactly where the numbering puts them.
func TestMillionPages(t *testing.T) {
	s := millionStore(t)
	id := func(n int) string { return recordID("5725767", 1, n) }
	p, err := s.List(testOrg, Leads, Query{Converted: "both", Offset: 654321, Limit: 3})
	require.NoError(t, err)
	assert.Equal(t, []string{id(654321), id(654322), id(654323)}, ids(p.Records))
	for _, sortBy := range []string{"id", "Created_Time", "Modified_Time"} {
		p, err = s.List(testOrg, Leads, Query{SortBy: sortBy, Converted: "both", Desc: true, Offset: 10, Limit: 2})
		require.NoError(t, err)
		assert.Equal(t, []string{id(million - 11), id(million - 12)}, ids(p.Records), sortBy)
	}
	n, _ := s.Count(testOrg, Leads, Query{})
	assert.Equal(t, 900_000, n)
	n, _ = s.Count(testOrg, Leads, Query{Converted: "true"})
	assert.Equal(t, 100_000, n)
	p, _ = s.List(testOrg, Leads, Query{Converted: "true", Offset: 77_777, Limit: 1})
	assert.Equal(t, true, p.Records[0].Values["$converted"])
	_, num, _ := ParseRecordID("5725767", p.Records[0].ID)
	assert.Equal(t, 77_777, num/10, "one converted lead per block of ten")

	mid := testFrom.Add(testTo.Sub(testFrom) / 2)
	n, _ = s.Count(testOrg, Leads, Query{Converted: "both", ModifiedSince: mid})
	assert.InDelta(t, million/2, n, 2)
	last, _ := s.LastModified(testOrg, Leads)
	assert.True(t, last.Before(testTo))
}

// TestParallelPagesAreExact holds pages generated on several goroutines
// (generateInto, from parallelMin records) to the records one by one:
// every value of every record, materialised records mixed in.
func TestParallelPagesAreExact(t *testing.T) {
	s, _ := mixedStore(t)
	for _, q := range []Query{
		{Limit: 200}, {Desc: true, Limit: 200, Offset: 7}, {SortBy: "Modified_Time", Converted: "both", Limit: 150},
		{SortBy: "Created_Time", Desc: true, Converted: "false", Limit: 200}, {Limit: parallelMin - 1}, {Limit: parallelMin},
	} {
		p, err := s.List(testOrg, Leads, q)
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(p.Records), min(q.Limit, parallelMin), "%+v: a page large enough to be generated in parallel", q)
		for _, r := range p.Records {
			one, err := s.Get(testOrg, Leads, r.ID)
			require.NoError(t, err)
			require.Equal(t, one, r, "%+v: %s", q, r.ID)
		}
	}
}
