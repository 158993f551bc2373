package contracts

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Case is one generated request for one operation: the valid one, or a
// variant of it that breaks one rule of the contract.
type Case struct {
	Contract  string `json:"contract"`
	Operation string `json:"operation"`
	Name      string `json:"name"` // "valid", "missing query.module", ...
	// Valid says the request keeps the contract; an invalid case names the
	// Rule it breaks ("parameter", "body", "content-type", "size", "method").
	Valid bool   `json:"valid"`
	Rule  string `json:"rule,omitempty"`

	Method string            `json:"method"`
	Path   string            `json:"path"` // the contract's path template
	Params map[string]string `json:"path_params,omitempty"`
	// RawQuery is sent as is, so a case can break the encoding.
	RawQuery    string      `json:"query,omitempty"`
	Header      http.Header `json:"headers,omitempty"`
	ContentType string      `json:"content_type,omitempty"`
	Body        []byte      `json:"body,omitempty"`
	// Unset names the headers a case removes, credentials included.
	Unset []string `json:"unset,omitempty"`
}

// URLPath is the case's path with its parameters filled in and escaped.
func (k Case) URLPath() string {
	p := k.Path
	for name, v := range k.Params {
		p = strings.ReplaceAll(p, "{"+name+"}", url.PathEscape(v))
	}
	return p
}

// Request builds the case's request against base (a URL whose path, if
// any, is a prefix such as "/dc/eu"), with extra headers (credentials)
// under the case's own.
func (k Case) Request(ctx context.Context, base string, extra http.Header) (*http.Request, error) {
	target := strings.TrimRight(base, "/") + k.URLPath()
	if k.RawQuery != "" {
		target += "?" + k.RawQuery
	}
	var body io.Reader
	if k.Body != nil {
		body = bytes.NewReader(k.Body)
	}
	r, err := http.NewRequestWithContext(ctx, k.Method, target, body)
	if err != nil {
		return nil, err
	}
	for name, vs := range extra {
		r.Header[http.CanonicalHeaderKey(name)] = slices.Clone(vs)
	}
	for name, vs := range k.Header {
		r.Header[http.CanonicalHeaderKey(name)] = slices.Clone(vs)
	}
	for _, name := range k.Unset {
		r.Header.Del(name)
	}
	if k.ContentType != "" {
		r.Header.Set("Content-Type", k.ContentType)
	}
	return r, nil
}

// specOp is one operation of a contract with its merged parameters.
type specOp struct {
	contract *Contract
	method   string
	path     string
	op       *openapi3.Operation
	params   []*openapi3.Parameter
}

// operations lists the contract's operations in a stable order: by path
// as the contract matches them, then by method.
func (c *Contract) operations() []specOp {
	var out []specOp
	for _, path := range c.Doc.Paths.InMatchingOrder() {
		item := c.Doc.Paths.Value(path)
		ops := item.Operations()
		methods := make([]string, 0, len(ops))
		for m := range ops {
			methods = append(methods, m)
		}
		sort.Strings(methods)
		for _, m := range methods {
			op := ops[m]
			out = append(out, specOp{contract: c, method: m, path: path, op: op, params: mergeParams(item.Parameters, op.Parameters)})
		}
	}
	return out
}

// mergeParams is the path item's parameters overridden by the operation's.
func mergeParams(item, op openapi3.Parameters) []*openapi3.Parameter {
	var out []*openapi3.Parameter
	seen := map[string]int{}
	for _, list := range []openapi3.Parameters{item, op} {
		for _, ref := range list {
			if ref == nil || ref.Value == nil {
				continue
			}
			key := ref.Value.In + "." + ref.Value.Name
			if i, ok := seen[key]; ok {
				out[i] = ref.Value
				continue
			}
			seen[key] = len(out)
			out = append(out, ref.Value)
		}
	}
	return out
}

// paramValue is a parameter's value in a valid request: the caller's,
// else the contract's example, else one generated from its schema.
func paramValue(p *openapi3.Parameter, values map[string]string) (string, bool) {
	if v, ok := values[p.Name]; ok {
		return v, true
	}
	if p.Example != nil {
		return wireValue(p.Example), true
	}
	for _, name := range sortedKeys(p.Examples) {
		if ex := p.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			return wireValue(ex.Value.Value), true
		}
	}
	if p.Schema == nil {
		return "sample", true
	}
	v, ok := sample(p.Schema, 0)
	if !ok {
		return "", false
	}
	return wireValue(v), true
}

// wireValue spells a sampled value as a parameter (arrays comma-joined,
// the form style without explode that the contracts use for lists).
func wireValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = wireValue(e)
		}
		return strings.Join(parts, ",")
	case nil:
		return ""
	default:
		if b, err := json.Marshal(x); err == nil && (strings.HasPrefix(string(b), "{")) {
			return string(b)
		}
		return fmt.Sprint(x)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// CheckCase judges a case's request as the provider would see it arrive
// (without a base path prefix). An oversized body is judged by its size
// alone, a rule of the vendors' rather than of the schemas: it is replaced
// by an empty object for the rest of the check, so that a schema error
// does not quote megabytes.
func (c *Contract) CheckCase(ctx context.Context, k Case, extra http.Header) (*Exchange, error) {
	oversized := k.Rule == "size"
	if oversized {
		k.Body = []byte("{}")
	}
	r, err := k.Request(ctx, "http://contract.invalid", extra)
	if err != nil {
		return nil, err
	}
	x := c.CheckRequest(ctx, r)
	if oversized {
		x.verdict.Violations = append(x.verdict.Violations, Violation{Side: Request, Rule: "size",
			Message: fmt.Sprintf("a body of %d bytes, over the vendors' limits", OversizeBody)})
	}
	return x, nil
}
