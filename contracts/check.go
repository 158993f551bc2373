package contracts

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"

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

// Exchange is one request being judged; its response is judged later.
type Exchange struct {
	contract *Contract
	input    *openapi3filter.RequestValidationInput
	verdict  Verdict
}

// Operation returns the operationId the request matched, or "".
func (x *Exchange) Operation() string { return x.verdict.Operation }

// Verdict returns the judgement so far.
func (x *Exchange) Verdict() Verdict { return x.verdict }

// CheckRequest finds r's operation and validates the request. A body it
// reads is put back, so the handler still sees it.
func (c *Contract) CheckRequest(ctx context.Context, r *http.Request) *Exchange {
	x := &Exchange{contract: c, verdict: Verdict{Contract: c.Name}}
	route, params, err := c.router.FindRoute(r)
	if err != nil {
		msg := "no operation for " + r.Method + " " + r.URL.Path
		if errors.Is(err, routers.ErrMethodNotAllowed) {
			msg = "method " + r.Method + " not allowed on " + r.URL.Path
		}
		x.verdict.Violations = append(x.verdict.Violations, Violation{Side: Request, Rule: "route", Message: msg})
		return x
	}
	x.verdict.Operation = route.Operation.OperationID
	x.input = &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: route, Options: requestOptions,
	}
	err = openapi3filter.ValidateRequest(ctx, x.input)
	x.verdict.Violations = append(x.verdict.Violations, violations(Request, err)...)
	return x
}

// CheckResponse validates the response to the exchange's request.
func (x *Exchange) CheckResponse(ctx context.Context, status int, header http.Header, body []byte) Verdict {
	if x.input == nil {
		return x.verdict // no operation: nothing to check a response against
	}
	err := openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: x.input,
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                responseOptions,
	})
	x.verdict.Violations = append(x.verdict.Violations, violations(Response, err)...)
	return x.verdict
}
