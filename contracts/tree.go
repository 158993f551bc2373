package contracts

import (
	"strings"
	"unsafe"

	"github.com/zohoaep/zohoaep/internal/memo"
)

// The tree walk: the fast path for a JSON answer that is not flat (a page
// of records: an array of open objects with a few typed members, and an
// info object). The walk checks the JSON syntax as it goes, as
// encoding/json.Valid would (what the schema leaves open is skipped by a
// validating scanner, skipValid), so the body is read once. It says "valid"
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

// treeValid reports whether kin-openapi would find body valid under sh:
// the body is valid JSON (json.Valid) and the walk finds it valid.
func treeValid(sh *shape, body []byte) bool {
	doc := view(body)
	end, ok := walkShape(sh, doc, skipSpace(doc, 0), 0)
	return ok && skipSpace(doc, end) == len(doc)
}

// walkShape checks the JSON value at doc[i] under sh, its syntax
// included, and returns its end. It answers false for anything that is
// not valid JSON.
func walkShape(sh *shape, doc string, i, depth int) (int, bool) {
	if depth > maxTreeDepth || i >= len(doc) {
		return i, false
	}
	if doc[i] == 'n' { // null
		return i + 4, strings.HasPrefix(doc[i:], "null") && sh.nullable && sh.kind != 'u'
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
			return skipString(doc, i) // any string will do
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
		if i < len(doc) && doc[i] == ']' {
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
			if i = skipSpace(doc, end); i == len(doc) {
				return i, false
			}
			if doc[i] == ']' {
				return i + 1, n >= sh.minItems
			}
			if doc[i] != ',' {
				return i, false
			}
			i = skipSpace(doc, i+1)
		}
	case 'o':
		if doc[i] != '{' || sh.index == nil {
			return i, false
		}
		var seen uint64
		if i = skipSpace(doc, i+1); i == len(doc) {
			return i, false
		}
		if doc[i] != '}' {
			for {
				key, end, ok := plainString(doc, i)
				if !ok {
					return i, false // an escaped name: kin-openapi decides
				}
				if i = skipSpace(doc, end); i == len(doc) || doc[i] != ':' {
					return i, false
				}
				i = skipSpace(doc, i+1)
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
				} else if end, ok = skipValid(doc, i, depth+1); !ok {
					return end, false
				}
				if i = skipSpace(doc, end); i == len(doc) {
					return i, false
				}
				if doc[i] == '}' {
					break
				}
				if doc[i] != ',' {
					return i, false
				}
				i = skipSpace(doc, i+1)
			}
		}
		return i + 1, seen&sh.requiredMask == sh.requiredMask
	}
	return i, false
}
