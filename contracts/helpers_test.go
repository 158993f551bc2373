package contracts_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/openapi"
)

// Helpers the contract tests of every service share: loading a contract,
// building a request, checking an exchange and asserting its verdict.

// loadContract loads the named contract.
func loadContract(t *testing.T, name string) *contracts.Contract {
	t.Helper()
	c, err := contracts.Load(name)
	require.NoError(t, err)
	return c
}

// parseContract parses the named contract from its embedded YAML and
// checks what every contract promises: its operations, parsed and loaded;
// its place in openapi.Names; no servers, so paths match alone.
func parseContract(t *testing.T, name string, operations []string) *contracts.Contract {
	t.Helper()
	data, err := openapi.Spec(name)
	require.NoError(t, err)
	parsed, err := contracts.Parse(name, data)
	require.NoError(t, err)
	loaded := loadContract(t, name)

	assert.ElementsMatch(t, operations, parsed.Operations())
	assert.ElementsMatch(t, operations, loaded.Operations())
	assert.Contains(t, openapi.Names(), name)
	assert.Empty(t, parsed.Doc.Servers, "servers are dropped so paths match alone")
	return parsed
}

// assertDeclares500 checks that every operation declares the
// internal-error answer.
func assertDeclares500(t *testing.T, parsed *contracts.Contract) {
	t.Helper()
	for _, path := range parsed.Doc.Paths.InMatchingOrder() {
		for method, op := range parsed.Doc.Paths.Value(path).Operations() {
			assert.NotNil(t, op.Responses.Status(http.StatusInternalServerError), "%s %s declares 500", method, path)
		}
	}
}

// exchange is one hand-built request and response and what the contract
// must say about them.
type exchange struct {
	name string

	method, target string
	reqType        string // request Content-Type
	reqBody        string
	reqHeader      http.Header

	status     int
	respType   string // response Content-Type
	respHeader http.Header
	respBody   string

	// want is the expected violation; the zero value means none.
	want want
}

type want struct {
	side  contracts.Side
	rule  string
	where string // checked when set
}

// newRequest builds a request with a body (none when ""), header and a
// Content-Type (none when "").
func newRequest(method, target, contentType, body string, header http.Header) *http.Request {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	for k, vs := range header {
		req.Header[k] = vs
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

// judgeExchange checks one hand-built request and its response.
func judgeExchange(t *testing.T, c *contracts.Contract, tt exchange) contracts.Verdict {
	t.Helper()
	req := newRequest(tt.method, tt.target, tt.reqType, tt.reqBody, tt.reqHeader)
	x := c.CheckRequest(context.Background(), req)
	header := http.Header{}
	for k, vs := range tt.respHeader {
		header[http.CanonicalHeaderKey(k)] = vs
	}
	if tt.respType != "" {
		header.Set("Content-Type", tt.respType)
	}
	return x.CheckResponse(context.Background(), tt.status, header, []byte(tt.respBody))
}

// roundTrip sends req through the contract and h: h's answer and the
// contract's verdict on the exchange.
func roundTrip(c *contracts.Contract, h http.Handler, req *http.Request) (*httptest.ResponseRecorder, contracts.Verdict) {
	x := c.CheckRequest(context.Background(), req)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec, x.CheckResponse(context.Background(), rec.Code, rec.Header(), rec.Body.Bytes())
}

// assertVerdict checks v against w: no violation for the zero want, else a
// violation as crmHasViolation finds it.
func assertVerdict(t *testing.T, v contracts.Verdict, w want) {
	t.Helper()
	if w == (want{}) {
		assert.True(t, v.OK(), v.Summary())
		return
	}
	require.False(t, v.OK(), "expected a %s %s violation", w.side, w.rule)
	assert.Truef(t, crmHasViolation(v, w), "want %s %s %s; got %s", w.side, w.rule, w.where, v.Summary())
}

func hasViolation(v contracts.Verdict, w want) bool {
	for _, got := range v.Violations {
		if got.Side == w.side && got.Rule == w.rule && (w.where == "" || got.Where == w.where) {
			return true
		}
	}
	return false
}

// crmHasViolation is hasViolation where an empty rule stands for any
// violation on that side.
func crmHasViolation(v contracts.Verdict, w want) bool {
	if w.rule == "" {
		return hasSide(v, w.side)
	}
	return hasViolation(v, w)
}

func hasSide(v contracts.Verdict, side contracts.Side) bool {
	for _, got := range v.Violations {
		if got.Side == side {
			return true
		}
	}
	return false
}

func multipartForm(t *testing.T, fields map[string]string) (body, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		require.NoError(t, mw.WriteField(k, v))
	}
	require.NoError(t, mw.Close())
	return buf.String(), mw.FormDataContentType()
}
