package adobeims_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

// ExampleNew mints a token for the demo credential, as a Server-to-Server
// client does, and verifies it, as the Flow Service gateway does.
func ExampleNew() {
	ims, err := adobeims.New(adobeims.Config{}, nil)
	if err != nil {
		panic(err)
	}
	if err := ims.Seed(adobeims.Demo()); err != nil {
		panic(err)
	}
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {adobeims.DemoClientID},
		"client_secret": {adobeims.DemoClientSecret},
		"scope":         {"openid,AdobeID,read_organizations,additional_info.projectedProductContext,session"},
	}
	r := httptest.NewRequest(http.MethodPost, "/ims/token/v3", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	ims.ServeHTTP(rec, r)

	var answer struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
		panic(err)
	}
	fmt.Println(rec.Code, answer.TokenType, answer.ExpiresIn)

	tok, err := ims.Verify(answer.AccessToken)
	if err != nil {
		panic(err)
	}
	sandbox, _ := ims.Sandbox(tok.OrgID, "prod")
	fmt.Println(tok.ClientID, tok.OrgID, tok.HasScope("AdobeID"), sandbox.Type)
	// Output:
	// 200 bearer 86399
	// zohoaep-demo-client ZOHOAEPDEMO0000000000000@AdobeOrg true production
}
