package flowservice

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Match reports whether doc (a JSON document decoded with UseNumber)
// satisfies every clause.
func (f Filter) Match(doc map[string]any, caseSensitive bool) bool {
	for _, c := range f {
		if !c.Match(doc, caseSensitive) {
			return false
		}
	}
	return true
}

// Match reports whether doc satisfies the clause: == holds when any value
// found at the path equals any operand; != when none does (a missing field
// is unequal to everything); an ordering when any value found compares so.
func (c Clause) Match(doc map[string]any, caseSensitive bool) bool {
	leaves := resolve(doc, c.Path)
	switch c.Op {
	case "==", "!=":
		hit := false
		for _, l := range leaves {
			for _, v := range c.Values {
				if equal(l, v, caseSensitive) {
					hit = true
				}
			}
		}
		return hit == (c.Op == "==")
	}
	for _, l := range leaves {
		cmp, ok := compare(l, c.Values[0], caseSensitive)
		if !ok {
			continue
		}
		switch {
		case c.Op == "<" && cmp < 0, c.Op == "<=" && cmp <= 0, c.Op == ">" && cmp > 0, c.Op == ">=" && cmp >= 0:
			return true
		}
	}
	return false
}

// resolve returns the values at path, through arrays.
func resolve(doc any, path []Segment) []any {
	nodes := []any{doc}
	for _, seg := range path {
		var next []any
		for _, n := range nodes {
			m, ok := n.(map[string]any)
			if !ok {
				continue
			}
			child, ok := m[seg.Name]
			if !ok {
				continue
			}
			if arr, ok := child.([]any); ok {
				next = append(next, arr...)
				continue
			}
			next = append(next, child)
		}
		nodes = next
	}
	return nodes
}

func equal(leaf any, v Value, caseSensitive bool) bool {
	if !v.Quoted {
		switch l := leaf.(type) {
		case nil:
			return v.Text == "null"
		case bool:
			if b, err := strconv.ParseBool(v.Text); err == nil {
				return b == l
			}
		}
		if x, ok := number(leaf); ok {
			if y, err := strconv.ParseFloat(v.Text, 64); err == nil {
				return x == y
			}
		}
	}
	s, ok := text(leaf)
	if !ok {
		return false
	}
	if caseSensitive {
		return s == v.Text
	}
	return strings.EqualFold(s, v.Text)
}

func compare(leaf any, v Value, caseSensitive bool) (int, bool) {
	if !v.Quoted {
		if x, ok := number(leaf); ok {
			y, err := strconv.ParseFloat(v.Text, 64)
			if err != nil {
				return 0, false
			}
			switch {
			case x < y:
				return -1, true
			case x > y:
				return 1, true
			}
			return 0, true
		}
	}
	s, ok := leaf.(string)
	if !ok {
		return 0, false
	}
	t := v.Text
	if !caseSensitive {
		s, t = strings.ToLower(s), strings.ToLower(t)
	}
	return strings.Compare(s, t), true
}

// number reads a JSON number of a decoded document.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case float64:
		return n, true
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	}
	return 0, false
}

// text renders a scalar as the filter compares it.
func text(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case nil:
		return "null", true
	}
	return "", false
}
