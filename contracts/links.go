package contracts

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// A contract's OpenAPI links say which value of one operation's answer a
// later request needs: the id of the connection just created, for the
// requests that read, change and delete it. Verification follows them, so
// that those requests reach the success path instead of a conforming 404.

// link is one OpenAPI link between two operations of a contract.
type link struct {
	from, to int               // indexes of the producing and consuming operation
	params   map[string]string // "path.connectionId" (or a bare name) -> runtime expression
}

// bodyKey prefixes the values a link puts into the consumer's JSON body.
// OpenAPI links only name parameters or replace the whole body; many
// creates need one id inside theirs (a source connection's
// baseConnectionId), so the contracts say so in the link's extension
// x-body: JSON pointer into the request body -> runtime expression.
const bodyKey = "body#"

// answer is what a link's runtime expressions read.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// links lists the links of ops' success answers (2xx) whose operationId
// names another of ops.
func links(ops []specOp) []link {
	index := map[string]int{}
	for i, op := range ops {
		index[op.op.OperationID] = i
	}
	var out []link
	for i, op := range ops {
		if op.op.Responses == nil {
			continue
		}
		for _, code := range sortedKeys(op.op.Responses.Map()) {
			resp := op.op.Responses.Value(code)
			if !strings.HasPrefix(code, "2") || resp == nil || resp.Value == nil {
				continue
			}
			for _, name := range sortedKeys(resp.Value.Links) {
				l := resp.Value.Links[name]
				if l == nil || l.Value == nil {
					continue
				}
				to, ok := index[l.Value.OperationID]
				if !ok || to == i {
					continue
				}
				params := map[string]string{}
				for p, expr := range l.Value.Parameters {
					if s, ok := expr.(string); ok {
						params[p] = s
					}
				}
				if body, ok := l.Value.Extensions["x-body"].(map[string]any); ok {
					for ptr, expr := range body {
						if s, ok := expr.(string); ok {
							params[bodyKey+ptr] = s
						}
					}
				}
				out = append(out, link{from: i, to: to, params: params})
			}
		}
	}
	return out
}

// linkedOrder orders the operations with a valid request: reads, then
// writes, then deletes, except that a resource's life runs in one piece.
// An operation that links to others is followed at once by everything its
// answer feeds, transitively, in the same order (create, read, update,
// delete), so that no unrelated request in between (a reset, an import)
// takes away what the links point at.
func linkedOrder(sets []CaseSet, ls []link) []int {
	ranked := byMethod(sets)
	valid := map[int]bool{}
	for _, i := range ranked {
		valid[i] = true
	}
	feeds, needs := map[int][]int{}, map[int][]int{}
	for _, l := range ls {
		if valid[l.from] && valid[l.to] {
			feeds[l.from] = append(feeds[l.from], l.to)
			needs[l.to] = append(needs[l.to], l.from)
		}
	}
	done := map[int]bool{}
	var order []int
	for _, root := range ranked {
		if done[root] || (len(needs[root]) > 0 && !inCycle(root, feeds)) {
			continue
		}
		group := map[int]bool{}
		var grow func(int)
		grow = func(i int) {
			if group[i] || done[i] {
				return
			}
			group[i] = true
			for _, j := range feeds[i] {
				grow(j)
			}
		}
		grow(root)
		depth := depths(root, feeds, group)
		// The group in ranked order, each member after its producers in
		// the group (a producer elsewhere has run, or never will).
		waits := func(i int) bool {
			return i != root && slices.ContainsFunc(needs[i], func(p int) bool { return group[p] })
		}
		for len(group) > 0 {
			pick := -1
			for _, i := range ranked {
				if !group[i] || waits(i) {
					continue
				}
				// Deletes go deepest first: a client before its org.
				if pick < 0 || (sets[i].Method == http.MethodDelete && sets[pick].Method == http.MethodDelete && depth[i] > depth[pick]) {
					pick = i
				}
				if sets[pick].Method != http.MethodDelete {
					break
				}
			}
			if pick < 0 { // a cycle inside the group: the first in rank
				for _, i := range ranked {
					if group[i] {
						pick = i
						break
					}
				}
			}
			delete(group, pick)
			done[pick] = true
			order = append(order, pick)
		}
	}
	for _, i := range ranked { // fed only from inside a cycle that no root reached
		if !done[i] {
			order = append(order, i)
		}
	}
	return order
}

// depths is each group member's distance from root along links.
func depths(root int, feeds map[int][]int, group map[int]bool) map[int]int {
	depth := map[int]int{root: 0}
	queue := []int{root}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, j := range feeds[i] {
			if _, seen := depth[j]; !seen && group[j] {
				depth[j] = depth[i] + 1
				queue = append(queue, j)
			}
		}
	}
	return depth
}

// inCycle says whether i feeds itself through links, which makes it a
// root in spite of having producers.
func inCycle(i int, feeds map[int][]int) bool {
	seen := map[int]bool{}
	var walk func(int) bool
	walk = func(j int) bool {
		for _, k := range feeds[j] {
			if k == i {
				return true
			}
			if !seen[k] {
				seen[k] = true
				if walk(k) {
					return true
				}
			}
		}
		return false
	}
	return walk(i)
}

// follow evaluates l's expressions against the producer's answer and
// returns the values by parameter, or nothing when one cannot be read.
func (l link) follow(a answer) (map[string]string, bool) {
	out := make(map[string]string, len(l.params))
	for p, expr := range l.params {
		v, ok := evaluate(expr, a)
		if !ok {
			return nil, false
		}
		out[p] = v
	}
	return out, true
}

// evaluate reads a runtime expression of the OpenAPI Specification against
// an answer: $statusCode, $response.header.<name>, $response.body (whole)
// or $response.body#<JSON pointer>. Anything not starting with "$" is a
// constant. Request expressions are not supported (ok is false).
func evaluate(expr string, a answer) (string, bool) {
	switch {
	case !strings.HasPrefix(expr, "$"):
		return expr, true
	case expr == "$statusCode":
		return strconv.Itoa(a.status), true
	case strings.HasPrefix(expr, "$response.header."):
		v := a.header.Get(strings.TrimPrefix(expr, "$response.header."))
		return v, v != ""
	case expr == "$response.body":
		return string(a.body), true
	case strings.HasPrefix(expr, "$response.body#"):
		return pointer(a.body, strings.TrimPrefix(expr, "$response.body#"))
	}
	return "", false
}

// pointer reads the value at a JSON pointer (RFC 6901) in a JSON document,
// spelt as a parameter value.
func pointer(doc []byte, ptr string) (string, bool) {
	if ptr != "" && !strings.HasPrefix(ptr, "/") {
		return "", false
	}
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "", false
	}
	if ptr != "" {
		for _, tok := range strings.Split(ptr[1:], "/") {
			tok = unescapeToken(tok)
			switch x := v.(type) {
			case map[string]any:
				var ok bool
				if v, ok = x[tok]; !ok {
					return "", false
				}
			case []any:
				n, ok := arrayIndex(tok, len(x))
				if !ok {
					return "", false
				}
				v = x[n]
			default:
				return "", false
			}
		}
	}
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false // an object, array or null names no single value
}

// withValues returns k with linked values in place of generated ones. A
// name is "path.x", "query.x" or "header.x", or a bare name looked up in
// the operation's parameters.
func (op specOp) withValues(k Case, values map[string]string) Case {
	params := make(map[string]string, len(k.Params)+len(values))
	maps.Copy(params, k.Params)
	k.Params = params
	k.Header = k.Header.Clone()
	q, _ := url.ParseQuery(k.RawQuery)
	queried := false
	for name, v := range values {
		if ptr, ok := strings.CutPrefix(name, bodyKey); ok {
			k.Body = setPointer(k.Body, ptr, v)
			continue
		}
		in, bare, qualified := strings.Cut(name, ".")
		if !qualified || !slices.Contains([]string{openapi3.ParameterInPath, openapi3.ParameterInQuery, openapi3.ParameterInHeader}, in) {
			in, bare = op.paramIn(name), name
		}
		switch in {
		case openapi3.ParameterInPath:
			k.Params[bare] = v
		case openapi3.ParameterInQuery:
			q.Set(bare, v)
			queried = true
		case openapi3.ParameterInHeader:
			k.Header.Set(bare, v)
		}
	}
	if queried {
		k.RawQuery = q.Encode()
	}
	return k
}

// paramIn is where the operation takes the parameter called name ("" when
// it takes none).
func (op specOp) paramIn(name string) string {
	for _, p := range op.params {
		if p.Name == name {
			return p.In
		}
	}
	return ""
}

// setPointer returns the JSON document doc with the string v at the JSON
// pointer ptr, creating missing object members on the way (array elements
// must exist). A pointer through anything else leaves doc as it was.
func setPointer(doc []byte, ptr, v string) []byte {
	var root any
	if !strings.HasPrefix(ptr, "/") || json.Unmarshal(doc, &root) != nil {
		return doc
	}
	toks := strings.Split(ptr[1:], "/")
	var set func(at any, toks []string) (any, bool)
	set = func(at any, toks []string) (any, bool) {
		if len(toks) == 0 {
			return v, true
		}
		tok := unescapeToken(toks[0])
		switch x := at.(type) {
		case map[string]any:
			next, ok := set(x[tok], toks[1:])
			x[tok] = next
			return x, ok
		case []any:
			n, ok := arrayIndex(tok, len(x))
			if !ok {
				return x, false
			}
			next, ok := set(x[n], toks[1:])
			x[n] = next
			return x, ok
		case nil:
			return set(map[string]any{}, toks)
		}
		return at, false
	}
	root, ok := set(root, toks)
	if !ok {
		return doc
	}
	out, err := json.Marshal(root)
	if err != nil {
		return doc
	}
	return out
}

// unescapeToken undoes a JSON pointer token's escapes (RFC 6901 §4).
func unescapeToken(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}

// arrayIndex reads a JSON pointer token as an index into an array of n.
func arrayIndex(tok string, n int) (int, bool) {
	i, err := strconv.Atoi(tok)
	if err != nil || i < 0 || i >= n || (len(tok) > 1 && tok[0] == '0') || tok[0] == '+' {
		return 0, false
	}
	return i, true
}
