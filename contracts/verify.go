package contracts

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/zohoaep/zohoaep/openapi"
)

// Target is a provider to verify: the emulator, its container, another
// fake or a vendor sandbox.
type Target struct {
	// BaseURL is where the contracts' paths are served; a path in it is a
	// prefix ("http://127.0.0.1:9595/dc/eu").
	BaseURL string
	// Client sends the requests; nil is http.DefaultClient.
	Client *http.Client
	// Headers are sent with every request of a contract, by contract name:
	// the credentials (Authorization, x-api-key, ...).
	Headers map[string]http.Header
	// Values are valid parameter values by name, preferred to the ones
	// generated from the contract ("module_api_name": "Leads").
	Values map[string]string
	// Contracts to verify, in order; empty is every embedded contract.
	Contracts []string
	// Skip names operations not to exercise, as "contract/operationId".
	Skip []string
	// ValidOnly leaves the generated invalid requests out.
	ValidOnly bool
}

// DefaultOrder is the order Run verifies the embedded contracts in: the
// vendors' first, the emulator's control API (which can reset the world
// the others run in) last.
var DefaultOrder = []string{openapi.ZohoAccounts, openapi.ZohoCRM, openapi.AdobeIMS, openapi.FlowService, openapi.EmulatorAdmin}

// maxResponseBody bounds the answer Run reads and judges.
const maxResponseBody = 32 << 20

// Run exercises every operation of the target's contracts: first the
// generated invalid requests (which should change nothing), then the valid
// ones, reads before writes before deletes. A contract's links (OpenAPI
// links, and their x-body extension for ids inside a request body) carry
// values from a success answer to the requests that need them: the
// connection just created is read, changed and deleted, in one piece (see
// linkedOrder). Each answer is judged against
// the contract. A generated valid request the contract itself rejects is
// not sent and leaves its operation not covered; a generated invalid one
// it accepts is dropped (its value was not in fact invalid).
func Run(ctx context.Context, target Target) (*Report, error) {
	client := target.Client
	if client == nil {
		client = http.DefaultClient
	}
	names := target.Contracts
	if len(names) == 0 {
		names = DefaultOrder
	}
	report := &Report{Target: target.BaseURL}
	for _, name := range names {
		c, err := Load(name)
		if err != nil {
			return nil, err
		}
		ops := c.operations()
		sets := make([]CaseSet, len(ops))
		for i, op := range ops {
			sets[i] = op.cases(target.Values)
		}
		ls := links(ops)
		results := make([]*OperationResult, len(sets))
		for i, set := range sets {
			results[i] = &OperationResult{Contract: name, Operation: set.Operation, Method: set.Method, Path: set.Path}
			if slices.Contains(target.Skip, name+"/"+set.Operation) {
				results[i].Reason = "skipped by the target"
				set.Valid, set.Invalid = nil, nil
				sets[i] = set
				continue
			}
			if set.Valid == nil {
				results[i].Reason = "no valid request could be generated: " + set.Reason
			}
		}
		if !target.ValidOnly {
			for i, set := range sets {
				for _, k := range set.Invalid {
					if err := ctx.Err(); err != nil {
						return nil, err
					}
					if res, _, ok := runCase(ctx, c, client, target, k); ok {
						results[i].Cases = append(results[i].Cases, res)
					}
				}
			}
		}
		linked := map[int]map[string]string{} // values read from earlier answers, by operation
		from := map[int][]string{}
		for _, i := range linkedOrder(sets, ls) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			k := *sets[i].Valid
			if values := linked[i]; len(values) > 0 {
				k = ops[i].withValues(k, values)
			}
			res, got, sent := runCase(ctx, c, client, target, k)
			res.From = from[i]
			if !sent {
				results[i].Reason = "the generated valid request breaks the contract: " + res.Error
				continue
			}
			results[i].Cases = append([]CaseResult{res}, results[i].Cases...)
			results[i].Success = res.Status >= 200 && res.Status < 300
			if !results[i].Success {
				continue
			}
			for _, l := range ls {
				if values, ok := l.follow(got); l.from == i && ok {
					if linked[l.to] == nil {
						linked[l.to] = map[string]string{}
					}
					maps.Copy(linked[l.to], values)
					from[l.to] = append(from[l.to], ops[i].op.OperationID)
				}
			}
		}
		for _, r := range results {
			r.settle()
			report.Operations = append(report.Operations, *r)
		}
	}
	return report, nil
}

// methodRank orders the valid requests: reads, then writes, then deletes.
var methodRank = map[string]int{http.MethodGet: 0, http.MethodHead: 0, http.MethodPost: 1, http.MethodPut: 1, http.MethodPatch: 1, http.MethodDelete: 2}

func byMethod(sets []CaseSet) []int {
	var idx []int
	for i, s := range sets {
		if s.Valid != nil {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return methodRank[sets[a].Method] - methodRank[sets[b].Method] })
	return idx
}

// runCase sends one case and judges the answer. ok is false when the case
// is not sent: a valid case the contract rejects (res.Error says why), an
// invalid one it accepts.
func runCase(ctx context.Context, c *Contract, client *http.Client, target Target, k Case) (res CaseResult, got answer, ok bool) {
	res = CaseResult{Name: k.Name, Valid: k.Valid, Rule: k.Rule}
	req, err := k.Request(ctx, target.BaseURL, target.Headers[c.Name])
	if err != nil {
		res.Error = err.Error()
		return res, got, k.Valid
	}
	x, err := c.CheckCase(ctx, k, req.Header)
	if err != nil {
		res.Error = err.Error()
		return res, got, k.Valid
	}
	switch {
	case k.Valid && !x.Verdict().OK():
		res.Error = strings.Join(x.Verdict().On(Request), "; ")
		return res, got, false
	case !k.Valid && x.Verdict().OK():
		return res, got, false
	}
	resp, err := client.Do(req)
	if err != nil {
		res.Error = err.Error()
		res.Violations = append(res.Violations, Violation{Side: Response, Rule: "transport", Message: err.Error()})
		return res, got, true
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	res.Status = resp.StatusCode
	if err != nil {
		res.Violations = append(res.Violations, Violation{Side: Response, Rule: "transport", Message: "reading the answer: " + err.Error()})
		return res, got, true
	}
	v := x.CheckResponse(ctx, resp.StatusCode, resp.Header, body)
	for _, viol := range v.Violations {
		if viol.Side == Response {
			res.Violations = append(res.Violations, viol)
		}
	}
	if len(res.Violations) > 0 {
		res.Body = excerpt(body)
	}
	return res, answer{status: resp.StatusCode, header: resp.Header, body: body}, true
}

// excerpt is the start of an answer, for a report.
func excerpt(body []byte) string {
	const n = 512
	body = bytes.ToValidUTF8(body, []byte("?"))
	if len(body) > n {
		return string(body[:n]) + "…"
	}
	return string(body)
}

// Verify runs the provider verification against target and fails t on
// every operation whose answers break the contract or that could not be
// covered; it logs the text report and returns it.
func Verify(t testing.TB, target Target) *Report {
	t.Helper()
	report, err := Run(context.Background(), target)
	if err != nil {
		t.Fatalf("contracts: verify %s: %v", target.BaseURL, err)
		return nil
	}
	var text bytes.Buffer
	_ = report.WriteText(&text)
	t.Log("\n" + text.String())
	for _, op := range report.Operations {
		switch op.Outcome {
		case Violated:
			t.Errorf("contracts: %s/%s (%s %s) breaks the contract:\n%s", op.Contract, op.Operation, op.Method, op.Path, op.violationText())
		case NotCovered:
			t.Errorf("contracts: %s/%s (%s %s) not covered: %s", op.Contract, op.Operation, op.Method, op.Path, op.Reason)
		}
	}
	return report
}

func (op OperationResult) violationText() string {
	var b strings.Builder
	for _, c := range op.Cases {
		for _, v := range c.Violations {
			fmt.Fprintf(&b, "  %s (status %d): %s\n", c.Name, c.Status, v)
		}
	}
	return b.String()
}
