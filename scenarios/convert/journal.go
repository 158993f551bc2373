package convert

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/zohoaep/zohoaep/scenarios"
)

// protocolParams keep their recorded value in a check: they say what the
// client asked for, and are no secret and no dynamic value.
var protocolParams = map[string]bool{"grant_type": true, "access_type": true, "prompt": true, "response_type": true}

// secretParams must stay out of query strings (a proxy's access log keeps
// them); a check says so where the recorded client kept them out.
var secretParams = []string{"client_secret", "refresh_token", "code", "access_token", "password", "client_assertion", "code_verifier"}

// gatewayHeaders are the headers every Platform call carries.
var gatewayHeaders = []string{"Authorization", "x-api-key", "x-gw-ims-org-id", "x-sandbox-name"}

// callKey groups calls for checks: service, operation and, at the token
// endpoint, the grant type.
type callKey struct{ service, op, grant string }

func (k callKey) String() string {
	s := k.service
	if k.op != "" {
		s += "/" + k.op
	}
	if k.grant != "" {
		s += " (grant_type=" + k.grant + ")"
	}
	return s
}

func (k callKey) match() scenarios.Match {
	m := scenarios.Match{Service: k.service, Operation: k.op}
	if k.grant != "" {
		m.Params = map[string]string{"grant_type": k.grant}
	}
	return m
}

func ptr(n int) *int { return &n }

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// journalOf derives the checks over the calls a client makes: for each
// kind of call the recorded client made, how many (at least one; at most
// as many as recorded at the token endpoint and where an answer was an
// error, and one more per 5xx met; twice as many elsewhere), the parameters every such call carried
// (by presence; protocol parameters by value), the secrets it kept out of
// the query string, and the headers every Platform or CRM call carried.
func journalOf(calls []call, secrets []string) []scenarios.Check {
	var order []callKey
	groups := map[callKey][]call{}
	for _, c := range calls {
		if c.op == "" {
			continue // no operation to count by: a service-wide match would count the others too
		}
		k := callKey{service: c.service, op: c.op}
		if c.service == "zoho-accounts" && c.op == "token" {
			k.grant = c.grant()
			if leaks(k.grant, secrets) {
				k.grant = "*"
			}
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], c)
	}
	var out []scenarios.Check
	for _, k := range order {
		cs := groups[k]
		n := len(cs)
		bound := 2 * n
		if k.op == "token" || slices.ContainsFunc(cs, func(c call) bool { return c.failed }) {
			// Exact, but for retries after a 5xx: one more allowed per
			// outage met (a client may retry once more than the recorded).
			bound = n
			for _, c := range cs {
				if c.x.Response.Status >= 500 {
					bound++
				}
			}
		}
		out = append(out, scenarios.Check{Name: "calls to " + k.String(), Match: k.match(), Min: ptr(1), Max: ptr(bound),
			Says: fmt.Sprintf("The recorded client made %s; this client made none, or more than %d (a retry or refresh storm).", plural(n, "such call"), bound)})
		if p := commonParams(cs, secrets); len(p) > len(k.match().Params) {
			m := k.match()
			m.Params = p
			out = append(out, scenarios.Check{Name: "parameters of " + k.String(), Match: m, Min: ptr(n),
				Says: fmt.Sprintf("Every recorded call carried %s; this client's did not.", describeParams(p))})
		}
		if absent := keptOutOfQuery(cs); len(absent) > 0 {
			out = append(out, scenarios.Check{Name: "no secret in the query of " + k.String(), Match: k.match(),
				Each: &scenarios.Each{QueryAbsent: absent},
				Says: "The client put a secret in the query string, where every proxy's access log keeps it."})
		}
	}
	if dc := tokenDC(calls); dc != "" {
		out = append(out, scenarios.Check{Name: "token calls in the user's data centre", Match: scenarios.Match{Service: "zoho-accounts", Operation: "token"},
			Min: ptr(1), Each: &scenarios.Each{DC: dc},
			Says: "The recorded client called the accounts server of the user's data centre (" + dc + "), as the redirect's accounts-server said; this client did not."})
	}
	for _, service := range []string{"flow-service", "zoho-crm"} {
		if each := headersOf(calls, service); each != nil {
			out = append(out, scenarios.Check{Name: "headers of every " + service + " call", Match: scenarios.Match{Service: service}, Min: ptr(1), Each: each,
				Says: "The client left out a header every recorded call to " + service + " carried."})
		}
	}
	return out
}

// commonParams are the parameters every call carried: protocol ones by
// value when it was always the same, the rest by presence.
func commonParams(cs []call, secrets []string) map[string]string {
	out := map[string]string{}
	for name, v := range cs[0].params() {
		value := "*"
		if protocolParams[name] && len(v) > 0 && !leaks(v[0], secrets) {
			value = v[0]
		}
		for _, c := range cs[1:] {
			got, ok := c.params()[name]
			if !ok {
				value = ""
				break
			}
			if value != "*" && (len(got) == 0 || got[0] != value) {
				value = "*"
			}
		}
		if value != "" {
			out[name] = value
		}
	}
	return out
}

func describeParams(p map[string]string) string {
	var parts []string
	for k, v := range p {
		if v == "*" {
			parts = append(parts, k)
		} else {
			parts = append(parts, k+"="+v)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// keptOutOfQuery are the secret parameters the calls sent, never in the
// query string.
func keptOutOfQuery(cs []call) []string {
	var out []string
	for _, name := range secretParams {
		sent, inQuery := false, false
		for _, c := range cs {
			_, q := c.query[name]
			_, f := c.form[name]
			sent = sent || q || f
			inQuery = inQuery || q
		}
		if sent && !inQuery {
			out = append(out, name)
		}
	}
	return out
}

// headersOf are the gateway headers every call to service carried; the
// sandbox by the value the client is told.
func headersOf(calls []call, service string) *scenarios.Each {
	var cs []call
	for _, c := range calls {
		if c.service == service {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return nil
	}
	each := &scenarios.Each{}
	for _, h := range gatewayHeaders {
		if !slices.ContainsFunc(cs, func(c call) bool { return c.x.Request.Header.Get(h) == "" }) {
			if h == "x-sandbox-name" {
				each.HeaderValues = map[string]string{h: "${sandbox}"}
				continue
			}
			each.Headers = append(each.Headers, h)
		}
	}
	if len(each.Headers) == 0 && len(each.HeaderValues) == 0 {
		return nil
	}
	return each
}

// tokenDC is the data centre every token call addressed, when it is not
// the US one.
func tokenDC(calls []call) string {
	dc := ""
	for _, c := range calls {
		if c.service != "zoho-accounts" || c.op != "token" {
			continue
		}
		d := dcOf(c)
		if d == "" || d == "us" || (dc != "" && d != dc) {
			return ""
		}
		dc = d
	}
	return dc
}
