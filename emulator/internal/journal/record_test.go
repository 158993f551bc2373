package journal

import (
	"hash/maphash"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
)

func upper(_ string, vs []string) string { return strings.ToUpper(strings.Join(vs, ", ")) }

func TestAddPackedKeepsWhatAddKeeps(t *testing.T) {
	j := New(4)
	var hooked []Entry
	j.OnAdd(func(e Entry) { hooked = append(hooked, e) })
	req := map[string][]string{"Content-Type": {"application/x-www-form-urlencoded"}, "X-Many": {"a", "b"}, "X-Odd\x00": {"\n\x01é"}}
	resp := map[string][]string{"Cache-Control": {"no-store"}}
	verdict := &contracts.Verdict{Contract: "c", Operation: "token"}
	j.AddPacked(Entry{Service: "s", Body: "b", Verdict: verdict}, PackHeader(req, upper), PackHeader(resp, upper))
	j.Add(Entry{Service: "s", Header: map[string]string{"A": "1"}})
	j.AddPacked(Entry{Service: "s"}, PackHeader(nil, upper), "")

	got := j.Query(Filter{})
	require.Len(t, got, 3)
	assert.Equal(t, map[string]string{"Content-Type": "APPLICATION/X-WWW-FORM-URLENCODED", "X-Many": "A, B", "X-Odd\x00": "\n\x01É"}, got[0].Header)
	assert.Equal(t, map[string]string{"Cache-Control": "NO-STORE"}, got[0].RespHeader)
	assert.Equal(t, verdict, got[0].Verdict)
	assert.NotSame(t, verdict, got[0].Verdict, "the ring keeps its own copy")
	assert.Equal(t, map[string]string{"A": "1"}, got[1].Header)
	assert.Nil(t, got[2].Header)
	assert.Nil(t, got[2].RespHeader)
	require.Len(t, hooked, 3)
	assert.Equal(t, got[0], hooked[0], "the hook sees the entry whole")
	assert.Equal(t, uint64(1), hooked[0].Seq)
}

func TestRepeatedStringsAreShared(t *testing.T) {
	line := "POST /oauth/v2/token HTTP/1.1"
	body := strings.Repeat("grant_type=refresh_token&", 4)
	// The table is direct-mapped with a random seed: strings of one entry
	// that land in the same slot evict each other (rarely, and by design).
	// Take a journal whose seed keeps this entry's strings apart.
	var j *Journal
	for {
		j = New(8)
		slots := map[uint64]bool{}
		for _, s := range []string{line[:4], line[5:20], body} {
			slots[maphash.String(j.seen.seed, s)%dedupSlots] = true
		}
		if len(slots) == 3 {
			break
		}
	}
	for range 2 {
		body := strings.Clone(body) // a fresh copy each time, as each request's is
		j.Add(Entry{Method: line[:4], Path: line[5:20], Body: body})
	}
	got := j.Query(Filter{})
	require.Len(t, got, 2)
	assert.Equal(t, "/oauth/v2/token", got[0].Path)
	assert.Same(t, unsafe.StringData(got[0].Body), unsafe.StringData(got[1].Body), "one copy of a repeated body")
	assert.NotSame(t, unsafe.StringData(line[5:20]), unsafe.StringData(got[0].Path), "no view into the request line")
}

// TestPackHeaderIsOneTextPerHeaderSet: the same headers pack to the same
// text whatever the map's order (so the ring shares one copy), and read
// back whole, past the names sorted on the stack too.
func TestPackHeaderIsOneTextPerHeaderSet(t *testing.T) {
	for _, n := range []int{1, 5, maxSortedHeaders, maxSortedHeaders + 7} {
		h := map[string][]string{}
		want := map[string]string{}
		for i := range n {
			k := "X-H" + strings.Repeat("z", i%3) + string(rune('a'+i%26)) + strings.Repeat("1", i/26)
			h[k] = []string{"v" + k}
			want[k] = strings.ToUpper("v" + k)
		}
		first := PackHeader(h, upper)
		for range 20 {
			require.Equal(t, first, PackHeader(h, upper), "%d headers", n)
		}
		assert.Equal(t, want, unpackHeader(first))
	}
}
