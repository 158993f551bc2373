package contracts

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/openapi"
)

// operation is one operation of a contract with a request that reaches it.
type operation struct {
	c     *Contract
	id    string
	route *routers.Route
	req   *http.Request
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

func allOperations(t testing.TB) []operation {
	t.Helper()
	var ops []operation
	for _, name := range openapi.Names() {
		c, err := Load(name)
		require.NoError(t, err)
		for _, path := range c.Doc.Paths.InMatchingOrder() {
			for method, op := range c.Doc.Paths.Value(path).Operations() {
				req := httptest.NewRequest(method, pathParam.ReplaceAllString(path, "p1"), nil)
				route, _, err := c.router.FindRoute(req)
				require.NoError(t, err, "%s %s", method, path)
				ops = append(ops, operation{c: c, id: op.OperationID, route: route, req: req})
			}
		}
	}
	return ops
}

// kinVerdict is what kin-openapi alone says of a response.
func kinVerdict(op operation, status int, header http.Header, body []byte) error {
	return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: op.req, Route: op.route, Options: requestOptions},
		Status:                 status, Header: header, Body: io.NopCloser(bytes.NewReader(body)), Options: responseOptions,
	})
}

func findOp(t *testing.T, ops []operation, id string) operation {
	for _, op := range ops {
		if op.id == id {
			return op
		}
	}
	t.Fatalf("no operation %q", id)
	return operation{}
}

const fastToken = "1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24"

func TestFastPathTakesTheCommonAnswers(t *testing.T) {
	ops := allOperations(t)
	token := findOp(t, ops, "token")
	h := http.Header{"Content-Type": {"application/json;charset=UTF-8"}, "Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}
	for _, tt := range []struct {
		name   string
		status int
		body   string
		fast   bool
	}{
		{"refresh", 200, `{"access_token":"` + fastToken + `","scope":"ZohoCRM.modules.ALL","api_domain":"http://127.0.0.1:9595","token_type":"Bearer","expires_in":3600}`, true},
		{"code exchange", 200, `{"access_token":"` + fastToken + `","refresh_token":"` + fastToken + `","scope":"a.b.c","api_domain":"https://www.zohoapis.eu","token_type":"Bearer","expires_in":3600}`, true},
		{"Zoho error", 200, `{"error":"invalid_code"}`, true},
		{"throttle", 400, `{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}`, true},
		{"uppercase token", 200, `{"access_token":"` + strings.ToUpper(fastToken) + `","scope":"x","api_domain":"http://h","token_type":"Bearer","expires_in":3600}`, false},
		{"undeclared error", 200, `{"error":"invalid_grant"}`, false},
		{"two shapes at once", 200, `{"error":"invalid_code","status":"failure"}`, false},
		{"expires_in too large", 200, `{"access_token":"` + fastToken + `","scope":"x","api_domain":"http://h","token_type":"Bearer","expires_in":86401}`, false},
		{"undeclared status", 201, `{"error":"invalid_code"}`, false},
		{"escaped string", 200, `{"error":"invalid\u005fcode"}`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fast := token.c.surelyValid(token.route, token.req.Method, tt.status, h, []byte(tt.body))
			assert.Equal(t, tt.fast, fast)
			if fast {
				assert.NoError(t, kinVerdict(token, tt.status, h, []byte(tt.body)))
			}
		})
	}
}

// chooser turns fuzz bytes into choices.
type chooser struct{ b []byte }

func (c *chooser) pick(n int) int {
	if len(c.b) == 0 {
		return 0
	}
	v := int(c.b[0]) % n
	c.b = c.b[1:]
	return v
}

var (
	fuzzKeys = []string{"access_token", "refresh_token", "scope", "api_domain", "token_type", "expires_in", "id_token",
		"error", "error_description", "status", "result", "locations", "First_Name", "Email", "Last_Name", "Display_Name", "ZUID", "x"}
	fuzzValues = []string{`"` + fastToken + `"`, `"` + strings.ToUpper(fastToken) + `"`, `"1000.abc.def"`, `"Bearer"`, `"bearer"`,
		`"http://127.0.0.1:9595"`, `"https://www.zohoapis.eu/x"`, `"not a url"`, `"ftp://x y"`, `"invalid_code"`, `"invalid_client"`,
		`"invalid_grant"`, `"Access Denied"`, `"failure"`, `"success"`, `"ok"`, `""`, `"a\"b"`, `"\u00e9"`, `"é"`, `"x<y>&"`,
		`0`, `1`, `3600`, `86400`, `86401`, `-1`, `3600.0`, `3.6e3`, `1e400`, `007`, `true`, `false`, `null`, `{}`, `[]`, `{"us":"http://h"}`}
	fuzzTypes        = []string{"application/json", "application/json;charset=UTF-8", "application/json", "APPLICATION/JSON", "application/problem+json", "text/html", "text/plain", ""}
	fuzzHeaderValues = []string{"<absent>", "<absent>", "<no values>", "", "no-store", "no-cache", "é", "a\tb",
		"http://127.0.0.1:8000/callback?code=" + fastToken + "&location=us&accounts-server=http%3A%2F%2Fh&", "http://x/?error=access_denied"}
	fuzzTemplates = [][][2]string{
		{{"access_token", `"` + fastToken + `"`}, {"scope", `"ZohoCRM.modules.ALL"`}, {"api_domain", `"http://127.0.0.1:9595"`}, {"token_type", `"Bearer"`}, {"expires_in", `3600`}},
		{{"access_token", `"` + fastToken + `"`}, {"refresh_token", `"` + fastToken + `"`}, {"scope", `"a.b.c"`}, {"api_domain", `"https://www.zohoapis.eu"`}, {"token_type", `"Bearer"`}, {"expires_in", `3600`}},
		{{"error", `"invalid_code"`}},
		{{"error_description", `"too many"`}, {"error", `"Access Denied"`}, {"status", `"failure"`}},
		{{"status", `"success"`}},
		{{"error", `"invalid_token"`}},
		{{"result", `"success"`}, {"locations", `{"us":"http://h"}`}},
		{{"First_Name", `"P"`}, {"Email", `"p@z"`}, {"Last_Name", `"B"`}, {"Display_Name", `"P B"`}, {"ZUID", `"1"`}},
		{{"status", `"ok"`}},
	}
	fuzzCodes = []int{200, 200, 200, 400, 400, 201, 204, 302, 304, 401, 403, 404, 405, 413, 500}
)

// FuzzFastPathAgreesWithKin holds the fast path to its promise: whenever
// it calls a response valid, kin-openapi does too.
func FuzzFastPathAgreesWithKin(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 0, 1, 2, 3, 5, 4})
	f.Add([]byte("token answers"))
	f.Add([]byte{7, 1, 0, 9, 0, 0, 1, 2, 2, 3, 3, 4, 5, 5, 6, 6, 21})
	ops := allOperations(f)
	f.Fuzz(func(t *testing.T, choices []byte) { fuzzResponse(t, ops, choices) })
}

// fuzzResponse makes a response of choices and checks it both ways; it
// reports whether the fast path took it. Most responses start from an
// example the contract declares for the operation, mutated a little.
func fuzzResponse(t *testing.T, ops []operation, choices []byte) bool {
	c := &chooser{b: choices}
	op := ops[c.pick(len(ops))]
	declared := op.route.Operation.Responses.Map()
	codes := slices.Sorted(maps.Keys(declared))
	status := fuzzCodes[c.pick(len(fuzzCodes))]
	var example any
	if c.pick(4) > 0 && len(codes) > 0 {
		code := codes[c.pick(len(codes))]
		status, _ = strconv.Atoi(code)
		if ref := declared[code]; ref.Value != nil {
			if media := ref.Value.Content.Get("application/json"); media != nil {
				example = media.Example
				for _, name := range slices.Sorted(maps.Keys(media.Examples)) {
					if ex := media.Examples[name]; example == nil && ex.Value != nil {
						example = ex.Value.Value
					}
				}
			}
		}
	}
	h := http.Header{}
	if c.pick(4) > 0 {
		h.Set("Content-Type", "application/json;charset=UTF-8")
	} else if ct := fuzzTypes[c.pick(len(fuzzTypes))]; ct != "" {
		h.Set("Content-Type", ct)
	}
	if c.pick(2) == 0 {
		for _, name := range []string{"Cache-Control", "Pragma", "Location", "X-Other"} {
			switch v := fuzzHeaderValues[c.pick(len(fuzzHeaderValues))]; v {
			case "<absent>":
			case "<no values>":
				h[name] = []string{}
			default:
				h[name] = []string{v}
			}
		}
	}
	var members [][2]string
	if obj, ok := example.(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			v, _ := json.Marshal(obj[k])
			members = append(members, [2]string{k, string(v)})
		}
	} else {
		members = slices.Clone(fuzzTemplates[c.pick(len(fuzzTemplates))])
	}
	var body strings.Builder
	switch c.pick(8) {
	case 0:
		body.Write(c.b) // raw bytes
	case 1:
		body.WriteString("{")
		for i, n := 0, c.pick(8); i < n; i++ {
			if i > 0 {
				body.WriteString(",")
			}
			body.WriteString(`"` + fuzzKeys[c.pick(len(fuzzKeys))] + `":` + fuzzValues[c.pick(len(fuzzValues))])
		}
		body.WriteString([]string{"}", "} ", "}x", ""}[c.pick(4)])
	default: // an answer that may well be valid, mutated a little
		for i, n := 0, c.pick(4); i < n; i++ {
			switch k := c.pick(len(members) + 1); {
			case k == len(members):
				members = append(members, [2]string{fuzzKeys[c.pick(len(fuzzKeys))], fuzzValues[c.pick(len(fuzzValues))]})
			case c.pick(2) == 0:
				members = slices.Delete(members, k, k+1)
			default:
				members[k][1] = fuzzValues[c.pick(len(fuzzValues))]
			}
		}
		body.WriteString("{")
		for i, m := range members {
			if i > 0 {
				body.WriteString(",")
			}
			body.WriteString(`"` + m[0] + `":` + m[1])
		}
		body.WriteString("}")
	}
	b := []byte(body.String())
	fast := op.c.surelyValid(op.route, op.req.Method, status, h, b)
	if fast {
		if err := kinVerdict(op, status, h, b); err != nil {
			t.Fatalf("%s %d %v %s: fast path says valid, kin-openapi: %v", op.id, status, h, b, err)
		}
	}
	return fast
}

func TestFuzzResponsesReachTheFastPath(t *testing.T) {
	// Zoho Accounts' answers are flat: most valid ones take the fast path.
	var ops []operation
	for _, op := range allOperations(t) {
		if op.c.Name == openapi.ZohoAccounts {
			ops = append(ops, op)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	fast := 0
	for range 5000 {
		b := make([]byte, 48)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if fuzzResponse(t, ops, b) {
			fast++
		}
	}
	assert.Greater(t, fast, 250, "the generator makes answers the fast path takes")
	t.Logf("fast path took %d of 5000", fast)
}

var (
	fuzzFormKeys   = []string{"grant_type", "client_id", "client_secret", "refresh_token", "code", "token", "scope", "email", "action", "access_type", "x", "a%20b", "%zz", "k;v", ""}
	fuzzFormValues = []string{"refresh_token", fastToken, "accept", "reject", "offline", "forever", "a+b", "%41", "%4", "%", "x;y", "=", "", "é", "%C3%A9"}
	fuzzFormTypes  = []string{"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8", "Application/X-WWW-Form-Urlencoded", "multipart/form-data; boundary=x", "application/json", "text/plain", ""}
)

// FuzzFastBodyAgreesWithKin holds the request body fast path to the same
// promise.
func FuzzFastBodyAgreesWithKin(f *testing.F) {
	f.Add([]byte{0, 0, 1, 3, 1, 2, 2, 3, 3, 1, 4})
	f.Add([]byte("forms"))
	ops := allOperations(f)
	f.Fuzz(func(t *testing.T, choices []byte) {
		c := &chooser{b: choices}
		op := ops[c.pick(len(ops))]
		var form strings.Builder
		if c.pick(6) == 0 {
			form.Write(c.b)
		} else {
			for i, n := 0, c.pick(6); i < n; i++ {
				if i > 0 {
					form.WriteString([]string{"&", "&", "&&", ";"}[c.pick(4)])
				}
				form.WriteString(fuzzFormKeys[c.pick(len(fuzzFormKeys))])
				if c.pick(4) > 0 {
					form.WriteString("=" + fuzzFormValues[c.pick(len(fuzzFormValues))])
				}
			}
		}
		body := []byte(form.String())
		req := httptest.NewRequest(op.req.Method, op.req.URL.String(), bytes.NewReader(body))
		if ct := fuzzFormTypes[c.pick(len(fuzzFormTypes))]; ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		if !op.c.surelyValidBody(op.route, req.Header, body) || op.route.Operation.RequestBody == nil {
			return
		}
		input := &openapi3filter.RequestValidationInput{Request: req, Route: op.route, Options: requestOptions}
		if err := openapi3filter.ValidateRequestBody(context.Background(), input, op.route.Operation.RequestBody.Value); err != nil {
			t.Fatalf("%s %q %q: fast path says valid, kin-openapi: %v", op.id, req.Header.Get("Content-Type"), body, err)
		}
	})
}

func TestFastBodyTakesTheCommonForms(t *testing.T) {
	ops := allOperations(t)
	token := findOp(t, ops, "token")
	h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	assert.True(t, token.c.surelyValidBody(token.route, h, []byte("grant_type=refresh_token&client_id=1000.X&client_secret=s&refresh_token="+fastToken)))
	assert.True(t, token.c.surelyValidBody(token.route, h, nil), "the body is optional")
	assert.False(t, token.c.surelyValidBody(token.route, h, []byte("a=1;b=2")))
	assert.False(t, token.c.surelyValidBody(token.route, h, []byte("a=%zz")))
	assert.False(t, token.c.surelyValidBody(token.route, http.Header{"Content-Type": {"application/json"}}, []byte(`{"a":1}`)))
}
