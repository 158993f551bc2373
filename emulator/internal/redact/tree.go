package redact

import (
	"encoding/json"
	"slices"
	"strings"
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
	doc := string(body)
	i := skipSpace(doc, 0)
	if i == len(doc) || doc[i] != '{' && doc[i] != '[' {
		return "", false
	}
	t := &tree{doc: doc, out: make([]byte, 0, len(doc)+len(doc)/8)}
	if _, ok := t.value("", i, 0); !ok {
		return "", false
	}
	return string(t.out), true
}

// tree is treeJSON's state: the document, the answer so far, and a
// scratch buffer for reordering members.
type tree struct {
	doc     string
	out     []byte
	scratch []byte
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
			return end, ok
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
	// Write the members again, sorted by key.
	t.scratch = append(t.scratch[:0], t.out[mark:]...)
	slices.SortFunc(members, func(a, b placed) int { return strings.Compare(a.key, b.key) })
	t.out = append(t.out[:mark], '{')
	for n, m := range members {
		if n > 0 {
			if m.key == members[n-1].key {
				return i, false // a repeated key: the last one wins, in its place
			}
			t.out = append(t.out, ',')
		}
		t.out = append(t.out, t.scratch[m.start-mark:m.end-mark]...)
	}
	t.out = append(t.out, '}')
	return i + 1, true
}

func (t *tree) array(key string, i, depth int) (int, bool) {
	t.out = append(t.out, '[')
	i = skipSpace(t.doc, i+1)
	if i < len(t.doc) && t.doc[i] == ']' {
		t.out = append(t.out, ']')
		return i + 1, true
	}
	for n := 0; ; n++ {
		if n > 0 {
			t.out = append(t.out, ',')
		}
		var ok bool
		if i, ok = t.value(key, i, depth+1); !ok {
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
