package flowservice_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// TestGateway: every header case of the Adobe I/O gateway (reference §1),
// with its exact body, in the gateway's order.
func TestGateway(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	list := get(fs + "/connections")
	tests := []struct {
		name   string
		r      req
		status int
		body   string // exact JSON when set
		code   string // a Flow Service code otherwise
	}{
		{"no Authorization", list.with("Authorization", ""), 403, `{"error_code":"403010","message":"Oauth token is missing."}`, ""},
		{"no Authorization and no API key", list.with("Authorization", "").with("x-api-key", "").badReq(), 403, `{"error_code":"403010","message":"Oauth token is missing."}`, ""},
		{"no API key", list.with("x-api-key", "").badReq(), 403, `{"error_code":"403000","message":"Api Key is required"}`, ""},
		{"unknown token", list.as("nope"), 401, `{"error_code":"401013","message":"Oauth token is not valid"}`, ""},
		{"expired token (virtual clock)", list.as(tokExpired), 401, `{"error_code":"401013","message":"Oauth token is not valid"}`, ""},
		{"not a bearer", list.with("Authorization", "Basic "+tokUser), 401, `{"error_code":"401013","message":"Oauth token is not valid"}`, ""},
		{"empty bearer", list.with("Authorization", "Bearer "), 401, `{"error_code":"401013","message":"Oauth token is not valid"}`, ""},
		{"lowercase bearer", list.with("Authorization", "bearer "+tokUser), 200, "", ""},
		{"API key of another client", list.with("x-api-key", otherKey), 403, `{"error_code":"403003","message":"Api Key is invalid"}`, ""},
		{"token of another org's client", list.as(tokOther), 403, `{"error_code":"403003","message":"Api Key is invalid"}`, ""},
		{"no org", list.with("x-gw-ims-org-id", "").badReq(), 400, `{"error_code":"400003","message":"Missing header"}`, ""},
		{"another org", list.with("x-gw-ims-org-id", otherOrg), 403, `{"error_code":"403025","message":"Profile is not valid"}`, ""},
		{"no sandbox means prod", list.with("x-sandbox-name", ""), 200, "", ""},
		{"dev sandbox", list.in("dev"), 200, "", ""},
		{"unknown sandbox", list.in("staging"), 404, "", "2100-404"},
		{"sandbox names are lowercase", list.in("Prod"), 404, "", "2100-404"},
		{"sandbox id of the sandbox", list.with("x-sandbox-id", prodID), 200, "", ""},
		{"sandbox id of another sandbox", list.with("x-sandbox-id", devID), 404, "", "2103-404"},
		{"service token", list.as(tokService), 200, "", ""},
		{"POST without Content-Type", post(fs+"/connections", zohoConnection("x")).with("Content-Type", "").badReq(), 400,
			`{"type":"/placeholder/type/uri","status":400,"title":"BadRequestError","detail":"A valid content-type must be specified"}`, ""},
		{"POST as text/plain", post(fs+"/connections", zohoConnection("x")).with("Content-Type", "text/plain").badReq(), 400,
			`{"type":"/placeholder/type/uri","status":400,"title":"BadRequestError","detail":"A valid content-type must be specified"}`, ""},
		{"POST with a charset", post(fs+"/connections", zohoConnection("x")).with("Content-Type", "application/json; charset=utf-8"), 201, "", ""},
		{"the gateway before the Content-Type", post(fs+"/connections", zohoConnection("x")).with("Content-Type", "text/plain").as("nope").badReq(), 401,
			`{"error_code":"401013","message":"Oauth token is not valid"}`, ""},
		{"the gateway guards Catalog", get(catalog+"/dataSets/5c8c3c555033b814b69f947f").with("Authorization", ""), 403, `{"error_code":"403010","message":"Oauth token is missing."}`, ""},
		{"the gateway guards Data Prep", get(prep + "/mappingSets/500a9b747fcf4908a21917d49bd61780").in("nope"), 404, "", "2100-404"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := w.do(t, tt.r)
			assert.Equal(t, tt.status, rec.Code, rec.Body.String())
			switch {
			case tt.body != "":
				assert.JSONEq(t, tt.body, rec.Body.String())
			case tt.code != "":
				flowError(t, rec, tt.code)
			}
		})
	}
}

// TestMissingSandboxRequired: the 2105-400 alternative.
func TestMissingSandboxRequired(t *testing.T) {
	w := newWorld(t, flowservice.Config{MissingSandbox: flowservice.SandboxRequired})
	rec := w.do(t, get(fs+"/connections").with("x-sandbox-name", ""))
	m := flowError(t, rec, "2105-400")
	assert.Equal(t, "Header is missing", m["title"])
	assert.Equal(t, http.StatusOK, w.do(t, get(fs+"/connections")).Code)
}

// TestRequiredScopes: a token without a required scope is 2120-403.
func TestRequiredScopes(t *testing.T) {
	w := newWorld(t, flowservice.Config{RequiredScopes: []string{"read_organizations"}})
	m := flowError(t, w.do(t, get(fs+"/connections")), "2120-403")
	assert.Equal(t, "Forbidden", m["title"])
	assert.Equal(t, http.StatusOK, w.do(t, get(fs+"/connections").as(tokScoped)).Code)
}

// TestGatewayErrorsAreValues: errors.Is matches the exported values.
func TestGatewayErrorsAreValues(t *testing.T) {
	require.ErrorIs(t, &flowservice.GatewayError{Code: "403010"}, flowservice.ErrTokenMissing)
	assert.Equal(t, 401, flowservice.ErrTokenInvalid.Status())
	assert.Equal(t, 400, flowservice.ErrOrgMissing.Status())
	assert.Equal(t, 400, flowservice.ErrContentType.Status())
	assert.NotErrorIs(t, flowservice.ErrAPIKeyMissing, flowservice.ErrAPIKeyInvalid)
}

// TestRequestID: a client's x-request-id is echoed, and names the error.
func TestRequestID(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	rec := w.do(t, get(fs+"/flows/00000000-0000-4000-8000-000000000000").with("x-request-id", "req-42"))
	assert.Equal(t, "req-42", rec.Header().Get("x-request-id"))
	m := flowError(t, rec, "1439-404")
	assert.Equal(t, "req-42", m["report"].(map[string]any)["request-id"])
}
