package scenarios

import (
	"context"
	"strings"
	"testing"
)

// Run runs the whole catalogue against client as subtests of t, each on a
// fresh in-process emulator, in parallel where the scenario allows. A
// scenario for a role the client does not play is skipped; a missed
// expectation fails the subtest with its evidence.
func Run(t *testing.T, client Client) {
	t.Helper()
	list, err := Catalog()
	if err != nil {
		t.Fatalf("scenarios: %v", err)
	}
	RunScenarios(t, client, list, Options{})
}

// RunScenarios is Run with a chosen list and options.
func RunScenarios(t *testing.T, client Client, list []Scenario, opts Options) {
	t.Helper()
	for _, sc := range list {
		t.Run(sc.ID, func(t *testing.T) {
			if !sc.Serial && opts.Target.URL == "" {
				t.Parallel()
			}
			res := runOne(context.Background(), client, sc, opts)
			switch res.Status {
			case Skip:
				t.Skip(res.Reason)
			case Error:
				t.Fatalf("harness error: %s", res.Reason)
			case Fail:
				for _, f := range res.Findings {
					t.Errorf("%s: %s\n  got: %s\n  %s", f.Check, f.Says, f.Got, strings.Join(f.Evidence, "\n  "))
				}
			}
		})
	}
}
