package control

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

func TestHealthAndReady(t *testing.T) {
	f := newFixture(t)
	for path, want := range map[string]string{"/_emulator/health": `{"status":"ok"}`, "/_emulator/ready": `{"status":"ready"}`} {
		rec := f.do(t, http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, rec.Code)
		assert.JSONEq(t, want, rec.Body.String())
	}
}

func TestReset(t *testing.T) {
	tests := []struct {
		name   string
		body   any
		want   expect
		status int
		answer string // the JSON answer, or the error code
		usOrg  bool   // whether the US org's added user survives
		euOrg  bool   // whether the EU org's added user survives
	}{
		{name: "no body resets everything", status: 200, answer: `{"status":"reset"}`},
		{name: "empty tenant resets everything", body: `{"tenant":""}`, status: 200, answer: `{"status":"reset"}`},
		{name: "one tenant", body: map[string]string{"tenant": usOrg}, status: 200,
			answer: `{"status":"reset","tenant":"` + usOrg + `"}`, euOrg: true},
		{name: "unknown tenant", body: map[string]string{"tenant": "999"}, status: 404, answer: CodeNotFound, usOrg: true, euOrg: true},
		{name: "unknown field", body: `{"org":"1"}`, want: badRequest, status: 400, answer: CodeInvalidJSON, usOrg: true, euOrg: true},
		{name: "not an object", body: `"everything"`, want: badRequest, status: 400, answer: CodeInvalidJSON, usOrg: true, euOrg: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			for _, u := range []zohoaccounts.User{{OrgID: usOrg, Email: "new@acme.test"}, {OrgID: euOrg, Email: "new@acme.eu"}} {
				_, err := f.accounts.CreateUser(u)
				require.NoError(t, err)
			}
			f.clock.Advance(time.Hour)
			f.journal.Add(journal.Entry{Service: "zoho-accounts"})
			_, err := f.faults.Add(faults.Rule{Match: faults.Match{Tenant: usOrg}, Action: faults.Action{Status: 503}})
			require.NoError(t, err)

			rec := f.do(t, http.MethodPost, "/_emulator/reset", tt.body, tt.want)
			if tt.status == http.StatusOK {
				require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
				assert.JSONEq(t, tt.answer, rec.Body.String())
			} else {
				requireError(t, rec, tt.status, tt.answer)
			}
			assert.Equal(t, tt.usOrg, len(f.accounts.Users(usOrg)) == 2, "US org's users")
			assert.Equal(t, tt.euOrg, len(f.accounts.Users(euOrg)) == 2, "EU org's users")
			everything := tt.status == http.StatusOK && !tt.euOrg
			assert.Equal(t, everything, f.clock.Now().Equal(wall), "the clock is reset with everything only")
			assert.Equal(t, everything, f.journal.Len() == 0, "the journal is cleared with everything only")
			assert.Equal(t, tt.status == http.StatusOK, len(f.faults.List()) == 0, "the tenant's faults go with it")
		})
	}
}

// TestNotOperations covers what the contract does not declare: unknown
// paths and methods are answered in the API's error form all the same.
func TestNotOperations(t *testing.T) {
	tests := []struct {
		method, path string
		status       int
		code         string
	}{
		{http.MethodGet, "/_emulator/nothing", http.StatusNotFound, CodeNotFound},
		{http.MethodGet, "/_emulator/zoho/orgs/1/clients", http.StatusNotFound, CodeNotFound},
		{http.MethodGet, "/_emulator/reset", http.StatusMethodNotAllowed, CodeMethodNotAllowed},
		{http.MethodPatch, "/_emulator/zoho/orgs/" + usOrg, http.StatusMethodNotAllowed, CodeMethodNotAllowed},
		{http.MethodPost, "/_emulator/health", http.StatusMethodNotAllowed, CodeMethodNotAllowed},
		{http.MethodGet, "/_emulator/zoho/tokens/revoke", http.StatusMethodNotAllowed, CodeMethodNotAllowed},
		{http.MethodPut, "/_emulator/faults", http.StatusMethodNotAllowed, CodeMethodNotAllowed},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			requireError(t, f.do(t, tt.method, tt.path, nil, noOperation), tt.status, tt.code)
		})
	}
}

func TestStateDocumentsMayBeLarger(t *testing.T) {
	f := newFixture(t)
	big := `{"version":1,"note":"` + strings.Repeat("x", MaxBody) + `"}`
	rec := f.do(t, http.MethodPut, "/_emulator/state", big)
	assert.Equal(t, http.StatusOK, rec.Code, "a state over MaxBody is read (up to MaxStateBody)")
}

func TestReadBodyUpTo(t *testing.T) {
	r := httptest.NewRequest(http.MethodPut, "/", strings.NewReader("12345"))
	_, err := readBodyUpTo(r, 4)
	assert.ErrorIs(t, err, errTooLarge)
	r = httptest.NewRequest(http.MethodPut, "/", strings.NewReader("1234"))
	b, err := readBodyUpTo(r, 4)
	require.NoError(t, err)
	assert.Equal(t, "1234", string(b))
}

// TestBodies covers the JSON body reader on several operations: malformed
// JSON, unknown fields, wrong types, trailing data, missing and oversized
// bodies.
func TestBodies(t *testing.T) {
	huge := `{"name":"` + strings.Repeat("x", MaxBody) + `"}`
	tests := []struct {
		name, method, path, body string
		want                     expect
		status                   int
		code                     string
	}{
		{"malformed", http.MethodPost, "/_emulator/zoho/orgs", `{"name":`, badRequest, 400, CodeInvalidJSON},
		{"malformed token", http.MethodPost, "/_emulator/clock/advance", `{by: "1h"}`, badRequest, 400, CodeInvalidJSON},
		{"unknown field", http.MethodPost, "/_emulator/zoho/orgs", `{"name":"X","region":"us"}`, badRequest, 400, CodeInvalidJSON},
		{"unknown nested field", http.MethodPost, "/_emulator/faults", `{"action":{"status":500,"colour":"red"}}`, badRequest, 400, CodeInvalidJSON},
		{"wrong type", http.MethodPost, "/_emulator/zoho/orgs", `{"name":42}`, badRequest, 400, CodeInvalidJSON},
		// kin-openapi reads the first JSON value and ignores what follows.
		{"trailing data", http.MethodPut, "/_emulator/zoho/consent", `{"mode":"deny"} {}`, conforming, 400, CodeInvalidJSON},
		{"array", http.MethodPost, "/_emulator/zoho/tokens/revoke", `["x"]`, badRequest, 400, CodeInvalidJSON},
		{"null", http.MethodPost, "/_emulator/clock/set", `null`, badRequest, 400, CodeInvalidJSON},
		{"missing body", http.MethodPost, "/_emulator/zoho/clients", ``, badRequest, 400, CodeInvalidJSON},
		{"too large", http.MethodPost, "/_emulator/zoho/orgs", huge, conforming, 413, CodeTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.accounts.Export()
			requireError(t, f.do(t, tt.method, tt.path, tt.body, tt.want), tt.status, tt.code)
			assert.Equal(t, before, f.accounts.Export(), "a refused request changes nothing")
		})
	}
}

// TestTooLarge is the answer the front door sends for the control API when
// a body is over its limit: the same as the API's own.
func TestTooLarge(t *testing.T) {
	e := TooLarge()
	assert.Equal(t, http.StatusRequestEntityTooLarge, e.Status())
	assert.ErrorContains(t, e, CodeTooLarge)
	rec := httptest.NewRecorder()
	Writer().Error(rec, e)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.JSONEq(t, `{"error":"request_too_large","message":"the request body is over 1 MiB"}`, rec.Body.String())
}
