package contracts

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// variants derives the invalid cases from the valid parts, each breaking
// one rule.
func (op specOp) variants(v valid) []Case {
	var out []Case
	for _, p := range op.params {
		where := p.In + "." + p.Name
		if p.Required && p.In != openapi3.ParameterInPath {
			m := v.clone()
			m.query = withoutKey(m.query, p.Name)
			delete(m.header, p.Name)
			k := op.build(m, "missing "+where)
			if p.In == openapi3.ParameterInHeader {
				k.Unset = append(k.Unset, p.Name)
			}
			out = append(out, invalid(k, "parameter"))
		}
		for _, bad := range badValues(p.Schema, p.In != openapi3.ParameterInQuery) {
			m := v.clone()
			switch p.In {
			case openapi3.ParameterInPath:
				m.path[p.Name] = bad.value
			case openapi3.ParameterInQuery:
				m.query = append(withoutKey(m.query, p.Name), [2]string{p.Name, bad.value})
			case openapi3.ParameterInHeader:
				m.header[p.Name] = bad.value
			default:
				continue
			}
			out = append(out, invalid(op.build(m, bad.label+" "+where), "parameter"))
		}
	}
	return append(out, op.bodyVariants(v)...)
}

func invalid(k Case, rule string) Case {
	k.Valid, k.Rule = false, rule
	return k
}

func withoutKey(q [][2]string, name string) [][2]string {
	out := q[:0:0]
	for _, kv := range q {
		if kv[0] != name {
			out = append(out, kv)
		}
	}
	return out
}

type badValue struct{ label, value string }

// patternProbes are tried in turn against a pattern for a value it rejects.
var patternProbes = []string{"", "!", "zz zz", "{}", "-1", "0"}

// badValues are values a schema rejects: wrong-typed, out of range, out of
// its enum or pattern, too long or too short; never empty when noEmpty (in
// a path an empty segment routes elsewhere; an empty header is no header).
func badValues(ref *openapi3.SchemaRef, noEmpty bool) []badValue {
	if ref == nil || ref.Value == nil {
		return nil
	}
	s := ref.Value
	var out []badValue
	switch {
	case s.Type.Is(openapi3.TypeInteger) || s.Type.Is(openapi3.TypeNumber):
		out = append(out, badValue{"wrong-typed", "not-a-number"})
		if s.Type.Is(openapi3.TypeInteger) {
			out = append(out, badValue{"wrong-typed", "1.5"})
		}
		if s.Min != nil {
			out = append(out, badValue{"below minimum", strconv.FormatFloat(*s.Min-1, 'f', -1, 64)})
		}
		if s.Max != nil {
			out = append(out, badValue{"above maximum", strconv.FormatFloat(*s.Max+1, 'f', -1, 64)})
		}
	case s.Type.Is(openapi3.TypeBoolean):
		out = append(out, badValue{"wrong-typed", "maybe"})
	case s.Type.Is(openapi3.TypeArray):
		for _, b := range badValues(s.Items, noEmpty) {
			out = append(out, badValue{b.label + " item", b.value})
		}
	case s.Type.Is(openapi3.TypeString):
		if len(s.Enum) > 0 {
			out = append(out, badValue{"not in enum", "zz-not-in-enum"})
		}
		if s.Pattern != "" {
			if re, err := regexp.Compile(s.Pattern); err == nil {
				for _, probe := range patternProbes {
					if !re.MatchString(probe) && (probe != "" || !noEmpty) {
						out = append(out, badValue{"outside pattern", probe})
						break
					}
				}
			}
		}
		if _, ok := formatSamples[s.Format]; ok && s.Format != "" {
			out = append(out, badValue{"wrong format", "not-a-" + s.Format})
		}
		if s.MaxLength != nil && *s.MaxLength < 1<<16 {
			out = append(out, badValue{"too long", strings.Repeat("x", int(*s.MaxLength)+1)})
		}
		if s.MinLength > 0 && !noEmpty {
			out = append(out, badValue{"too short", ""})
		}
	}
	return out
}

// bodyVariants break the request body: missing, wrong content type,
// malformed, wrong-typed, without a required property, oversized.
func (op specOp) bodyVariants(v valid) []Case {
	rb := op.requestBody()
	if rb == nil {
		return nil
	}
	var out []Case
	if rb.Required {
		m := v.clone()
		m.ct, m.body = "", nil
		k := op.build(m, "missing body")
		k.ContentType = v.ct
		k.Body = []byte{}
		out = append(out, invalid(k, "body"))
	}
	if v.ct == "" {
		return out
	}
	k := op.build(v, "wrong content type")
	k.ContentType = "text/plain"
	out = append(out, invalid(k, "content-type"))

	if v.ct == "application/json" {
		k = op.build(v, "malformed JSON body")
		k.Body = []byte(`{"`)
		out = append(out, invalid(k, "body"))
		k = op.build(v, "wrong-typed body")
		k.Body = []byte(`"not an object"`)
		if _, isArr := v.body.([]any); !isArr {
			k.Body = []byte(`[]`)
		}
		out = append(out, invalid(k, "body"))
		k = op.build(v, "invalid UTF-8 in body")
		k.Body = []byte("{\"\xff\xfe\":\"\xc3\x28\"}")
		out = append(out, invalid(k, "body"))
	} else {
		k = op.build(v, "broken form encoding")
		k.Body = append([]byte("%zz&"), k.Body...)
		out = append(out, invalid(k, "body"))
	}
	if obj, ok := v.body.(map[string]any); ok {
		for _, name := range requiredProps(rb, v.ct) {
			if _, present := obj[name]; !present {
				continue
			}
			m := v.clone()
			trimmed := map[string]any{}
			for key, x := range obj {
				if key != name {
					trimmed[key] = x
				}
			}
			m.body = trimmed
			out = append(out, invalid(op.build(m, "missing body property "+name), "body"))
		}
	}
	k = op.build(v, "oversized body")
	if v.ct == "application/json" {
		k.Body = []byte(`{"pad":"` + strings.Repeat("x", OversizeBody) + `"}`)
	} else {
		k.Body = []byte("pad=" + strings.Repeat("x", OversizeBody))
	}
	out = append(out, invalid(k, "size"))
	return out
}

// maxPropertyVariants bounds the missing-property variants per operation.
const maxPropertyVariants = 6

func requiredProps(rb *openapi3.RequestBody, ct string) []string {
	m := rb.Content.Get(ct)
	if m == nil || m.Schema == nil || m.Schema.Value == nil {
		return nil
	}
	req := m.Schema.Value.Required
	if len(req) > maxPropertyVariants {
		req = req[:maxPropertyVariants]
	}
	return req
}
