package contracts

import (
	"encoding/json"
	"strings"
	"unsafe"

	"github.com/zohoaep/zohoaep/internal/memo"
)

// The tree walk: the fast path for a JSON answer that is not flat (a page
// of records: an array of open objects with a few typed members, and an
// info object). The body must first be valid JSON, as encoding/json reads
// it, so the walk only skips what the schema leaves open. It says "valid"
// only when kin-openapi would; anything it is unsure of (escaped or
// non-ASCII strings under a constraint, repeated names it checks, numbers
// that are not short integers, null under a oneOf) answers false and
// kin-openapi judges the answer in full.

// maxTreeDepth bounds the walk's recursion.
const maxTreeDepth = 64

// Bodies found valid under a shape are remembered (exactly: by their
// bytes), so the same page answered again is not walked again. Bodies
// under memoMinBody are judged every time: hashing them would cost about
// as much.
const (
	memoMinBody = 2 << 10
	memoBytes   = 4 << 20
)

var validBodies = memo.New[*shape, struct{}](memoBytes)

// bodyValid reports whether kin-openapi would find body valid under sh,
// by the flat reading or the tree walk, remembering large valid bodies.
func bodyValid(sh *shape, body []byte) bool {
	if len(body) < memoMinBody {
		return shapeValid(sh, body)
	}
	_, known, k := validBodies.Get(sh, body)
	if known {
		return true
	}
	if !shapeValid(sh, body) {
		return false
	}
	validBodies.Put(k, body, struct{}{})
	return true
}

// shapeValid is bodyValid without the memo.
func shapeValid(sh *shape, body []byte) bool {
	doc := view(body)
	var arr [maxMembers]member
	if ms, ok := flatObject(doc, arr[:0]); ok && sh.matchObject(ms) {
		return true
	}
	return treeValid(sh, body)
}

// view is body as a string without a copy. The fast paths only read it
// during the call; the one place that keeps a string it matched
// (pattern.match) keeps a copy.
func view(body []byte) string { return unsafe.String(unsafe.SliceData(body), len(body)) }

// treeValid reports whether kin-openapi would find body valid under sh.
func treeValid(sh *shape, body []byte) bool {
	if !json.Valid(body) {
		return false
	}
	doc := view(body)
	end, ok := walkShape(sh, doc, skipSpace(doc, 0), 0)
	return ok && skipSpace(doc, end) == len(doc)
}

// walkShape checks the valid JSON value at doc[i] under sh and returns
// its end.
func walkShape(sh *shape, doc string, i, depth int) (int, bool) {
	if depth > maxTreeDepth || i >= len(doc) {
		return i, false
	}
	if doc[i] == 'n' { // null
		return i + 4, sh.nullable && sh.kind != 'u'
	}
	switch sh.kind {
	case 'u':
		n, end := 0, i
		for _, alt := range sh.alts {
			if e, ok := walkShape(alt, doc, i, depth+1); ok {
				n, end = n+1, e
			}
		}
		return end, n == 1
	case 's':
		if doc[i] != '"' {
			return i, false
		}
		if len(sh.enum) == 0 && sh.pattern == nil && sh.minLen == 0 && sh.maxLen == nil {
			return skipJSONString(doc, i), true // any string will do
		}
		val, end, ok := plainString(doc, i)
		return end, ok && sh.matchValue(member{kind: 's', val: val})
	case 'i':
		end := integerEnd(doc, i)
		return end, end > i && sh.matchValue(member{kind: 'n', val: doc[i:end]})
	case 'b':
		switch {
		case strings.HasPrefix(doc[i:], "true"):
			return i + 4, true
		case strings.HasPrefix(doc[i:], "false"):
			return i + 5, true
		}
		return i, false
	case 'a':
		if doc[i] != '[' {
			return i, false
		}
		var n uint64
		i = skipSpace(doc, i+1)
		if doc[i] == ']' {
			return i + 1, n >= sh.minItems
		}
		for {
			end, ok := walkShape(sh.items, doc, i, depth+1)
			if !ok {
				return end, false
			}
			n++
			if sh.maxItems != nil && n > *sh.maxItems {
				return end, false
			}
			i = skipSpace(doc, end)
			if doc[i] == ']' {
				return i + 1, n >= sh.minItems
			}
			i = skipSpace(doc, i+1) // the comma
		}
	case 'o':
		if doc[i] != '{' || sh.index == nil {
			return i, false
		}
		var seen uint64
		i = skipSpace(doc, i+1)
		if doc[i] != '}' {
			for {
				key, end, ok := plainString(doc, i)
				if !ok {
					return i, false // an escaped name: kin-openapi decides
				}
				i = skipSpace(doc, skipSpace(doc, end)+1) // past the colon
				if at, tracked := sh.index[key]; tracked {
					bit := uint64(1) << uint(at)
					if seen&bit != 0 {
						return i, false // repeated: the decoder keeps the last
					}
					seen |= bit
				}
				if p := sh.props[key]; p != nil {
					if end, ok = walkShape(p, doc, i, depth+1); !ok {
						return end, false
					}
				} else if sh.closed {
					return i, false
				} else {
					end = skipJSONValue(doc, i)
				}
				i = skipSpace(doc, end)
				if doc[i] == '}' {
					break
				}
				i = skipSpace(doc, i+1) // the comma
			}
		}
		return i + 1, seen&sh.requiredMask == sh.requiredMask
	}
	return i, false
}

// skipJSONString returns the end of the valid JSON string at doc[i].
func skipJSONString(doc string, i int) int {
	for j := i + 1; j < len(doc); j++ {
		switch doc[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(doc)
}

// skipJSONValue returns the end of the valid JSON value at doc[i].
func skipJSONValue(doc string, i int) int {
	switch doc[i] {
	case '"':
		return skipJSONString(doc, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(doc); j++ {
			switch doc[j] {
			case '"':
				j = skipJSONString(doc, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(doc)
	}
	j := i
	for j < len(doc) && !strings.ContainsRune(",]} \t\r\n", rune(doc[j])) {
		j++
	}
	return j
}
