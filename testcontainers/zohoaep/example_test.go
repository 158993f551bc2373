package zohoaep_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/testcontainers/testcontainers-go"
	"golang.org/x/oauth2"

	"github.com/zohoaep/zohoaep/testcontainers/zohoaep"
)

// ExampleRun starts the emulator in a container with consent approved at
// once, and points an ordinary golang.org/x/oauth2 client at its Zoho
// Accounts and its CRM API domain, as a test of a Zoho connector would.
// (It needs Docker, so `go test` compiles it without running it; the
// package's tests do the same for real.)
func ExampleRun() {
	ctx := context.Background()
	img := os.Getenv("ZOHOAEP_IMAGE") // a published or prebuilt image ...
	if img == "" {
		var err error // ... or one built from a checkout of zohoaep
		if img, err = zohoaep.BuildImage(ctx, "../..", "zohoaep:dev", nil); err != nil {
			log.Fatal(err)
		}
	}
	ctr, err := zohoaep.Run(ctx, img,
		zohoaep.WithConsent("approve:admin@zylker.test"), // no sign-in page
		zohoaep.WithRegion("NLD2"),                       // dataflows call Zoho from AEP's EU region
	)
	defer func() { _ = testcontainers.TerminateContainer(ctr) }()
	if err != nil {
		log.Fatal(err)
	}

	accounts, _ := ctr.AccountsURL(ctx, "us")
	apiDomain, _ := ctr.APIDomain(ctx, "us")
	conf := &oauth2.Config{
		ClientID:     "1000.DEMOSERVERCLIENT00000000000000", // the demo world's
		ClientSecret: "0123456789abcdef0123456789abcdef0123456789",
		RedirectURL:  "http://127.0.0.1:8000/callback",
		Scopes:       []string{"ZohoCRM.modules.ALL"},
		Endpoint: oauth2.Endpoint{
			AuthURL: accounts + "/oauth/v2/auth", TokenURL: accounts + "/oauth/v2/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
	// Consent is approved at once: the authorization URL redirects
	// straight to the redirect URI with a code.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(conf.AuthCodeURL("state", oauth2.AccessTypeOffline))
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := resp.Location()
	tok, err := conf.Exchange(ctx, loc.Query().Get("code"))
	if err != nil {
		log.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, apiDomain+"/crm/v8/Leads?fields=Last_Name", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+tok.AccessToken)
	leads, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer leads.Body.Close()
	fmt.Println(leads.Status)
}
