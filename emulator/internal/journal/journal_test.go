package journal

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
)

func TestRingKeepsTheNewest(t *testing.T) {
	j := New(3)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 5 {
		j.Add(Entry{Service: "zoho-accounts", Operation: []string{"token", "revokeToken"}[i%2], VirtualTime: t0.Add(time.Duration(i) * time.Minute)})
	}
	all := j.Query(Filter{})
	require.Len(t, all, 3)
	assert.Equal(t, []uint64{3, 4, 5}, []uint64{all[0].Seq, all[1].Seq, all[2].Seq}, "oldest first, bounded")
	assert.Equal(t, 3, j.Len())

	assert.Len(t, j.Query(Filter{Operation: "token"}), 2)
	assert.Len(t, j.Query(Filter{Since: t0.Add(4 * time.Minute)}), 1)
	assert.Len(t, j.Query(Filter{Until: t0.Add(3 * time.Minute)}), 2)
	assert.Len(t, j.Query(Filter{AfterSeq: 4}), 1)
	assert.Equal(t, uint64(5), j.Query(Filter{Limit: 1})[0].Seq)

	j.Clear()
	assert.Empty(t, j.Query(Filter{}))
	assert.Equal(t, uint64(6), j.Add(Entry{}), "sequence numbers survive a clear")
}

// A limited query is the tail of the unlimited one, oldest first, whether
// the ring has wrapped or not and whatever the filter.
func TestQueryLimitIsTheNewestOfTheMatches(t *testing.T) {
	for _, added := range []int{4, 7, 23} {
		j := New(7)
		for i := range added {
			j.Add(Entry{Operation: []string{"token", "revokeToken", "token"}[i%3]})
		}
		for _, f := range []Filter{{}, {Operation: "token"}, {Operation: "revokeToken"}, {AfterSeq: uint64(added - 2)}, {Operation: "none"}} {
			all := j.Query(f)
			for _, limit := range []int{1, 2, 3, 7, 50} {
				f.Limit = limit
				want := all[max(0, len(all)-limit):]
				got := j.Query(f)
				require.Len(t, got, len(want), "added %d, filter %+v", added, f)
				for i := range want {
					assert.Equal(t, want[i].Seq, got[i].Seq, "added %d, filter %+v", added, f)
				}
			}
		}
	}
}

func TestViolationsOnlyAndHook(t *testing.T) {
	j := New(10)
	var seen []uint64
	j.OnAdd(func(e Entry) { seen = append(seen, e.Seq) })
	j.Add(Entry{Verdict: &contracts.Verdict{Contract: "c"}})
	j.Add(Entry{Verdict: &contracts.Verdict{Contract: "c", Violations: []contracts.Violation{{Side: contracts.Response, Rule: "status"}}}})
	bad := j.Query(Filter{ViolationsOnly: true})
	require.Len(t, bad, 1)
	assert.Equal(t, uint64(2), bad[0].Seq)
	assert.Equal(t, []uint64{1, 2}, seen)
}

func TestLoad(t *testing.T) {
	j := New(2)
	j.Load([]Entry{{Seq: 7}, {Seq: 8}, {Seq: 9}})
	got := j.Query(Filter{})
	require.Len(t, got, 2)
	assert.Equal(t, uint64(8), got[0].Seq)
	assert.Equal(t, uint64(10), j.Add(Entry{}))
}
