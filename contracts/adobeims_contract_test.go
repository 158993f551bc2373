package contracts_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

const adobeIMS = "adobe-ims"

var adobeIMSOperations = []string{"accessToken", "signingKeys"}

// Bodies as IMS documents them (docs/adobe-ims.md); the token is a real
// header with a made-up payload and signature.
const (
	imsJSON    = "application/json;charset=utf-8"
	imsJWT     = "eyJhbGciOiJSUzI1NiIsIng1dSI6Imltc19uYTEta2V5LWF0LTEuY2VyIiwia2lkIjoiaW1zX25hMS1rZXktYXQtMSIsIml0dCI6ImF0In0.eyJ0eXBlIjoiYWNjZXNzX3Rva2VuIn0.c2lnbmF0dXJl"
	imsSuccess = `{"access_token":"` + imsJWT + `","token_type":"bearer","expires_in":86399}`
	imsKeys    = `{"keys":[{"alg":"RS256","kty":"RSA","use":"sig","kid":"ims","e":"AQAB","n":"gBI3r_iauYJrKOTpEsFLeQ4TFktfzmNa30BK_84uh8mZ9N1NJ8VjOlwH9SzPD_gIpELaAaf2n7GeKN8kWYGtex6uCmz5iZZ3eDzryvTfvj3MwQx_XbGloz4QKQXSlCwADlOXP3-EhMqOVr3tVqQe0uX_TPn1F_b9yIONXAX1GwWTFb9UqNjjpFNOxuKJaAh6uod7Y9kmzw0GE4GvMs6AIjitxLNLlpeC8J3vyA0l4UWVJR9lwLjS1O0Lk07IfjAMMes6fonQ5AtzYewIOk4UdNCgb_XKpqLgYY_9J9nfIuBGVY-W7ZfHhXjA1AixQw6A4XoreGr5AnF5WMwd6DA7vw"}]}`
	imsForm    = "grant_type=client_credentials&client_id=zohoaep-demo-client&client_secret=zohoaep-demo-secret&scope=openid,AdobeID"
)

func TestAdobeIMSContractLoads(t *testing.T) {
	parsed := parseContract(t, adobeIMS, adobeIMSOperations)
	assertDeclares500(t, parsed)
}

func TestAdobeIMSContractExchanges(t *testing.T) {
	c := loadContract(t, adobeIMS)
	respBody := want{side: contracts.Response, rule: "body"}
	err := func(code, desc string) string {
		return `{"error_description":"` + desc + `","error":"` + code + `"}`
	}
	tests := []exchange{
		{name: "token: urlencoded body",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: 200, respType: imsJSON, respBody: imsSuccess,
			respHeader: http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}},
		{name: "token: query string",
			method: http.MethodPost, target: "/ims/token/v3?" + imsForm, status: 200, respType: imsJSON, respBody: imsSuccess},
		{name: "token: client_id in the query, the rest in the body",
			method: http.MethodPost, target: "/ims/token/v3?client_id=zohoaep-demo-client", reqType: formType,
			reqBody: "client_secret=s&grant_type=client_credentials&scope=openid", status: 200, respType: imsJSON, respBody: imsSuccess},
		{name: "token: HTTP Basic",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: "grant_type=client_credentials&scope=openid",
			reqHeader: http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte("c:s"))}},
			status:    200, respType: imsJSON, respBody: imsSuccess},
		{name: "token: JSON body is not a form",
			method: http.MethodPost, target: "/ims/token/v3", reqType: "application/json", reqBody: `{"grant_type":"client_credentials"}`,
			status: 400, respType: imsJSON, respBody: err("invalid_request", "missing grant_type parameter"),
			want: want{side: contracts.Request, rule: "body"}},
		{name: "token: invalid client id (confirmed)",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: 400, respType: imsJSON, respBody: err("invalid_client", "invalid client_id parameter")},
		{name: "token: invalid client secret (confirmed)",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: 400, respType: imsJSON, respBody: err("invalid_client", "invalid client_secret parameter")},
		{name: "token: invalid_client with 401",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: 401, respType: imsJSON, respBody: err("invalid_client", "invalid client_secret parameter")},
		{name: "token: scope",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: 400, respType: imsJSON, respBody: err("invalid_scope", "invalid scope")},
		{name: "token: error without a description",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: 400, respType: imsJSON, respBody: `{"error":"invalid_client"}`, want: respBody},
		{name: "token: an error code IMS does not send here",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: 400, respType: imsJSON, respBody: err("invalid_grant", "x"), want: respBody},
		{name: "token: Zoho's error form",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: 400, respType: imsJSON, respBody: `{"error":"invalid_code"}`, want: respBody},
		{name: "token: a token that is not a JWT",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm, status: 200, respType: imsJSON,
			respBody: `{"access_token":"1000.90be74d31c1b5313923b413dac9b009d.fea754b862ceb19d31e2617cc54676be","token_type":"bearer","expires_in":86399}`,
			want:     respBody},
		{name: "token: Bearer in capitals",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm, status: 200, respType: imsJSON,
			respBody: `{"access_token":"` + imsJWT + `","token_type":"Bearer","expires_in":86399}`, want: respBody},
		{name: "token: expires_in in milliseconds",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm, status: 200, respType: imsJSON,
			respBody: `{"access_token":"` + imsJWT + `","token_type":"bearer","expires_in":86400000}`, want: respBody},
		{name: "token: a refresh token",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm, status: 200, respType: imsJSON,
			respBody: `{"access_token":"` + imsJWT + `","refresh_token":"x","token_type":"bearer","expires_in":86399}`, want: respBody},
		{name: "token: too large",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: 413, respType: imsJSON, respBody: err("invalid_request", "request body too large")},
		{name: "token: internal error",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: 500, respType: imsJSON, respBody: err("server_error", "internal server error")},
		{name: "token: unavailable",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: 503, respType: imsJSON, respBody: err("temporarily_unavailable", "service temporarily unavailable")},
		{name: "token: undeclared status",
			method: http.MethodPost, target: "/ims/token/v3", reqType: formType, reqBody: imsForm,
			status: http.StatusTeapot, respType: imsJSON, respBody: err("invalid_client", "x"),
			want: want{side: contracts.Response, rule: "status"}},
		{name: "keys: IMS's published set",
			method: http.MethodGet, target: "/ims/keys", status: 200, respType: imsJSON, respBody: imsKeys},
		{name: "keys: an empty set",
			method: http.MethodGet, target: "/ims/keys", status: 200, respType: imsJSON, respBody: `{"keys":[]}`, want: respBody},
		{name: "keys: an HMAC key",
			method: http.MethodGet, target: "/ims/keys", status: 200, respType: imsJSON,
			respBody: `{"keys":[{"alg":"HS256","kty":"oct","use":"sig","kid":"k","e":"AQAB","n":"x"}]}`, want: respBody},
		{name: "keys: a short modulus",
			method: http.MethodGet, target: "/ims/keys", status: 200, respType: imsJSON,
			respBody: `{"keys":[{"alg":"RS256","kty":"RSA","use":"sig","kid":"k","e":"AQAB","n":"gBI3r_iauYJr"}]}`, want: respBody},
		{name: "unknown path",
			method: http.MethodPost, target: "/ims/token/v2", status: 404, want: want{side: contracts.Request, rule: "route"}},
		{name: "wrong method",
			method: http.MethodGet, target: "/ims/token/v3", status: 405, want: want{side: contracts.Request, rule: "route"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertVerdict(t, judgeExchange(t, c, tt), tt.want)
		})
	}
}

// TestAdobeIMSServiceHonoursContract drives the emulator's IMS through
// every outcome and checks each exchange against the contract: a mismatch
// is a service bug or a contract bug.
func TestAdobeIMSServiceHonoursContract(t *testing.T) {
	c := loadContract(t, adobeIMS)
	frozen := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	svc, err := adobeims.New(adobeims.Config{}, func() time.Time { return frozen })
	require.NoError(t, err)
	require.NoError(t, svc.Seed(adobeims.Demo()))

	// serve sends one request through the contract and the service. want
	// is the request violation a malformed request must get; the response
	// must always be legal.
	serve := func(t *testing.T, method, target, contentType, body string, header http.Header, want *want) *httptest.ResponseRecorder {
		t.Helper()
		rec, v := roundTrip(c, svc, newRequest(method, target, contentType, body, header))
		if want == nil {
			assert.True(t, v.OK(), "%s %s -> %d: %s\n%s", method, target, rec.Code, v.Summary(), rec.Body.String())
			return rec
		}
		assert.True(t, hasViolation(v, *want), "%s %s: want %s %s; got %s", method, target, want.side, want.rule, v.Summary())
		for _, got := range v.Violations {
			assert.Equal(t, contracts.Request, got.Side, "the answer is legal: %s", got)
		}
		return rec
	}
	form := func(kv ...string) string {
		v := url.Values{"grant_type": {"client_credentials"}, "client_id": {adobeims.DemoClientID},
			"client_secret": {adobeims.DemoClientSecret}, "scope": {"openid,AdobeID,read_organizations,additional_info.projectedProductContext,session"}}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				v.Del(kv[i])
			} else {
				v.Set(kv[i], kv[i+1])
			}
		}
		return v.Encode()
	}

	// Success in every parameter place.
	rec := serve(t, http.MethodPost, "/ims/token/v3", formType, form(), nil, nil)
	require.Equal(t, http.StatusOK, rec.Code)
	var answer struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &answer))
	tok, err := svc.Verify(answer.AccessToken)
	require.NoError(t, err)
	assert.Equal(t, adobeims.DemoOrgID, tok.OrgID)
	assert.Equal(t, http.StatusOK, serve(t, http.MethodPost, "/ims/token/v3?"+form(), "", "", nil, nil).Code)
	mp, mpType := multipartForm(t, map[string]string{"grant_type": "client_credentials", "client_secret": adobeims.DemoClientSecret, "scope": "openid"})
	assert.Equal(t, http.StatusOK, serve(t, http.MethodPost, "/ims/token/v3?client_id="+adobeims.DemoClientID, mpType, mp, nil, nil).Code)
	basic := http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(adobeims.DemoClientID+":"+adobeims.DemoClientSecret))}}
	assert.Equal(t, http.StatusOK, serve(t, http.MethodPost, "/ims/token/v3", formType, "grant_type=client_credentials&scope=openid", basic, nil).Code)

	// Every error of the token endpoint.
	for _, body := range []string{
		form("grant_type", ""), form("grant_type", "password"), form("client_id", ""), form("client_id", "nope"),
		form("client_secret", ""), form("client_secret", "wrong"), form("scope", ""), form("scope", "openid,admin"),
	} {
		rec := serve(t, http.MethodPost, "/ims/token/v3", formType, body, nil, nil)
		assert.Equal(t, http.StatusBadRequest, rec.Code, body)
	}

	// Bad input: the request breaks the contract, the answer does not.
	reqBody := &want{side: contracts.Request, rule: "body"}
	rec = serve(t, http.MethodPost, "/ims/token/v3", "application/json", `{"grant_type":"client_credentials"}`, nil, reqBody)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	rec = serve(t, http.MethodPost, "/ims/token/v3", formType, form()+"&pad="+strings.Repeat("a", 70<<10), nil, nil)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	rec = serve(t, http.MethodPost, "/ims/token/v3", formType, "%zz&&=&grant_type", nil, reqBody)
	assert.Equal(t, http.StatusBadRequest, rec.Code)

	// The key set, and a client verifying with it.
	rec = serve(t, http.MethodGet, "/ims/keys", "", "", nil, nil)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), `"kid":"ims_na1-key-at-1"`)

	// Off the route table: the contract knows no such operation.
	route := &want{side: contracts.Request, rule: "route"}
	assert.Equal(t, http.StatusMethodNotAllowed, serve(t, http.MethodGet, "/ims/token/v3", "", "", nil, route).Code)
	assert.Equal(t, http.StatusNotFound, serve(t, http.MethodGet, "/ims/profile/v1", "", "", nil, route).Code)
}
