package redact

import (
	"encoding/json"
	"slices"
	"strings"
	"unsafe"
)

// maxTreeDepth bounds treeJSON's recursion; deeper documents take the long
// way (encoding/json refuses them past 10000 levels).
const maxTreeDepth = 512

// treeJSON is JSON for a document whose first value is an object or an
// array, without decoding it into maps and interfaces: it reads the
// document once, redacts each string by its key as walk does, and writes
// each object's members sorted by key, as encoding/json writes a map.
// Strings that are plain (printable ASCII without escapes) are copied;
// others are decoded and encoded by encoding/json itself. It writes
// exactly what the long way writes (FuzzJSONFastPath holds it to it); ok
// is false for a document it does not take (a repeated key, a malformed or
// too deep value, a raw control character), which then takes the long way.
func treeJSON(body []byte) (string, bool) {
	doc := unsafe.String(unsafe.SliceData(body), len(body)) // read during the call only; out is copied
	i := skipSpace(doc, 0)
	if i == len(doc) || doc[i] != '{' && doc[i] != '[' {
		return "", false
	}
	t := &tree{doc: doc, out: make([]byte, 0, len(doc)+len(doc)/8), hole: -1}
	if _, ok := t.value("", i, 0); !ok {
		return "", false
	}
	return string(t.out), true
}

// treePrefix is treeJSON when only the first limit+1 bytes of the answer
// are wanted, with its length: once the answer is longer than limit, the
// elements of an array are written only to be measured, and dropped (the
// buffer stays small). It answers the same bytes as treeJSON's first ones
// and the same length, or ok false (and then the caller takes treeJSON):
// for whatever treeJSON refuses, and when an object around the dropped
// part would have to be reordered.
func treePrefix(body []byte, limit int) (prefix string, total int, ok bool) {
	doc := unsafe.String(unsafe.SliceData(body), len(body)) // read during the call only; out is copied
	i := skipSpace(doc, 0)
	if i == len(doc) || doc[i] != '{' && doc[i] != '[' {
		return "", 0, false
	}
	t := &tree{doc: doc, out: make([]byte, 0, min(len(doc), limit)+limit/4), limit: limit, hole: -1}
	if _, ok := t.value("", i, 0); !ok {
		return "", 0, false
	}
	return string(t.out[:min(len(t.out), limit+1)]), len(t.out) + t.dropped, true
}

// tree is treeJSON's state: the document, the answer so far, and a
// scratch buffer for reordering members.
type tree struct {
	doc     string
	out     []byte
	scratch []byte
	// orders remembers, per depth, the last unsorted object's keys and
	// their sorted order: the records of a page repeat them.
	orders [maxOrderDepth]order
	// treePrefix's: the answer is wanted up to limit (0: whole); hole is
	// where in out bytes were last dropped (-1: none), dropped how many;
	// measuring is set while an array element is written to be dropped.
	limit, hole, dropped int
	measuring            bool
	arrays               int // arrays being written
}

// maxOrderDepth is how deep tree.orders remembers.
const maxOrderDepth = 8

// order is an object's keys, in document order, and the indexes of its
// members sorted by key; the keys are distinct.
type order struct {
	keys []string
	perm []int
}

// sortedOrder returns the indexes of members sorted by key, and false for
// a repeated key, remembering them at depth.
func (t *tree) sortedOrder(members []placed, depth int) ([]int, bool) {
	var o *order
	if depth < maxOrderDepth {
		o = &t.orders[depth]
		if len(o.keys) == len(members) {
			same := true
			for n := range members {
				if members[n].key != o.keys[n] {
					same = false
					break
				}
			}
			if same {
				return o.perm, true
			}
		}
	} else {
		o = &order{}
	}
	o.keys, o.perm = o.keys[:0], o.perm[:0]
	for n := range members {
		o.perm = append(o.perm, n)
	}
	slices.SortFunc(o.perm, func(a, b int) int { return strings.Compare(members[a].key, members[b].key) })
	for n := 1; n < len(o.perm); n++ {
		if members[o.perm[n]].key == members[o.perm[n-1]].key {
			o.keys = o.keys[:0]
			return nil, false // a repeated key: the last one wins, in its place
		}
	}
	for _, m := range members {
		o.keys = append(o.keys, m.key)
	}
	return o.perm, true
}

// value writes the redacted value at doc[i] for key and returns the
// index just past it.
func (t *tree) value(key string, i, depth int) (int, bool) {
	if depth > maxTreeDepth || i >= len(t.doc) {
		return i, false
	}
	switch c := t.doc[i]; {
	case c == '{':
		if IsSecret(key) { // a map of secrets goes whole, once it is known to be valid
			mark := len(t.out)
			end, ok := t.object(i, depth)
			t.out = appendString(t.out[:mark], Mask)
			return end, ok && t.hole < mark // nothing dropped inside it
		}
		return t.object(i, depth)
	case c == '[':
		return t.array(key, i, depth)
	case c == '"':
		s, end, ok := t.str(i)
		if !ok {
			return i, false
		}
		t.out = appendString(t.out, jsonValue(key, s))
		return end, true
	default:
		end := literalEnd(t.doc, i)
		if end == i {
			return i, false
		}
		t.out = append(t.out, t.doc[i:end]...)
		return end, true
	}
}

// placed is an object member: its key and where `"key":value` lies in
// t.out.
type placed struct {
	key        string
	start, end int
}

// object writes the members as they come, each key before its value, and
// reorders them only when their keys are not already strictly ascending
// (as encoding/json writes a map's, and as most answers come).
func (t *tree) object(i, depth int) (int, bool) {
	var arr [32]placed
	members := arr[:0]
	mark := len(t.out)
	t.out = append(t.out, '{')
	i = skipSpace(t.doc, i+1)
	if i < len(t.doc) && t.doc[i] == '}' {
		t.out = append(t.out, '}')
		return i + 1, true
	}
	sorted := true
	for {
		key, j, ok := t.str(i)
		if !ok {
			return i, false
		}
		if i = skipSpace(t.doc, j); i == len(t.doc) || t.doc[i] != ':' {
			return i, false
		}
		if len(members) > 0 {
			t.out = append(t.out, ',')
			sorted = sorted && members[len(members)-1].key < key
		}
		start := len(t.out)
		t.out = appendString(t.out, key)
		t.out = append(t.out, ':')
		if i, ok = t.value(key, skipSpace(t.doc, i+1), depth+1); !ok {
			return i, false
		}
		members = append(members, placed{key: key, start: start, end: len(t.out)})
		if i = skipSpace(t.doc, i); i == len(t.doc) {
			return i, false
		}
		if t.doc[i] == '}' {
			break
		}
		if t.doc[i] != ',' {
			return i, false
		}
		i = skipSpace(t.doc, i+1)
	}
	if sorted {
		t.out = append(t.out, '}')
		return i + 1, true
	}
	perm, ok := t.sortedOrder(members, depth)
	if !ok {
		return i, false
	}
	if t.measuring { // to be dropped: only its length counts
		t.out = append(t.out, '}')
		return i + 1, true
	}
	if t.hole >= mark {
		return i, false // the dropped part would move
	}
	// Write the members again, sorted by key.
	t.scratch = append(t.scratch[:0], t.out[mark:]...)
	t.out = append(t.out[:mark], '{')
	for n, k := range perm {
		if n > 0 {
			t.out = append(t.out, ',')
		}
		m := members[k]
		t.out = append(t.out, t.scratch[m.start-mark:m.end-mark]...)
	}
	t.out = append(t.out, '}')
	return i + 1, true
}

// array writes an array. Only the outermost array being written drops
// elements (treePrefix): a dropped element then never lies inside an
// object being written, which might have to be reordered.
func (t *tree) array(key string, i, depth int) (int, bool) {
	t.arrays++
	end, ok := t.elements(key, i, depth, t.arrays == 1)
	t.arrays--
	return end, ok
}

func (t *tree) elements(key string, i, depth int, outer bool) (int, bool) {
	t.out = append(t.out, '[')
	i = skipSpace(t.doc, i+1)
	if i < len(t.doc) && t.doc[i] == ']' {
		t.out = append(t.out, ']')
		return i + 1, true
	}
	for n := 0; ; n++ {
		mark := len(t.out)
		drop := outer && t.limit > 0 && !t.measuring && mark > t.limit
		if n > 0 {
			t.out = append(t.out, ',')
		}
		var ok bool
		if drop {
			t.measuring = true
		}
		i, ok = t.value(key, i, depth+1)
		if drop {
			t.measuring = false
			t.hole = mark
			t.dropped += len(t.out) - mark
			t.out = t.out[:mark]
		}
		if !ok {
			return i, false
		}
		if i = skipSpace(t.doc, i); i == len(t.doc) {
			return i, false
		}
		if t.doc[i] == ']' {
			t.out = append(t.out, ']')
			return i + 1, true
		}
		if t.doc[i] != ',' {
			return i, false
		}
		i = skipSpace(t.doc, i+1)
	}
}

// str decodes the string at doc[i]: a view of the document when it has no
// escapes and only printable ASCII, else encoding/json's decoding of it.
// A raw control character is not JSON.
func (t *tree) str(i int) (string, int, bool) {
	if i >= len(t.doc) || t.doc[i] != '"' {
		return "", i, false
	}
	plain := true
	for j := i + 1; j < len(t.doc); j++ {
		switch c := t.doc[j]; {
		case c == '"':
			if plain {
				return t.doc[i+1 : j], j + 1, true
			}
			var s string
			if json.Unmarshal([]byte(t.doc[i:j+1]), &s) != nil {
				return "", i, false
			}
			return s, j + 1, true
		case c == '\\':
			plain = false
			j++ // the escaped byte cannot end the string
		case c < 0x20:
			return "", i, false
		case c > 0x7e:
			plain = false
		}
	}
	return "", i, false
}

// appendString writes s as encoding/json writes a string (HTML-safe).
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // a string always encodes
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
