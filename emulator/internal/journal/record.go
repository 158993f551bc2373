package journal

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/zohoaep/zohoaep/contracts"
)

// record is an Entry as the ring keeps it, small and with few pointers for
// the garbage collector to follow: headers packed into one string each,
// the verdict inline, and repeated strings shared (stringTable).
type record struct {
	Entry                     // Header, RespHeader and Verdict are nil
	header, respHeader string // PackedHeader
	verdict            contracts.Verdict
	hasVerdict         bool
}

func pack(e *Entry, header, respHeader PackedHeader) record {
	r := record{Entry: *e, header: string(header), respHeader: string(respHeader)}
	r.Header, r.RespHeader, r.Verdict = nil, nil, nil
	if e.Verdict != nil {
		r.verdict, r.hasVerdict = *e.Verdict, true
	}
	return r
}

// entry is the record as an Entry of its own: maps and verdict are fresh.
func (r *record) entry() Entry {
	e := r.Entry
	e.Header, e.RespHeader = unpackHeader(r.header), unpackHeader(r.respHeader)
	if r.hasVerdict {
		v := r.verdict
		e.Verdict = &v
	}
	return e
}

// dedupSlots is the size of the journal's table of recent strings.
const dedupSlots = 512

// stringTable is a direct-mapped table of recently stored strings: an entry's
// string equal to one in its slot is stored as that one. Service,
// operation, tenant, dc and fault are the emulator's own strings already;
// the others come from the request and the answer, and a client repeating
// a request (a refresh with the same token) repeats most of them: headers,
// redacted body, client, path. Sharing them keeps ten thousand entries
// small and keeps no request buffer alive.
type stringTable struct {
	seed  maphash.Seed
	slots [dedupSlots]string
}

func (t *stringTable) dedup(s *string, view bool) {
	if *s == "" || len(*s) > maxDedup {
		return
	}
	slot := &t.slots[maphash.String(t.seed, *s)%dedupSlots]
	if *slot != *s {
		if view {
			*s = strings.Clone(*s) // not a view into a request buffer
		}
		*slot = *s
	}
	*s = *slot
}

// maxDedup bounds the strings shared: longer ones rarely repeat.
const maxDedup = 1024

func (t *stringTable) share(r *record) {
	// Method, path and client are views into the request's buffers.
	for _, s := range []*string{&r.Method, &r.Path, &r.Client} {
		t.dedup(s, true)
	}
	for _, s := range []*string{&r.SourceIP, &r.Query, &r.Body, &r.header, &r.respHeader} {
		t.dedup(s, false)
	}
}

// PackedHeader is a header set as the ring keeps it: length-prefixed
// names and values in one string; "" is no header.
type PackedHeader string

// PackHeader packs h, each header's values made one by value (the
// caller's redaction), without building Entry's map form. Names come in
// sorted order, so the same headers pack to the same text whatever the
// map's order, and the ring keeps one copy of it (stringTable).
func PackHeader(h map[string][]string, value func(name string, values []string) string) PackedHeader {
	if len(h) == 0 {
		return ""
	}
	var arr [maxSortedHeaders]string
	names := arr[:0]
	if len(h) > maxSortedHeaders {
		names = make([]string, 0, len(h))
	}
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	var b strings.Builder
	b.Grow(64 * len(h))
	for _, k := range names {
		appendPair(&b, k, value(k, h[k]))
	}
	return PackedHeader(b.String())
}

// maxSortedHeaders is the most header names PackHeader sorts on its stack.
const maxSortedHeaders = 32

func packHeader(h map[string]string) PackedHeader {
	if len(h) == 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(64 * len(h))
	for k, v := range h {
		appendPair(&b, k, v)
	}
	return PackedHeader(b.String())
}

func appendPair(b *strings.Builder, k, v string) {
	var buf [2 * binary.MaxVarintLen64]byte
	b.Write(binary.AppendUvarint(buf[:0], uint64(len(k))))
	b.WriteString(k)
	b.Write(binary.AppendUvarint(buf[:0], uint64(len(v))))
	b.WriteString(v)
}

func unpackHeader[S ~string](packed S) map[string]string {
	p := string(packed)
	if p == "" {
		return nil
	}
	h := map[string]string{}
	for p != "" {
		var k, v string
		k, p = next(p)
		v, p = next(p)
		h[k] = v
	}
	return h
}

func next(p string) (s, rest string) {
	n, w := binary.Uvarint([]byte(p[:min(len(p), binary.MaxVarintLen64)]))
	p = p[w:]
	return p[:n], p[n:]
}
