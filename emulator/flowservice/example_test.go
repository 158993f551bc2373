package flowservice_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// imsOf is the smallest IMS: one token, one sandbox.
type imsOf struct{}

func (imsOf) Verify(token string) (flowservice.Identity, error) {
	if token != "token" {
		return flowservice.Identity{}, errors.New("unknown")
	}
	return flowservice.Identity{ClientID: "my_client", OrgID: "ACME@AdobeOrg", UserID: "me@AdobeID"}, nil
}

func (imsOf) Sandbox(org, name string) (flowservice.SandboxInfo, bool) {
	return flowservice.SandboxInfo{Name: "prod", ID: "1bd86660-c5da-11e9-93d4-6d5fc3a66a8e", Type: "production"}, name == "prod"
}

// ExampleNew creates a Zoho CRM base connection as the tutorial does, then
// reads a flow spec by name.
func ExampleNew() {
	svc := flowservice.New(flowservice.Config{}, imsOf{}, func() time.Time { return time.Unix(1772445600, 0) })
	call := func(method, path, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer token")
		r.Header.Set("x-api-key", "my_client")
		r.Header.Set("x-gw-ims-org-id", "ACME@AdobeOrg")
		r.Header.Set("x-sandbox-name", "prod")
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		svc.ServeHTTP(rec, r)
		return rec
	}
	rec := call(http.MethodPost, "/data/foundation/flowservice/connections", `{"name":"Zoho CRM base connection",
	 "auth":{"specName":"Basic Authentication","params":{"endpoint":"crm.zoho.com/crm/private","accountsUrl":"https://accounts.zoho.com",
	 "clientId":"1000.CLIENT","clientSecret":"secret","accessToken":"1000.a.b","refreshToken":"1000.c.d"}},
	 "connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309","version":"1.0"}}`)
	fmt.Println(rec.Code)
	rec = call(http.MethodGet, `/data/foundation/flowservice/flowSpecs?property=name=="CRMToAEP"&count=true`, "")
	fmt.Println(rec.Body.String())
	rec = call(http.MethodGet, "/data/foundation/flowservice/flows/nope", "")
	fmt.Println(rec.Code, strings.Contains(rec.Body.String(), "FLOW-1439-404"))
	// Output:
	// 201
	// {"count":1}
	// 404 true
}
