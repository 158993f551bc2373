package faults

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func known(service, code string) bool { return service == "zoho-accounts" && code == "invalid_code" }

func fired(s *Set, c Call, n int) []bool {
	out := make([]bool, n)
	for i := range out {
		_, out[i] = s.Decide(c, t0)
	}
	return out
}

func TestMatchingAndLimits(t *testing.T) {
	token := Call{Service: "zoho-accounts", Operation: "token", Client: "c1"}
	tests := []struct {
		name string
		rule Rule
		call Call
		want []bool
	}{
		{"always", Rule{Action: Action{Status: 503}}, token, []bool{true, true, true}},
		{"times", Rule{Action: Action{Status: 503}, Limit: Limit{Times: 2}}, token, []bool{true, true, false}},
		{"nth only", Rule{Match: Match{Nth: 2}, Action: Action{Reset: true}}, token, []bool{false, true, false, false}},
		{"nth then times", Rule{Match: Match{Nth: 2}, Action: Action{Empty: true}, Limit: Limit{Times: 2}}, token, []bool{false, true, true, false}},
		{"other operation", Rule{Match: Match{Operation: "revokeToken"}, Action: Action{Status: 500}}, token, []bool{false, false}},
		{"other client", Rule{Match: Match{Client: "c2"}, Action: Action{Status: 500}}, token, []bool{false}},
		{"until passed", Rule{Action: Action{Status: 500}, Limit: Limit{Until: ptr(t0.Add(-time.Second))}}, token, []bool{false}},
		{"catalogue error", Rule{Match: Match{Service: "zoho-accounts"}, Action: Action{Error: "invalid_code"}}, token, []bool{true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(known)
			_, err := s.Add(tt.rule)
			require.NoError(t, err)
			assert.Equal(t, tt.want, fired(s, tt.call, len(tt.want)))
		})
	}
}

func TestProbabilityIsRepeatableForASeed(t *testing.T) {
	run := func() []bool {
		s := New(nil)
		_, err := s.Add(Rule{Action: Action{Status: 503}, Limit: Limit{Probability: 0.5, Seed: 42}})
		require.NoError(t, err)
		return fired(s, Call{}, 64)
	}
	a, b := run(), run()
	assert.Equal(t, a, b)
	assert.Contains(t, a, true)
	assert.Contains(t, a, false)
}

func TestInvalidRules(t *testing.T) {
	s := New(known)
	for name, r := range map[string]Rule{
		"no action":       {},
		"two actions":     {Action: Action{Reset: true, Empty: true}},
		"unknown error":   {Match: Match{Service: "zoho-accounts"}, Action: Action{Error: "nope"}},
		"error, no svc":   {Action: Action{Error: "invalid_code"}},
		"bad status":      {Action: Action{Status: 42}},
		"body, no status": {Action: Action{Body: json.RawMessage(`{}`)}},
		"probability > 1": {Action: Action{Status: 500}, Limit: Limit{Probability: 2}},
		"huge delay":      {Action: Action{Delay: Duration(time.Hour)}},
	} {
		_, err := s.Add(r)
		assert.ErrorIs(t, err, ErrInvalid, name)
	}
	assert.Empty(t, s.List())

	_, err := s.Add(Rule{ID: "a/b", Action: Action{Status: 500}})
	assert.ErrorIs(t, err, ErrInvalid, "ids must be usable in a URL path")
}

func TestFirstRuleWinsAndAllCount(t *testing.T) {
	s := New(nil)
	a, _ := s.Add(Rule{Action: Action{Status: 500}, Limit: Limit{Times: 1}})
	b, _ := s.Add(Rule{Action: Action{Status: 502}})
	r, ok := s.Decide(Call{}, t0)
	require.True(t, ok)
	assert.Equal(t, a.ID, r.ID)
	r, _ = s.Decide(Call{}, t0)
	assert.Equal(t, b.ID, r.ID)
	rules := s.List()
	assert.Equal(t, 2, rules[0].Seen)
	assert.Equal(t, 1, rules[0].Fired)
	assert.True(t, s.Remove(a.ID))
	assert.False(t, s.Remove(a.ID))
	s.Clear("")
	assert.Empty(t, s.List())
}

func TestDurationJSON(t *testing.T) {
	var a Action
	require.NoError(t, json.Unmarshal([]byte(`{"delay":"1.5s"}`), &a))
	assert.Equal(t, Duration(1500*time.Millisecond), a.Delay)
	require.NoError(t, json.Unmarshal([]byte(`{"delay":250}`), &a))
	assert.Equal(t, Duration(250*time.Millisecond), a.Delay)
	assert.Error(t, json.Unmarshal([]byte(`{"delay":"soon"}`), &a))
}

func ptr[T any](v T) *T { return &v }
