package convert_test

import (
	"fmt"
	"net/url"

	"github.com/zohoaep/zohoaep/contracts/cassette"
	"github.com/zohoaep/zohoaep/scenarios/convert"
)

// A recording in which the refresh an hour on met one 503 becomes a
// scenario: the hour passes, the outage is a fault rule, and the refresh
// is bounded.
func ExampleCassette() {
	c := &cassette.Cassette{Version: cassette.Version, Interactions: []cassette.Interaction{
		consented, exchanged, info,
		ix("zoho-accounts", "token", "POST", "/oauth/v2/token", "", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok1}}, 503, `{"error":"internal_error"}`),
		refreshed, info,
	}}
	conv, err := convert.Cassette(c, convert.Options{ID: "refresh-after-outage"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, st := range conv.Scenario.Steps {
		switch {
		case st.Client != "":
			fmt.Printf("client %s, ok=%v\n", st.Client, st.Expect.OK)
		case st.Advance != "":
			fmt.Println("advance", st.Advance)
		case st.Fault != nil:
			fmt.Printf("fault %s/%s: %d, %d time(s)\n", st.Fault.Match.Service, st.Fault.Match.Operation, st.Fault.Action.Status, st.Fault.Limit.Times)
		}
	}
	for _, ch := range conv.Scenario.Journal {
		if ch.Name == "calls to zoho-accounts/token (grant_type=refresh_token)" {
			fmt.Printf("%s: %d to %d\n", ch.Name, *ch.Min, *ch.Max)
		}
	}
	// Output:
	// client authorize, ok=true
	// client exchange, ok=true
	// client call, ok=true
	// advance 61m
	// fault zoho-accounts/token: 503, 1 time(s)
	// client call, ok=true
	// calls to zoho-accounts/token (grant_type=refresh_token): 1 to 3
}
