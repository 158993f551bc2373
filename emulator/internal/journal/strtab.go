package journal

import (
	"hash/maphash"
	"strings"
)

// stringTable holds the strings the ring's records refer to, each text
// once, under a small id (0 is ""), counting the records that hold it: a
// string no record holds any more is forgotten, so the table is bounded by
// the ring. Records hold ids only, and the table's strings are its only
// pointers, one per distinct string, so that a full ring costs the garbage
// collector next to nothing to scan. A client repeating a request (a
// refresh with the same token) repeats most of its strings: headers,
// redacted body, client, path; the table keeps one copy of each.
type stringTable struct {
	seed  maphash.Seed
	strs  []string  // by id
	meta  []strMeta // by id
	heads []uint32  // a hash bucket's first id; 0 is none
	free  uint32    // the first unused id; 0 is none
	n     int       // strings held
}

type strMeta struct {
	hash uint64
	next uint32 // the next id in the bucket, or in the free list
	refs uint32
}

// dedupSlots is the number of hash buckets the table starts with; it
// doubles as the strings outnumber them.
const dedupSlots = 512

func newStringTable(seed maphash.Seed) *stringTable {
	return &stringTable{seed: seed, strs: []string{""}, meta: []strMeta{{}}, heads: make([]uint32, dedupSlots)}
}

// str is the string of id.
func (t *stringTable) str(id uint32) string { return t.strs[id] }

// intern returns s's id, counting one more holder. hint is an id that
// often holds s (the previous record's); clone says s may be a view into
// a larger buffer (a request's), which the table must not keep alive.
func (t *stringTable) intern(s string, hint uint32, clone bool) uint32 {
	if s == "" {
		return 0
	}
	if t.strs[hint] == s { // hint 0 is "", never s
		t.meta[hint].refs++
		return hint
	}
	h := maphash.String(t.seed, s)
	if id := t.find(h, s); id != 0 {
		t.meta[id].refs++
		return id
	}
	if clone {
		s = strings.Clone(s)
	}
	return t.insert(h, s)
}

// lookup returns the table's copy of the text b, if it holds one.
func (t *stringTable) lookup(b []byte) (string, bool) {
	if len(b) == 0 {
		return "", true
	}
	id := t.findBytes(maphash.Bytes(t.seed, b), b)
	return t.strs[id], id != 0
}

// text is the table's copy of the text b, or a new one.
func (t *stringTable) text(b []byte) string {
	if s, ok := t.lookup(b); ok {
		return s
	}
	return string(b)
}

func (t *stringTable) find(h uint64, s string) uint32 {
	for id := t.heads[h&uint64(len(t.heads)-1)]; id != 0; id = t.meta[id].next {
		if t.meta[id].hash == h && t.strs[id] == s {
			return id
		}
	}
	return 0
}

func (t *stringTable) findBytes(h uint64, b []byte) uint32 {
	for id := t.heads[h&uint64(len(t.heads)-1)]; id != 0; id = t.meta[id].next {
		if t.meta[id].hash == h && t.strs[id] == string(b) {
			return id
		}
	}
	return 0
}

func (t *stringTable) insert(h uint64, s string) uint32 {
	id := t.free
	if id != 0 {
		t.free = t.meta[id].next
		t.strs[id] = s
	} else {
		id = uint32(len(t.strs))
		t.strs = append(t.strs, s)
		t.meta = append(t.meta, strMeta{})
	}
	bucket := &t.heads[h&uint64(len(t.heads)-1)]
	t.meta[id] = strMeta{hash: h, next: *bucket, refs: 1}
	*bucket = id
	t.n++
	if t.n > len(t.heads) {
		t.rehash(2 * len(t.heads))
	}
	return id
}

// release drops one holder of id, forgetting its string after the last.
func (t *stringTable) release(id uint32) {
	if id == 0 {
		return
	}
	m := &t.meta[id]
	if m.refs--; m.refs > 0 {
		return
	}
	link := &t.heads[m.hash&uint64(len(t.heads)-1)]
	for *link != id {
		link = &t.meta[*link].next
	}
	*link = m.next
	t.strs[id] = "" // the string may go
	m.next, t.free = t.free, id
	t.n--
}

func (t *stringTable) rehash(buckets int) {
	t.heads = make([]uint32, buckets)
	mask := uint64(buckets - 1)
	for id := 1; id < len(t.strs); id++ {
		if m := &t.meta[id]; m.refs > 0 {
			bucket := &t.heads[m.hash&mask]
			m.next, *bucket = *bucket, uint32(id)
		}
	}
}
