package zohosource

import (
	"errors"
	"fmt"
	"strings"
)

// A Data Prep mapping set as a run applies it (reference §5): each
// mapping copies a source column (sourceAttribute) to a destinationXdmPath,
// a dot-separated path whose intermediate objects are made as needed.
// sourceType ATTRIBUTE (the default) names a column, matched exactly and
// else ignoring case; CONSTANT sets sourceAttribute itself; EXPRESSION
// (Data Prep functions) is not evaluated: such a mapping fails every
// record, as Data Prep fails a record it cannot transform. A null value
// sets nothing.

// mapping is one compiled mapping.
type mapping struct {
	source   string
	constant bool
	expr     bool
	dest     []string
}

// errPath is a destination path that cannot be used.
var errPath = errors.New("zohosource: bad destination path")

// compileMappings reads a mapping set's "mappings".
func compileMappings(doc map[string]any) ([]mapping, error) {
	raw, _ := doc["mappings"].([]any)
	out := make([]mapping, 0, len(raw))
	for i, r := range raw {
		m, _ := r.(map[string]any)
		src, _ := m["sourceAttribute"].(string)
		dst, _ := m["destinationXdmPath"].(string)
		path, err := splitPath(dst)
		if err != nil {
			return nil, fmt.Errorf("mapping %d: %w %q", i, err, dst)
		}
		kind, _ := m["sourceType"].(string)
		out = append(out, mapping{source: src, dest: path,
			constant: strings.EqualFold(kind, "CONSTANT"), expr: strings.EqualFold(kind, "EXPRESSION")})
	}
	return out, nil
}

// splitPath splits a destination path; an empty one, or one with an
// empty segment, is errPath.
func splitPath(p string) ([]string, error) {
	if p == "" {
		return nil, errPath
	}
	parts := strings.Split(p, ".")
	for _, s := range parts {
		if s == "" {
			return nil, errPath
		}
	}
	return parts, nil
}

// errExpression is a mapping Data Prep would evaluate.
var errExpression = errors.New("zohosource: expression mappings are not evaluated")

// apply maps one flat row to an XDM object.
func apply(ms []mapping, flat map[string]any) (map[string]any, error) {
	out := map[string]any{}
	for _, m := range ms {
		var v any
		switch {
		case m.expr:
			return nil, errExpression
		case m.constant:
			v = m.source
		default:
			v = lookup(flat, m.source)
		}
		if v == nil {
			continue
		}
		if err := setPath(out, m.dest, v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// lookup finds a column, exactly or else ignoring case.
func lookup(flat map[string]any, name string) any {
	if v, ok := flat[name]; ok {
		return v
	}
	for k, v := range flat {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return nil
}

// errConflict is a path through a value that is not an object.
var errConflict = errors.New("zohosource: destination path crosses a value")

// setPath sets dst[path[0]]...[path[n-1]] = v, making objects on the way.
// A path through an existing non-object value is errConflict; a value set
// twice keeps the last.
func setPath(dst map[string]any, path []string, v any) error {
	if len(path) == 0 {
		return errPath
	}
	cur := dst
	for _, seg := range path[:len(path)-1] {
		next, exists := cur[seg]
		if !exists {
			m := map[string]any{}
			cur[seg] = m
			cur = m
			continue
		}
		m, ok := next.(map[string]any)
		if !ok {
			return errConflict
		}
		cur = m
	}
	last := path[len(path)-1]
	if old, ok := cur[last].(map[string]any); ok && len(old) > 0 {
		return errConflict
	}
	cur[last] = v
	return nil
}
