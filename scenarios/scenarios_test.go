package scenarios_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

func TestReferenceClientPassesTheCatalogue(t *testing.T) {
	ref, err := refclient.New()
	require.NoError(t, err)
	scenarios.Run(t, ref)
}

// TestEveryScenarioCanFail is the honesty matrix: every scenario fails
// for at least one broken client (a scenario that cannot fail is a
// defect), and every broken client fails at least one scenario. The
// search stops at the first catch, so the run stays short.
func TestEveryScenarioCanFail(t *testing.T) {
	list, err := scenarios.Catalog()
	require.NoError(t, err)
	var mu sync.Mutex
	caughtBy := map[string]string{} // scenario -> first flaw that fails it
	proven := map[refclient.Flaw]string{}
	try := func(t *testing.T, flaw refclient.Flaw, sc scenarios.Scenario) bool {
		c, err := refclient.New(flaw)
		require.NoError(t, err)
		r := scenarios.Execute(context.Background(), c, []scenarios.Scenario{sc}, scenarios.Options{}).Results[0]
		require.NotEqual(t, scenarios.Error, r.Status, "%s with %s: %s", sc.ID, flaw, r.Reason)
		return r.Status == scenarios.Fail
	}
	t.Run("scenarios", func(t *testing.T) {
		for _, sc := range list {
			t.Run(sc.ID, func(t *testing.T) {
				t.Parallel()
				for _, flaw := range unprovenFirst(&mu, proven) {
					if try(t, flaw, sc) {
						mu.Lock()
						caughtBy[sc.ID], proven[flaw] = string(flaw), sc.ID
						mu.Unlock()
						return
					}
				}
				t.Errorf("no broken client fails %s: it cannot fail", sc.ID)
			})
		}
	})
	t.Run("flaws", func(t *testing.T) {
		for _, flaw := range refclient.Flaws() {
			t.Run(string(flaw), func(t *testing.T) {
				t.Parallel()
				if proven[flaw] != "" {
					return
				}
				for _, sc := range cheapFirst(list) {
					if try(t, flaw, sc) {
						return
					}
				}
				t.Errorf("no scenario catches %s", flaw)
			})
		}
	})
}

// unprovenFirst orders the flaws so that those no scenario has caught yet
// come first, which spares the flaws phase most of its work.
func unprovenFirst(mu *sync.Mutex, proven map[refclient.Flaw]string) []refclient.Flaw {
	mu.Lock()
	defer mu.Unlock()
	var first, then []refclient.Flaw
	for _, f := range refclient.Flaws() {
		if proven[f] == "" {
			first = append(first, f)
		} else {
			then = append(then, f)
		}
	}
	return append(first, then...)
}

// cheapFirst puts the scenarios that read a whole module or build a
// dataflow last.
func cheapFirst(list []scenarios.Scenario) []scenarios.Scenario {
	out := slices.Clone(list)
	cost := func(sc scenarios.Scenario) int {
		if slices.Contains(sc.Roles, scenarios.RoleCRMReader) || slices.Contains(sc.Roles, scenarios.RoleAEPDataflow) {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(out, func(a, b scenarios.Scenario) int { return cost(a) - cost(b) })
	return out
}
