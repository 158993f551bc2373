package scenarios_test

import (
	"context"
	"fmt"

	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

// Execute runs chosen scenarios against a client and reports; Run(t,
// client) does the same as subtests of a Go test.
func ExampleExecute() {
	all, _ := scenarios.Catalog()
	list, _ := scenarios.Select(all, []string{"grant-code-expired", "refresh-once-per-expiry"}, nil)

	broken, _ := refclient.New(refclient.RefreshesEveryCall)
	rep := scenarios.Execute(context.Background(), broken, list, scenarios.Options{})
	for _, r := range rep.Results {
		fmt.Println(r.ID, r.Status)
		for _, f := range r.Findings {
			fmt.Println(" ", f.Says)
		}
	}
	// Output:
	// grant-code-expired pass
	// refresh-once-per-expiry fail
	//   The client refreshed its access token on calls that did not need it.
}
