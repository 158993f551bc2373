package contracts

import (
	"fmt"
	"regexp/syntax"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// sample returns a value valid under schema: its example, default or first
// enum value when it has one, otherwise one built from its type and
// constraints. Generation is deterministic; the caller checks the result
// against the schema (a pattern or a combination may defeat it).
func sample(ref *openapi3.SchemaRef, depth int) (any, bool) {
	if ref == nil || ref.Value == nil {
		return "x", true
	}
	s := ref.Value
	switch {
	case s.Example != nil:
		return s.Example, true
	case s.Default != nil:
		return s.Default, true
	case len(s.Enum) > 0:
		return s.Enum[0], true
	}
	if depth > 12 {
		return nil, false
	}
	if len(s.AllOf) > 0 {
		merged := map[string]any{}
		for _, part := range s.AllOf {
			v, ok := sample(part, depth+1)
			obj, isObj := v.(map[string]any)
			if !ok || !isObj {
				return v, ok
			}
			for k, x := range obj {
				merged[k] = x
			}
		}
		return merged, true
	}
	for _, alts := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		for _, alt := range alts {
			if v, ok := sample(alt, depth+1); ok && alt.Value.VisitJSON(v) == nil {
				return v, true
			}
		}
	}
	switch {
	case s.Type.Is(openapi3.TypeObject) || s.Type == nil && len(s.Properties) > 0:
		obj := map[string]any{}
		for _, name := range s.Required {
			v, ok := sample(s.Properties[name], depth+1)
			if !ok {
				return nil, false
			}
			obj[name] = v
		}
		return obj, true
	case s.Type.Is(openapi3.TypeArray):
		n := max(int(s.MinItems), 1)
		arr := make([]any, 0, n)
		for range n {
			v, ok := sample(s.Items, depth+1)
			if !ok {
				return nil, false
			}
			arr = append(arr, v)
		}
		return arr, true
	case s.Type.Is(openapi3.TypeInteger):
		return float64(intSample(s)), true
	case s.Type.Is(openapi3.TypeNumber):
		return float64(intSample(s)), true
	case s.Type.Is(openapi3.TypeBoolean):
		return true, true
	case s.Type.Is(openapi3.TypeString) || s.Type == nil:
		return stringSample(s), true
	}
	return nil, false
}

func intSample(s *openapi3.Schema) int64 {
	n := int64(1)
	if s.Min != nil && float64(n) < *s.Min {
		n = int64(*s.Min)
		if b := s.ExclusiveMin.Bool; b != nil && *b {
			n++
		}
	}
	if s.Max != nil && float64(n) > *s.Max {
		n = int64(*s.Max)
	}
	return n
}

// formatSamples are values for the string formats the contracts use.
var formatSamples = map[string]string{
	"date-time": "2026-01-01T00:00:00Z",
	"date":      "2026-01-01",
	"email":     "someone@example.invalid",
	"uri":       "http://127.0.0.1:8000/callback",
	"url":       "http://127.0.0.1:8000/callback",
	"uuid":      "00000000-0000-4000-8000-000000000000",
	"ipv4":      "127.0.0.1",
	"ipv6":      "::1",
}

func stringSample(s *openapi3.Schema) string {
	v := "sample"
	if f, ok := formatSamples[s.Format]; ok {
		v = f
	} else if s.Pattern != "" {
		if p, err := fromPattern(s.Pattern); err == nil {
			v = p
		}
	}
	if n := int(s.MinLength); len(v) < n {
		v += strings.Repeat("x", n-len(v))
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

// fromPattern builds the simplest string a regular expression matches:
// first alternatives, fewest repetitions (one for +), first characters.
func fromPattern(pattern string) (string, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := walkPattern(&b, re.Simplify(), 0); err != nil {
		return "", err
	}
	return b.String(), nil
}

func walkPattern(b *strings.Builder, re *syntax.Regexp, depth int) error {
	if depth > 50 || b.Len() > 4096 {
		return fmt.Errorf("pattern too deep")
	}
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return fmt.Errorf("empty class")
		}
		b.WriteRune(pickRune(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('x')
	case syntax.OpCapture:
		return walkPattern(b, re.Sub[0], depth+1)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if err := walkPattern(b, sub, depth+1); err != nil {
				return err
			}
		}
	case syntax.OpAlternate:
		return walkPattern(b, re.Sub[0], depth+1)
	case syntax.OpPlus:
		return walkPattern(b, re.Sub[0], depth+1)
	case syntax.OpRepeat:
		for range max(re.Min, 0) {
			if err := walkPattern(b, re.Sub[0], depth+1); err != nil {
				return err
			}
		}
	case syntax.OpStar, syntax.OpQuest, syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
	default:
		return fmt.Errorf("pattern op %v", re.Op)
	}
	return nil
}

// pickRune prefers a letter or digit from a class's ranges, so that a
// sample reads as a plausible value.
func pickRune(ranges []rune) rune {
	for i := 0; i+1 < len(ranges); i += 2 {
		for _, want := range []rune{'a', 'A', '1', '0'} {
			if ranges[i] <= want && want <= ranges[i+1] {
				return want
			}
		}
	}
	return ranges[0]
}
