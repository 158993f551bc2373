package emulator_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// ExampleNew starts the demo world in process, generates a self-client
// grant code as Zoho's API console does, and exchanges it for tokens
// through the emulator's in-memory HTTP client, then lets an hour pass on
// the virtual clock.
func ExampleNew() {
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo()})
	if err != nil {
		panic(err)
	}
	defer e.Close()

	code, err := e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{
		ClientID: emulator.DemoSelfClientID,
		User:     emulator.DemoUserEmail,
		Scopes:   []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"},
		Lifetime: 3 * time.Minute,
	})
	if err != nil {
		panic(err)
	}

	resp, err := e.HTTPClient().PostForm(e.URL()+"/oauth/v2/token", url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {emulator.DemoSelfClientID},
		"client_secret": {emulator.DemoClientSecret},
		"code":          {code.Code},
	})
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
		Scope        string `json:"scope"`
		TokenType    string `json:"token_type"`
		ExpiresIn    int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, tok.TokenType, tok.ExpiresIn, tok.Scope)
	fmt.Println("refresh token issued:", tok.RefreshToken != "")

	e.Clock().Advance(time.Hour)
	live := e.Accounts().Tokens(zohoaccounts.TokenFilter{Kind: "access"})
	fmt.Println("live access tokens an hour later:", len(live))
	// Output:
	// 200 Bearer 3600 ZohoCRM.modules.ALL ZohoCRM.settings.ALL
	// refresh token issued: true
	// live access tokens an hour later: 0
}
