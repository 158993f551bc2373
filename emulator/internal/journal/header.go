package journal

import (
	"encoding/binary"
	"slices"
)

// PackedHeader is a header set as the ring keeps it: length-prefixed
// names and values in one string; "" is no header.
type PackedHeader string

// PackHeader packs h, each header's values made one by value (the
// caller's redaction), without building Entry's map form. Names come in
// sorted order, so the same headers pack to the same text whatever the
// map's order. Journal.PackHeader is the same without allocating when the
// journal holds that text already.
func PackHeader(h map[string][]string, value func(name string, values []string) string) PackedHeader {
	var buf [packBuffer]byte
	return PackedHeader(appendHeader(buf[:0], h, value))
}

// PackHeader is the package's PackHeader, returning the journal's own copy
// of the packed text when an entry it keeps has the same headers (a client
// repeating a request), so that packing them allocates nothing.
func (j *Journal) PackHeader(h map[string][]string, value func(name string, values []string) string) PackedHeader {
	var buf [packBuffer]byte
	b := appendHeader(buf[:0], h, value)
	j.mu.RLock()
	s, ok := j.seen.lookup(b)
	j.mu.RUnlock()
	if !ok {
		s = string(b)
	}
	return PackedHeader(s)
}

// packBuffer is the size of the buffer headers are packed into on the
// stack; larger sets spill to the heap.
const packBuffer = 1024

// maxSortedHeaders is the most header names sorted on the stack.
const maxSortedHeaders = 32

func appendHeader[V any](b []byte, h map[string]V, value func(name string, v V) string) []byte {
	if len(h) == 0 {
		return b
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
	for _, k := range names {
		b = appendPair(b, k, value(k, h[k]))
	}
	return b
}

// packMap packs Entry's map form of headers.
func packMap(b []byte, h map[string]string) []byte {
	return appendHeader(b, h, func(_ string, v string) string { return v })
}

func appendPair(b []byte, k, v string) []byte {
	b = binary.AppendUvarint(b, uint64(len(k)))
	b = append(b, k...)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
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

// packedValue is one header's value from a packed set; "" when absent.
func packedValue(packed, name string) string {
	p := packed
	for p != "" {
		var k, v string
		k, p = next(p)
		v, p = next(p)
		if k == name {
			return v
		}
	}
	return ""
}
