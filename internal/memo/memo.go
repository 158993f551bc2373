package memo

import (
	"bytes"
	"hash/maphash"
	"sync"
)

// Table maps (kind, input bytes) to a value. The zero value is not ready:
// use New. It is safe for concurrent use.
type Table[K comparable, V any] struct {
	seed  maphash.Seed
	limit int // bytes of inputs kept

	mu    sync.Mutex
	m     map[slot[K]][]*entry[K, V]
	order []*entry[K, V] // oldest first
	bytes int
	// seen holds the slots of inputs looked up once: an input is kept
	// only when it comes back, so one-off inputs cost no copy.
	seen map[slot[K]]struct{}
}

// maxSeen bounds the slots remembered as seen once.
const maxSeen = 4096

type slot[K comparable] struct {
	kind K
	hash uint64
}

type entry[K comparable, V any] struct {
	slot  slot[K]
	input []byte // a copy; never changed
	value V
}

// Key is where an input goes in a table: returned by Get, taken by Put.
type Key[K comparable] struct {
	slot  slot[K]
	valid bool
}

// New returns a table that keeps at most limit bytes of inputs, dropping
// the oldest first; an input over limit/4 is never kept.
func New[K comparable, V any](limit int) *Table[K, V] {
	return &Table[K, V]{seed: maphash.MakeSeed(), limit: limit,
		m: map[slot[K]][]*entry[K, V]{}, seen: map[slot[K]]struct{}{}}
}

// Get returns the value remembered for input under kind, and the key to
// Put one under if there is none.
func (t *Table[K, V]) Get(kind K, input []byte) (v V, ok bool, k Key[K]) {
	k = Key[K]{slot: slot[K]{kind: kind, hash: t.sample(input)}, valid: true}
	t.mu.Lock()
	es := t.m[k.slot]
	t.mu.Unlock()
	for _, e := range es { // entries are immutable: compared outside the lock
		if bytes.Equal(e.input, input) {
			return e.value, true, k
		}
	}
	return v, false, k
}

// Put remembers v for input under k (from Get of the same kind and
// input), if an input with its hash was looked up before: the first
// time an input is seen, only its hash is noted.
func (t *Table[K, V]) Put(k Key[K], input []byte, v V) {
	if !k.valid || len(input) > t.limit/4 {
		return
	}
	t.mu.Lock()
	if _, again := t.seen[k.slot]; !again {
		if len(t.seen) >= maxSeen {
			clear(t.seen)
		}
		t.seen[k.slot] = struct{}{}
		t.mu.Unlock()
		return
	}
	t.mu.Unlock()
	e := &entry[K, V]{slot: k.slot, input: bytes.Clone(input), value: v}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, old := range t.m[k.slot] {
		if bytes.Equal(old.input, input) {
			return // another goroutine was first
		}
	}
	for t.bytes+len(input) > t.limit && len(t.order) > 0 {
		t.evict()
	}
	t.m[k.slot] = append(t.m[k.slot][:len(t.m[k.slot]):len(t.m[k.slot])], e)
	t.order = append(t.order, e)
	t.bytes += len(input)
}

// evict drops the oldest entry; the caller holds the lock.
func (t *Table[K, V]) evict() {
	old := t.order[0]
	t.order[0] = nil
	t.order = t.order[1:]
	t.bytes -= len(old.input)
	es := t.m[old.slot]
	kept := make([]*entry[K, V], 0, len(es))
	for _, e := range es {
		if e != old {
			kept = append(kept, e)
		}
	}
	if len(kept) == 0 {
		delete(t.m, old.slot)
		return
	}
	t.m[old.slot] = kept
}

// Len is the number of inputs remembered.
func (t *Table[K, V]) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.order)
}

// Inputs are placed by a hash of a sample of their bytes: the length,
// both ends and sampleStrides bytes spread over the middle. Hashing all of
// a 60 KB page would cost several times the comparison that follows;
// inputs that share a sample share a slot and are told apart by that
// comparison.
const (
	sampleEnds    = 256
	sampleStrides = 64
)

func (t *Table[K, V]) sample(input []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(t.seed)
	n := len(input)
	_ = h.WriteByte(byte(n))
	_ = h.WriteByte(byte(n >> 8))
	_ = h.WriteByte(byte(n >> 16))
	_ = h.WriteByte(byte(n >> 24))
	if n <= 2*sampleEnds+sampleStrides {
		_, _ = h.Write(input)
		return h.Sum64()
	}
	_, _ = h.Write(input[:sampleEnds])
	_, _ = h.Write(input[n-sampleEnds:])
	var mid [sampleStrides]byte
	step := (n - 2*sampleEnds) / sampleStrides
	for i := range mid {
		mid[i] = input[sampleEnds+i*step]
	}
	_, _ = h.Write(mid[:])
	return h.Sum64()
}
