package contracts

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync/atomic"
)

// pattern is a schema pattern as the fast path matches it: Go's regexp,
// as kin-openapi compiles it, with two shortcuts for the strings the fast
// path sees (printable ASCII). A pattern that is an anchored run of
// literal bytes and byte classes, such as a Zoho token's
// ^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$, is matched byte by byte; any other
// remembers the last string it accepted, since answers repeat their
// constant parts (an api_domain, a location).
type pattern struct {
	re    *regexp.Regexp
	fixed []*[4]uint64 // one 256-bit byte class per byte; nil: not fixed
	last  atomic.Pointer[string]
}

func compilePattern(expr string) (*pattern, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	p := &pattern{re: re}
	if tree, err := syntax.Parse(expr, syntax.Perl); err == nil {
		p.fixed, _ = fixedSteps(tree.Simplify())
	}
	return p, nil
}

// fixedSteps reads ^ (literal | class)* $ into byte classes; ok is false
// for anything else, or for classes and literals outside ASCII.
func fixedSteps(re *syntax.Regexp) (steps []*[4]uint64, ok bool) {
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 ||
		re.Sub[0].Op != syntax.OpBeginText || re.Sub[len(re.Sub)-1].Op != syntax.OpEndText {
		return nil, false
	}
	var walk func(*syntax.Regexp) bool
	walk = func(r *syntax.Regexp) bool {
		switch r.Op {
		case syntax.OpConcat:
			for _, sub := range r.Sub {
				if !walk(sub) {
					return false
				}
			}
			return true
		case syntax.OpLiteral:
			if r.Flags&syntax.FoldCase != 0 {
				return false
			}
			for _, c := range r.Rune {
				if c >= 0x80 {
					return false
				}
				var class [4]uint64
				class[c/64] |= 1 << (c % 64)
				steps = append(steps, &class)
			}
			return true
		case syntax.OpCharClass:
			var class [4]uint64
			for i := 0; i+1 < len(r.Rune); i += 2 {
				lo, hi := r.Rune[i], r.Rune[i+1]
				if lo >= 0x80 {
					continue // no ASCII byte is in this range
				}
				for c := lo; c <= min(hi, 0x7f); c++ {
					class[c/64] |= 1 << (c % 64)
				}
			}
			steps = append(steps, &class)
			return true
		}
		return false
	}
	for _, sub := range re.Sub[1 : len(re.Sub)-1] {
		if !walk(sub) {
			return nil, false
		}
	}
	return steps, true
}

// match is p.re.MatchString(s).
func (p *pattern) match(s string) bool {
	if p.fixed != nil && isASCII(s) { // one byte per step
		if len(s) != len(p.fixed) {
			return false
		}
		for i := 0; i < len(s); i++ {
			if c := s[i]; p.fixed[i][c/64]&(1<<(c%64)) == 0 {
				return false
			}
		}
		return true
	}
	if last := p.last.Load(); last != nil && *last == s {
		return true
	}
	if !p.re.MatchString(s) {
		return false
	}
	keep := strings.Clone(s) // s may be a view of a body that is reused
	p.last.Store(&keep)      // (a copy, so that s itself stays off the heap)
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
