package contracts_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/zohoaep/zohoaep/contracts"
)

// A client's own test wraps its transport: here a fake Zoho Accounts
// forgets the api_domain and scope of its token answer, which no form of
// Zoho's answer allows. In a Go test, contracts.NewTransport(t, base)
// fails t instead of printing.
func ExampleTransport() {
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		fmt.Fprint(w, `{"access_token":"1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef","token_type":"Bearer","expires_in":3600}`)
	}))
	defer fake.Close()

	client := &http.Client{Transport: &contracts.Transport{Report: func(r *http.Request, v contracts.Verdict) {
		for _, x := range v.Violations {
			fmt.Printf("%s/%s: %s\n", v.Contract, v.Operation, x)
		}
	}}}
	resp, err := client.PostForm(fake.URL+"/oauth/v2/token", url.Values{
		"grant_type": {"refresh_token"}, "client_id": {"1000.ABC"}, "client_secret": {"s"}, "refresh_token": {"1000.x.y"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = resp.Body.Close()
	// Output:
	// zoho-accounts/token: response body: value doesn't match any schema from "oneOf"
}
