package contracts

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// OversizeBody is the size of the oversized body the generated cases send:
// over every vendor's limit the contracts record (Zoho and Adobe refuse
// far smaller bodies; the emulator's front door stops at 1 MiB).
const OversizeBody = 2<<20 + 1

// CaseSet is the generated requests of one operation.
type CaseSet struct {
	Contract  string
	Operation string
	Method    string
	Path      string
	// Valid is the request that keeps the contract, nil when none could be
	// generated (Reason says why).
	Valid   *Case
	Reason  string
	Invalid []Case
}

// Cases generates, for every operation of the contract, a valid request
// and variants that each break one rule: a missing required parameter, a
// wrong-typed or out-of-range value, a value outside an enum or pattern,
// a missing, malformed or wrong-typed body, a wrong content type, an
// oversized body. values are valid parameter values by name, preferred to
// generated ones (a module name, an API key). Variants the contract does
// not in fact reject are left out by the caller (see Verify).
func (c *Contract) Cases(values map[string]string) []CaseSet {
	var out []CaseSet
	for _, op := range c.operations() {
		out = append(out, op.cases(values))
	}
	return out
}

// valid is an operation's valid request in parts, which variants change.
type valid struct {
	path   map[string]string
	query  [][2]string
	header map[string]string
	ct     string
	body   any // the decoded body; nil when none
}

func (op specOp) cases(values map[string]string) CaseSet {
	set := CaseSet{Contract: op.contract.Name, Operation: op.op.OperationID, Method: op.method, Path: op.path}
	v, err := op.valid(values)
	if err != nil {
		set.Reason = err.Error()
		return set
	}
	k := op.build(v, "valid")
	k.Valid = true
	set.Valid = &k
	set.Invalid = op.variants(v)
	return set
}

func (op specOp) valid(values map[string]string) (valid, error) {
	v := valid{path: map[string]string{}, header: map[string]string{}}
	for _, p := range op.params {
		_, given := values[p.Name]
		if !p.Required && !given {
			continue
		}
		s, ok := paramValue(p, values)
		if !ok {
			return v, fmt.Errorf("no valid value for %s.%s", p.In, p.Name)
		}
		switch p.In {
		case openapi3.ParameterInPath:
			v.path[p.Name] = s
		case openapi3.ParameterInQuery:
			v.query = append(v.query, [2]string{p.Name, s})
		case openapi3.ParameterInHeader:
			v.header[p.Name] = s
		}
	}
	rb := op.requestBody()
	if rb == nil {
		return v, nil
	}
	ct, media := pickMedia(rb)
	if media == nil {
		return v, fmt.Errorf("no media type to generate a body for")
	}
	body, ok := mediaSample(media)
	if !ok {
		return v, fmt.Errorf("no valid %s body", ct)
	}
	v.ct, v.body = ct, body
	return v, nil
}

func (op specOp) requestBody() *openapi3.RequestBody {
	if op.op.RequestBody == nil {
		return nil
	}
	return op.op.RequestBody.Value
}

// pickMedia prefers JSON, then a URL-encoded form.
func pickMedia(rb *openapi3.RequestBody) (string, *openapi3.MediaType) {
	for _, ct := range []string{"application/json", "application/x-www-form-urlencoded"} {
		if m := rb.Content.Get(ct); m != nil {
			return ct, m
		}
	}
	return "", nil
}

func mediaSample(m *openapi3.MediaType) (any, bool) {
	if m.Example != nil {
		return m.Example, true
	}
	for _, name := range sortedKeys(m.Examples) {
		if ex := m.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			return ex.Value.Value, true
		}
	}
	return sample(m.Schema, 0)
}

// build turns the parts into a case.
func (op specOp) build(v valid, name string) Case {
	k := Case{
		Contract: op.contract.Name, Operation: op.op.OperationID, Name: name,
		Method: op.method, Path: op.path, Params: v.path, Header: http.Header{},
	}
	q := url.Values{}
	var raw []string
	for _, kv := range v.query {
		q.Add(kv[0], kv[1])
		raw = append(raw, url.QueryEscape(kv[0])+"="+url.QueryEscape(kv[1]))
	}
	k.RawQuery = strings.Join(raw, "&")
	for name, s := range v.header {
		k.Header.Set(name, s)
	}
	if v.ct != "" {
		k.ContentType = v.ct
		k.Body = encodeBody(v.ct, v.body)
	}
	return k
}

// encodeBody spells a decoded body in its media type.
func encodeBody(ct string, body any) []byte {
	if ct == "application/x-www-form-urlencoded" {
		form := url.Values{}
		if obj, ok := body.(map[string]any); ok {
			for _, key := range sortedKeys(obj) {
				form.Set(key, wireValue(obj[key]))
			}
		}
		return []byte(form.Encode())
	}
	b, err := json.Marshal(body)
	if err != nil {
		return []byte("{}")
	}
	return b
}

// clone copies the parts so that a variant changes its own.
func (v valid) clone() valid {
	c := valid{path: map[string]string{}, header: map[string]string{}, ct: v.ct, body: v.body}
	for k, s := range v.path {
		c.path[k] = s
	}
	for k, s := range v.header {
		c.header[k] = s
	}
	c.query = append([][2]string(nil), v.query...)
	return c
}
