package journal

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewest(t *testing.T) {
	j := New(5)
	for i := range 8 { // the ring wraps: entries 4 to 8 stay
		h := map[string]string{"Accept": "*/*"}
		if i%2 == 0 {
			h["X-Mark"] = "m" + strconv.Itoa(i)
		}
		j.Add(Entry{Service: []string{"a", "b"}[i%2], Status: 200 + i, Header: h})
	}
	seqs := func(es []Entry) []uint64 {
		out := []uint64{}
		for _, e := range es {
			out = append(out, e.Seq)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    Filter
		n    int
		keep func(*Entry, func(string) string) bool
		want []uint64
	}{
		{"all, newest first", Filter{}, 0, nil, []uint64{8, 7, 6, 5, 4}},
		{"the newest two", Filter{}, 2, nil, []uint64{8, 7}},
		{"by the filter", Filter{Service: "a"}, 0, nil, []uint64{7, 5}},
		{"after a sequence number", Filter{AfterSeq: 6}, 0, nil, []uint64{8, 7}},
		{"by a header", Filter{}, 0, func(_ *Entry, h func(string) string) bool { return h("X-Mark") != "" }, []uint64{7, 5}},
		{"by a field", Filter{}, 1, func(e *Entry, _ func(string) string) bool { return e.Status < 205 }, []uint64{5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, seqs(j.Newest(tc.f, tc.n, tc.keep)))
		})
	}
	got := j.Newest(Filter{}, 1, nil)
	require.Len(t, got, 1)
	assert.Equal(t, "*/*", got[0].Header["Accept"], "entries returned are whole")
	assert.Empty(t, j.Newest(Filter{}, 0, func(*Entry, func(string) string) bool { return false }))
	assert.Empty(t, New(3).Newest(Filter{}, 0, nil))
}
