package memo

import (
	"bytes"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGetPut(t *testing.T) {
	tab := New[string, int](1 << 10)
	a, b := []byte("the same bytes"), []byte("other bytes")
	_, ok, k := tab.Get("json", a)
	require.False(t, ok)
	tab.Put(k, a, 1)
	_, ok, _ = tab.Get("json", a)
	require.False(t, ok, "kept only when seen again")
	tab.Put(k, a, 1)
	a[0] = 'T' // the table kept a copy
	for _, c := range []struct {
		name  string
		kind  string
		input []byte
		want  int
		ok    bool
	}{
		{"same bytes", "json", []byte("the same bytes"), 1, true},
		{"changed caller's slice", "json", a, 0, false},
		{"other bytes", "json", b, 0, false},
		{"other kind", "form", []byte("the same bytes"), 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, ok, _ := tab.Get(c.kind, c.input)
			assert.Equal(t, c.ok, ok)
			assert.Equal(t, c.want, v)
		})
	}
}

// Two inputs in one slot (a hash collision, forced here) keep their own
// values.
func TestCollisionIsExact(t *testing.T) {
	tab := New[string, string](1 << 10)
	_, _, k := tab.Get("k", []byte("first"))
	tab.Put(k, []byte("first"), "1") // seen
	tab.Put(k, []byte("first"), "1")
	tab.Put(k, []byte("second"), "2") // same slot, other input
	for in, want := range map[string]string{"first": "1", "second": "2"} {
		tab.mu.Lock()
		es := tab.m[k.slot]
		tab.mu.Unlock()
		var got string
		for _, e := range es {
			if bytes.Equal(e.input, []byte(in)) {
				got = e.value
			}
		}
		assert.Equal(t, want, got, in)
	}
	assert.Equal(t, 2, tab.Len())
}

func TestBounded(t *testing.T) {
	tab := New[int, int](100)
	for i := range 50 {
		in := []byte(strconv.Itoa(1_000_000_000 + i)) // 10 bytes each
		_, _, k := tab.Get(0, in)
		tab.Put(k, in, i)
		tab.Put(k, in, i)
	}
	assert.Equal(t, 10, tab.Len(), "100 bytes hold ten inputs")
	_, ok, _ := tab.Get(0, []byte(strconv.Itoa(1_000_000_049)))
	assert.True(t, ok, "the newest is kept")
	_, ok, _ = tab.Get(0, []byte(strconv.Itoa(1_000_000_000)))
	assert.False(t, ok, "the oldest is gone")

	big := bytes.Repeat([]byte("x"), 26)
	_, _, k := tab.Get(0, big)
	tab.Put(k, big, 1)
	tab.Put(k, big, 1)
	_, ok, _ = tab.Get(0, big)
	assert.False(t, ok, "an input over a quarter of the limit is not kept")
}

func TestConcurrent(t *testing.T) {
	tab := New[int, int](1 << 12)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				in := []byte(strconv.Itoa((g * i) % 97))
				if v, ok, k := tab.Get(1, in); ok {
					assert.Equal(t, (g*i)%97, v)
				} else {
					tab.Put(k, in, (g*i)%97)
				}
			}
		})
	}
	wg.Wait()
}

func TestSeenOnceIsNotKept(t *testing.T) {
	tab := New[int, int](1 << 20)
	for i := range 3 * maxSeen {
		in := []byte(strconv.Itoa(i))
		_, _, k := tab.Get(0, in)
		tab.Put(k, in, i)
	}
	assert.Zero(t, tab.Len(), "inputs seen once are not copied")
	tab.mu.Lock()
	assert.LessOrEqual(t, len(tab.seen), maxSeen, "the seen set is bounded")
	tab.mu.Unlock()
}

// Inputs that agree on every sampled byte share a slot and are still told
// apart.
func TestSameSampleIsExact(t *testing.T) {
	tab := New[int, int](1 << 20)
	a := bytes.Repeat([]byte("a"), 10_000)
	b := bytes.Clone(a)
	b[sampleEnds+1] = 'b' // between two samples
	_, _, ka := tab.Get(0, a)
	_, _, kb := tab.Get(0, b)
	require.Equal(t, ka.slot, kb.slot, "the same sample")
	tab.Put(ka, a, 1)
	tab.Put(ka, a, 1)
	v, ok, _ := tab.Get(0, a)
	assert.True(t, ok)
	assert.Equal(t, 1, v)
	_, ok, _ = tab.Get(0, b)
	assert.False(t, ok, "not the same bytes")
	tab.Put(kb, b, 2)
	v, ok, _ = tab.Get(0, b)
	assert.True(t, ok)
	assert.Equal(t, 2, v)
}
