package contracts

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Verdict is the judgement of one exchange under one contract.
type Verdict struct {
	Contract   string      `json:"contract"`
	Operation  string      `json:"operation,omitempty"` // operationId; empty when none matched
	Violations []Violation `json:"violations,omitempty"`
}

// OK reports whether the exchange broke no rule.
func (v Verdict) OK() bool { return len(v.Violations) == 0 }

// Violation is one broken rule.
type Violation struct {
	Side    Side   `json:"side"`
	Rule    string `json:"rule"`            // e.g. "parameter", "body", "status", "route"
	Where   string `json:"where,omitempty"` // parameter name or JSON path
	Message string `json:"message"`
}

// Side says who broke the rule: the client (request) or the provider (response).
type Side string

const (
	Request  Side = "request"
	Response Side = "response"
)

func (v Violation) String() string {
	where := ""
	if v.Where != "" {
		where = " " + v.Where
	}
	return fmt.Sprintf("%s %s%s: %s", v.Side, v.Rule, where, v.Message)
}

// Summary is a one-line account of the verdict for test failures and logs.
func (v Verdict) Summary() string {
	if v.OK() {
		return v.Contract + "/" + v.Operation + ": ok"
	}
	parts := make([]string, len(v.Violations))
	for i, x := range v.Violations {
		parts[i] = x.String()
	}
	return v.Contract + "/" + v.Operation + ": " + strings.Join(parts, "; ")
}

// violations flattens a kin-openapi validation error into rules.
func violations(side Side, err error) []Violation {
	if err == nil {
		return nil
	}
	// Flatten only a top-level MultiError: one wrapped inside a RequestError
	// belongs to that parameter, which must keep its name.
	if multi, ok := err.(openapi3.MultiError); ok {
		var out []Violation
		for _, e := range multi {
			out = append(out, violations(side, e)...)
		}
		return out
	}
	// The message is built only as needed: a schema error's Error()
	// quotes the value it rejects, indented, which for a large body costs
	// more than the whole check.
	v := Violation{Side: side, Rule: "body"}
	var reqErr *openapi3filter.RequestError
	var respErr *openapi3filter.ResponseError
	var secErr *openapi3filter.SecurityRequirementsError
	var schemaErr *openapi3.SchemaError
	isSchema := errors.As(err, &schemaErr)
	switch {
	case errors.As(err, &reqErr) && reqErr.Parameter != nil:
		v.Rule, v.Where = "parameter", reqErr.Parameter.In+"."+reqErr.Parameter.Name
		if isSchema {
			break
		}
		v.Message = reqErr.Reason
		if reqErr.Err != nil && !strings.Contains(reqErr.Err.Error(), reqErr.Reason) {
			v.Message = strings.TrimSpace(v.Message + " " + firstLine(reqErr.Err.Error()))
		} else if reqErr.Err != nil {
			v.Message = firstLine(reqErr.Err.Error())
		}
	case errors.As(err, &secErr):
		v.Rule = "security"
	case errors.As(err, &respErr) && isStatusError(respErr.Reason):
		v.Rule, v.Message = "status", respErr.Reason
	}
	if isSchema {
		if p := schemaErr.JSONPointer(); len(p) > 0 {
			v.Where = "/" + strings.Join(p, "/")
		}
		v.Message = schemaErr.Reason
	} else if v.Message == "" {
		v.Message = err.Error()
	}
	v.Message = firstLine(v.Message)
	return []Violation{v}
}

// isStatusError recognises kin-openapi's complaint about an undeclared
// status ("status is not supported" in v0.153).
func isStatusError(reason string) bool {
	return strings.Contains(reason, "status is not supported") || strings.Contains(reason, "status code")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
