package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

// TestBadInputMatrix sends, for every operation of every contract, the
// generated invalid requests (missing, wrong-typed, out-of-range and
// out-of-pattern parameters, missing, malformed, wrong-typed and oversized
// bodies, wrong content types, broken encodings) and the matrix's own
// (duplicated parameters, wrong methods, a broken query encoding). Every
// answer must keep the contract, must never be a 5xx, and must be the
// vendor's error envelope whenever the contract rejects the request; the
// world must be exactly as before (its export compared).
func TestBadInputMatrix(t *testing.T) {
	e, target := matrixEmulator(t)
	before := exportJSON(t, e)
	sent := 0
	type pending struct {
		c *contracts.Contract
		k contracts.Case
	}
	var tolerated []pending
	for _, name := range contracts.DefaultOrder {
		c, err := contracts.Load(name)
		require.NoError(t, err)
		for _, set := range c.Cases(target.Values) {
			require.NotNil(t, set.Valid, "%s/%s: %s", name, set.Operation, set.Reason)
			for _, k := range matrixCases(c, set) {
				x, err := c.CheckCase(context.Background(), k, target.Headers[c.Name])
				require.NoError(t, err)
				if lenientFor(k) != "" || x.Verdict().OK() {
					tolerated = append(tolerated, pending{c, k})
					continue
				}
				sent++
				checkBadInput(t, c, target, k, x, true)
				if os.Getenv("MATRIX_DEBUG") != "" {
					if now := exportJSON(t, e); now != before {
						t.Fatalf("%s/%s %s changed the world:\n%s\n+++\n%s", k.Contract, k.Operation, k.Name, diffLines(before, now), diffLines(now, before))
					}
				}
			}
		}
	}
	t.Logf("%d requests the contracts reject, then %d they allow or the emulator accepts on purpose", sent, len(tolerated))
	assert.Greater(t, sent, 500)
	if after := exportJSON(t, e); after != before {
		t.Errorf("bad input changed the world:\n%s", diffLines(before, after))
	}
	// What the contract allows (a duplicated parameter, say) and what the
	// emulator accepts on purpose may change the world (a page token, a
	// record), so they come last, and only have to keep the contract
	// without a 5xx.
	for _, p := range tolerated {
		x, err := p.c.CheckCase(context.Background(), p.k, target.Headers[p.c.Name])
		require.NoError(t, err)
		checkBadInput(t, p.c, target, p.k, x, false)
	}
}

// matrixEmulator is the demo world on a frozen clock (so an export is
// comparable), signed in through the in-memory transport.
func matrixEmulator(t *testing.T) (*emulator.Emulator, contracts.Target) {
	t.Helper()
	clock := emulator.NewClock(nil)
	clock.Freeze()
	opts := emulator.Options{Seed: emulator.Demo(), Clock: clock}
	// Zoho's answers to these are UNCONFIRMED; the matrix takes the
	// refusing choice, so that both choices are exercised somewhere.
	opts.CRM.PerPageOverMax, opts.CRM.BadIfModifiedSince = zohocrm.Refuse, zohocrm.Refuse
	e, err := emulator.New(opts)
	require.NoError(t, err)
	target, err := contracts.EmulatorTarget(context.Background(), e.URL(), e.HTTPClient(), demoCredentials())
	require.NoError(t, err)
	return e, target
}

// exportJSON is the world's export without its usage meters: the CRM API
// credits a request spends are metered whether it succeeds or not, as
// Zoho meters them, and are no stored data.
func exportJSON(t *testing.T, e *emulator.Emulator) string {
	t.Helper()
	st := e.Export()
	require.NotNil(t, st.CRM)
	st.CRM.Service.Credits = nil
	data, err := json.Marshal(st)
	require.NoError(t, err)
	return string(data)
}

// oversizedParam is the length of an oversized parameter or header value:
// under the Go server's 64 KiB header limit, so the emulator itself
// answers it, far over any value the contracts describe.
const oversizedParam = 16 << 10

// matrixCases are the generated invalid cases and the matrix's own.
func matrixCases(c *contracts.Contract, set contracts.CaseSet) []contracts.Case {
	out := append([]contracts.Case(nil), set.Invalid...)
	valid := *set.Valid
	if valid.RawQuery != "" {
		k := valid
		k.Name, k.RawQuery = "duplicated query parameters", valid.RawQuery+"&"+valid.RawQuery
		out = append(out, k)
	}
	if valid.RawQuery != "" {
		k := valid
		k.Name = "oversized query parameters"
		vals, err := url.ParseQuery(valid.RawQuery)
		if err == nil {
			for name := range vals {
				vals.Set(name, strings.Repeat("x", oversizedParam))
			}
			k.RawQuery = vals.Encode()
			out = append(out, k)
		}
	}
	big := valid
	big.Name = "oversized header"
	big.Header = valid.Header.Clone()
	big.Header.Set("X-Zohoaep-Pad", strings.Repeat("x", oversizedParam))
	out = append(out, big)
	k := valid
	k.Name = "broken query encoding"
	k.RawQuery = strings.TrimPrefix(valid.RawQuery+"&%zz=%", "&")
	out = append(out, k)
	if len(valid.Body) > 0 {
		k := valid
		k.Name, k.Body = "body sent twice", append(append([]byte(nil), valid.Body...), valid.Body...)
		out = append(out, k)
	}
	declared := c.Doc.Paths.Value(set.Path).Operations()
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if _, ok := declared[method]; ok {
			continue
		}
		k := valid
		k.Name, k.Method, k.Rule = "wrong method "+method, method, "method"
		out = append(out, k)
	}
	return out
}

// checkBadInput sends one bad request and judges the answer.
func checkBadInput(t *testing.T, c *contracts.Contract, target contracts.Target, k contracts.Case, x *contracts.Exchange, strict bool) {
	t.Helper()
	ctx := context.Background()
	what := fmt.Sprintf("%s/%s %s", k.Contract, k.Operation, k.Name)
	req, err := k.Request(ctx, target.BaseURL, target.Headers[c.Name])
	require.NoError(t, err, what)
	resp, err := target.Client.Do(req)
	require.NoError(t, err, what)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	_ = resp.Body.Close()
	short := excerpt(body)
	if resp.StatusCode >= 500 {
		t.Errorf("%s: a %d: %s", what, resp.StatusCode, short)
		return
	}
	v := x.CheckResponse(ctx, resp.StatusCode, resp.Header, body)
	if viol := v.On(contracts.Response); len(viol) > 0 {
		t.Errorf("%s: the answer breaks the contract: %v: %d %s", what, viol, resp.StatusCode, short)
	}
	if x.Verdict().OK() || !strict {
		return // a request the contract allows (a duplicate, say) may succeed
	}
	if !errorAnswer(resp, body) {
		t.Errorf("%s: the contract rejects the request (%s) but the answer is no error: %d %s", what, x.Verdict().Violations[0], resp.StatusCode, short)
	}
	if x.Operation() == "" && !vendorEnvelope(k.Contract, resp, body) {
		t.Errorf("%s: not the vendor's error envelope: %d %s", what, resp.StatusCode, short)
	}
}

func excerpt(body []byte) string {
	if len(body) > 160 {
		return string(body[:160]) + "…"
	}
	return string(body)
}

// errorAnswer says whether an answer is an error in its vendor's manner:
// a 4xx, a redirect carrying an OAuth error, or Zoho Accounts' HTTP 200
// {"error": ...}.
func errorAnswer(resp *http.Response, body []byte) bool {
	switch {
	case resp.StatusCode >= 400:
		return true
	case resp.StatusCode >= 300:
		return strings.Contains(resp.Header.Get("Location"), "error=")
	}
	var doc map[string]any
	if json.Unmarshal(body, &doc) != nil {
		return false
	}
	_, zoho := doc["error"]
	return zoho
}

// vendorEnvelope checks an answer no operation's contract describes (a
// wrong method) against the vendor's own error envelope.
func vendorEnvelope(contract string, resp *http.Response, body []byte) bool {
	var doc map[string]any
	if json.Unmarshal(body, &doc) != nil {
		return false
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := doc[k]; !ok {
				return false
			}
		}
		return true
	}
	switch contract {
	case "zoho-accounts", "adobe-ims", "emulator-admin":
		return has("error")
	case "zoho-crm":
		return has("code", "details", "message", "status")
	case "flow-service":
		return has("type", "title", "status") || has("error_code", "message")
	}
	return false
}

// diffLines lists the lines of two indented JSON documents that differ.
func diffLines(a, b string) string {
	var ai, bi bytes.Buffer
	_ = json.Indent(&ai, []byte(a), "", " ")
	_ = json.Indent(&bi, []byte(b), "", " ")
	al, bl := strings.Split(ai.String(), "\n"), strings.Split(bi.String(), "\n")
	seen := map[string]int{}
	for _, l := range bl {
		seen[l]++
	}
	var out []string
	for _, l := range al {
		if seen[l] > 0 {
			seen[l]--
			continue
		}
		out = append(out, "- "+l)
		if len(out) > 40 {
			break
		}
	}
	return strings.Join(out, "\n")
}

// lenient lists the bad requests the emulator accepts on purpose: where
// the contract is stricter than the vendor is known to be (docs/contracts.md
// lists them with the same reasons). Each names a contract, an operation
// ("*" for every one) and the start of a case name.
var lenient = []struct{ contract, operation, kase, why string }{
	{"emulator-admin", "*", "wrong content type", "the control API reads JSON whatever the Content-Type says, so that curl -d works"},
	{"zoho-crm", "*", "wrong content type", "Zoho CRM's answer to a JSON body labelled otherwise is UNCONFIRMED; the emulator reads it as JSON"},
	{"zoho-crm", "*", "outside pattern item query.ids", "an empty ids value is no filter, as an absent one (UNCONFIRMED)"},
	{"zoho-crm", "listModules", "outside pattern query.status", "an unknown module status matches no module (UNCONFIRMED)"},
	{"zoho-crm", "listRecords", "not in enum query.approved", "approved is accepted and not applied: no record awaits approval in the emulator"},
	{"zoho-crm", "listRecords", "wrong-typed query.include_child", "include_child is accepted and not applied: no territories in the emulator"},
	{"zoho-crm", "listRecords", "outside pattern query.territory_id", "territory_id is accepted and not applied: no territories in the emulator"},
	{"zoho-crm", "getRecord", "not in enum query.", "an unknown record answers 204 before its parameters are read (order UNCONFIRMED)"},
	{"flow-service", "createDataSet", "wrong-typed query.requestDataSource", "requestDataSource is accepted and not applied (Catalog's answer to a non-boolean UNCONFIRMED)"},
}

func lenientFor(k contracts.Case) string {
	for _, l := range lenient {
		if l.contract == k.Contract && (l.operation == "*" || l.operation == k.Operation) && strings.HasPrefix(k.Name, l.kase) {
			return l.why
		}
	}
	return ""
}
