package contracts

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

var requestOptions = &openapi3filter.Options{
	MultiError: true,
	// Services answer auth failures in their vendor's envelope themselves;
	// the contract only declares which credentials an operation takes.
	AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
	SkipSettingDefaults: true,
}

var responseOptions = &openapi3filter.Options{
	MultiError:            true,
	IncludeResponseStatus: true, // an undeclared status is a violation
}

// Exchanges are judged twice only when they break a rule: first fail-fast,
// with the same rules, stopping at the first broken one without building
// its error (oneOf alternatives that do not match cost little); then, only
// if that rejects, in full, so the verdict lists every violation as before.
var (
	requestFailFast  = failFast(requestOptions)
	responseFailFast = failFast(responseOptions)
	// A request without a query string has none of the query parameters:
	// unless one is required, checking each of them is no check at all.
	requestNoQuery         = noQuery(requestOptions)
	requestFailFastNoQuery = noQuery(requestFailFast)
)

func failFast(o *openapi3filter.Options) *openapi3filter.Options {
	fast := *o
	fast.MultiError = false
	fast.SchemaValidationOptions = append(slices.Clip(o.SchemaValidationOptions), openapi3.FailFast())
	return &fast
}

func noQuery(o *openapi3filter.Options) *openapi3filter.Options {
	q := *o
	q.ExcludeRequestQueryParams = true
	return &q
}

// Exchange is one request being judged; its response is judged later.
type Exchange struct {
	contract *Contract
	input    *openapi3filter.RequestValidationInput // nil, or &in
	in       openapi3filter.RequestValidationInput  // one allocation with x
	verdict  Verdict
	unknown  bool // no contract describes the request (Begin)
}

// Operation returns the operationId the request matched, or "".
func (x *Exchange) Operation() string { return x.verdict.Operation }

// Verdict returns the judgement so far.
func (x *Exchange) Verdict() Verdict { return x.verdict }

// CheckRequest finds r's operation and validates the request. A body it
// reads is put back, so the handler still sees it.
func (c *Contract) CheckRequest(ctx context.Context, r *http.Request) *Exchange {
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		b, err := io.ReadAll(r.Body)
		_ = r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(b))
		if err != nil { // judged as read so far, by kin-openapi alone
			return c.check(ctx, r, b, false)
		}
		body = b
	}
	return c.check(ctx, r, body, true)
}

// CheckRequestBody is CheckRequest for a request whose body the caller
// has read already: body is what r.Body yields (nil for none), which it
// may have consumed once CheckRequestBody returns.
func (c *Contract) CheckRequestBody(ctx context.Context, r *http.Request, body []byte) *Exchange {
	return c.check(ctx, r, body, true)
}

// check validates r, whose body is body; whole says the body was read to
// its end (a request cut short is judged by kin-openapi alone).
func (c *Contract) check(ctx context.Context, r *http.Request, body []byte, whole bool) *Exchange {
	x := &Exchange{contract: c, verdict: Verdict{Contract: c.Name}}
	route, params, err := c.routeOf(r) // fastrequest.go
	if err != nil {
		msg := "no operation for " + r.Method + " " + r.URL.Path
		if errors.Is(err, routers.ErrMethodNotAllowed) {
			msg = "method " + r.Method + " not allowed on " + r.URL.Path
		}
		x.verdict.Violations = append(x.verdict.Violations, Violation{Side: Request, Rule: "route", Message: msg})
		return x
	}
	x.verdict.Operation = route.Operation.OperationID
	query := r.URL.RawQuery != "" || requiresQuery(route)
	fast, full := requestFailFast, requestOptions
	if !query {
		fast, full = requestFailFastNoQuery, requestNoQuery
	}
	x.in = openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: route, Options: fast,
	}
	x.input = &x.in
	var key requestKey
	keyed := false
	if whole { // a body cut short is never remembered
		key, keyed = requestKeyOf(route, r, body) // fastrequest.go
	}
	if keyed && requestKnown(key) {
		x.input.Options = full
		return x
	}
	if whole && c.surelyValidBody(route, r.Header, body) {
		// The body by the fast path, the rest (security, parameters) by
		// kin-openapi; either in doubt, the whole request by kin-openapi.
		x.input.Options = requestHeadOnly[query]
		if openapi3filter.ValidateRequest(ctx, x.input) == nil {
			x.input.Options = full
			if keyed {
				rememberRequest(key)
			}
			return x
		}
		x.input.Options = fast
	}
	rewind(r, body)
	err = openapi3filter.ValidateRequest(ctx, x.input)
	x.input.Options = full
	if err == nil {
		if keyed {
			rememberRequest(key)
		}
		return x
	}
	rewind(r, body)
	err = openapi3filter.ValidateRequest(ctx, x.input)
	x.verdict.Violations = append(x.verdict.Violations, violations(Request, err)...)
	return x
}

// rewind gives r a body reader over body from its start, for kin-openapi
// to read (again).
func rewind(r *http.Request, body []byte) {
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
}

// requestHeadOnly validates all but the body, by whether the query
// parameters are checked.
var requestHeadOnly = map[bool]*openapi3filter.Options{
	true:  excludeBody(requestFailFast),
	false: excludeBody(requestFailFastNoQuery),
}

func excludeBody(o *openapi3filter.Options) *openapi3filter.Options {
	b := *o
	b.ExcludeRequestBody = true
	return &b
}

// requiresQuery reports whether route's operation has a required query
// parameter (or one it cannot tell about).
func requiresQuery(route *routers.Route) bool {
	for _, params := range []openapi3.Parameters{route.Operation.Parameters, route.PathItem.Parameters} {
		for _, p := range params {
			if p == nil || p.Value == nil || p.Value.In == openapi3.ParameterInQuery && p.Value.Required {
				return true
			}
		}
	}
	return false
}

// CheckResponse validates the response to the exchange's request.
func (x *Exchange) CheckResponse(ctx context.Context, status int, header http.Header, body []byte) Verdict {
	if x.input == nil {
		return x.verdict // no operation: nothing to check a response against
	}
	check := func(o *openapi3filter.Options) error {
		return openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
			RequestValidationInput: x.input,
			Status:                 status,
			Header:                 header,
			Body:                   io.NopCloser(bytes.NewReader(body)),
			Options:                o,
		})
	}
	if x.contract.surelyValid(x.input.Route, x.input.Request.Method, status, header, body) {
		return x.verdict
	}
	if check(responseFailFast) == nil {
		return x.verdict
	}
	err := check(responseOptions)
	x.verdict.Violations = append(x.verdict.Violations, violations(Response, err)...)
	return x.verdict
}
