package scenarios_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/zohoaep/zohoaep/scenarios"
)

const minimal = `
id: tiny
title: A tiny scenario
class: oauth
why: Because.
roles: [zoho-oauth]
steps:
  - client: authorize
  - client: exchange
    expect: {fail: invalid_code}
`

func TestParseMinimal(t *testing.T) {
	s, err := scenarios.Parse([]byte(minimal))
	require.NoError(t, err)
	assert.Equal(t, "tiny", s.ID)
	assert.Equal(t, []scenarios.Role{scenarios.RoleZohoOAuth}, s.Roles)
	require.Len(t, s.Steps, 2)
	assert.Equal(t, "invalid_code", s.Steps[1].Expect.Fail)
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"empty", "", "empty document"},
		{"unknown field", minimal + "colour: blue\n", "field colour not found"},
		{"unknown step field", minimal + "  - client: call\n    retries: 3\n", "field retries not found"},
		{"two documents", minimal + "---\nid: other\n", "more than one document"},
		{"bad id", replace(minimal, "id: tiny", "id: Tiny Scenario"), "lower-case"},
		{"bad class", replace(minimal, "class: oauth", "class: weather"), "class"},
		{"unknown role", replace(minimal, "roles: [zoho-oauth]", "roles: [tea-maker]"), "unknown"},
		{"intent of another role", minimal + "  - client: read\n", "is not one of zoho-oauth's"},
		{"role not the scenario's", minimal + "  - client: read\n    role: crm-reader\n", "not among the scenario's roles"},
		{"two actions in a step", minimal + "  - advance: 1h\n    revoke: refresh\n", "exactly one"},
		{"bad duration", minimal + "  - advance: soon\n", "Go duration"},
		{"ok and fail", minimal + "  - client: call\n    expect: {ok: true, fail: throttled}\n", "exactly one of ok and fail"},
		{"cannot fail", replace(minimal, "    expect: {fail: invalid_code}\n", ""), "cannot fail"},
		{"check without bounds", minimal + "journal:\n  - name: x\n    says: y\n", "min, max or each"},
		{"check without says", minimal + "journal:\n  - name: x\n    max: 1\n", "says"},
		{"error fault without service", minimal + "setup:\n  faults:\n    - {action: {error: invalid_code}}\n", "match.service"},
		{"long delay", minimal + "setup:\n  faults:\n    - {match: {service: zoho-crm}, action: {delay: 1m}}\n", "up to 5s"},
		{"bad clock", minimal + "setup:\n  clock: tomorrow\n", "RFC 3339"},
		{"wrong type", replace(minimal, "roles: [zoho-oauth]", "roles: zoho-oauth"), "cannot unmarshal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenarios.Parse([]byte(tc.doc))
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func replace(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic("no " + old)
	}
	return strings.Replace(s, old, new, 1)
}

func TestCatalogue(t *testing.T) {
	list, err := scenarios.Catalog()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(list), 30)
	classes := map[string]int{}
	roles := map[scenarios.Role]int{}
	for _, s := range list {
		classes[s.Class]++
		for _, r := range s.Roles {
			roles[r]++
		}
	}
	for _, c := range scenarios.Classes {
		assert.Positive(t, classes[c], "class %s has no scenario", c)
	}
	for _, r := range scenarios.Roles {
		assert.Positive(t, roles[r], "role %s has no scenario", r)
	}
}

func TestSelect(t *testing.T) {
	list, err := scenarios.Catalog()
	require.NoError(t, err)
	got, err := scenarios.Select(list, []string{"grant-code-expired", "scope-mismatch"}, []string{"scope-mismatch"})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "grant-code-expired", got[0].ID)
	_, err = scenarios.Select(list, []string{"no-such-scenario"}, nil)
	assert.ErrorContains(t, err, "no scenario")
}

// A tool that writes scenarios (a cassette converter) marshals the Go
// types; what it writes must parse back to the same scenario.
func TestScenarioRoundTrip(t *testing.T) {
	list, err := scenarios.Catalog()
	require.NoError(t, err)
	for _, s := range list {
		data, err := yaml.Marshal(s)
		require.NoError(t, err, s.ID)
		back, err := scenarios.Parse(data)
		require.NoError(t, err, "%s:\n%s", s.ID, data)
		assert.Equal(t, s, back, s.ID)
	}
}
