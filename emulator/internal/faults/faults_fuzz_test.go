package faults

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzRule holds the fault-rule document (as POST /_emulator/faults and a
// state import read it) to: no panic; a rule that is added reads back from
// its own JSON and is added again; deciding calls against it never panics
// and counts what it sees.
func FuzzRule(f *testing.F) {
	for _, s := range []string{
		`{"match":{"service":"zoho-accounts","operation":"token","nth":2},"action":{"error":"invalid_code"}}`,
		`{"match":{"service":"zoho-accounts"},"action":{"reset":true},"limit":{"times":1}}`,
		`{"action":{"empty":true},"limit":{"probability":0.5,"seed":7}}`,
		`{"action":{"delay":"1.5s"}}`,
		`{"action":{"delay":250}}`,
		`{"action":{"delay":-1}}`,
		`{"action":{"delay":1e300}}`,
		`{"action":{"status":503,"body":{"error_code":"503050","message":"Service Unavailable"}},"limit":{"until":"2026-01-01T00:00:00Z"}}`,
		`{"action":{"status":600}}`,
		`{"action":{"body":{}}}`,
		`{"id":"my-rule","action":{"status":429},"match":{"tenant":"810000001","client":"1000.X"}}`,
		`{"id":"bad id/","action":{"status":429}}`,
		`{"action":{"error":"nope"},"match":{"service":"zoho-crm"}}`,
		`{"action":{"status":500},"limit":{"probability":1.5}}`,
		`{"match":{"nth":-1},"action":{"status":500}}`,
		`{"action":{"delay":"5m0.000000001s"}}`,
		`[]`, `null`, `{"action":{"delay":{}}}`,
	} {
		f.Add([]byte(s))
	}
	known := func(service, code string) bool { return service == "zoho-accounts" && code == "invalid_code" }
	f.Fuzz(func(t *testing.T, doc []byte) {
		var r Rule
		if json.Unmarshal(doc, &r) != nil {
			return
		}
		s := New(known)
		added, err := s.Add(r)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalid)
			assert.Empty(t, s.List(), "a refused rule is not kept")
			return
		}
		require.Len(t, s.List(), 1)
		b, err := json.Marshal(added)
		require.NoError(t, err)
		var back Rule
		require.NoError(t, json.Unmarshal(b, &back), "%s", b)
		again := New(known)
		_, err = again.Add(back)
		require.NoError(t, err, "an added rule's own JSON is added again: %s", b)

		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i, c := range []Call{
			{Service: r.Match.Service, Operation: r.Match.Operation, Tenant: r.Match.Tenant, Client: r.Match.Client},
			{Service: "other"},
		} {
			_, _ = s.Decide(c, now.Add(time.Duration(i)*time.Hour))
		}
		got := s.List()[0]
		assert.GreaterOrEqual(t, got.Seen, 1, "the matching call was seen")
		assert.LessOrEqual(t, got.Fired, got.Seen)
		require.Error(t, s.Load([]Rule{{Action: Action{Status: 700}}}))
		assert.Len(t, s.List(), 1, "a refused load changes nothing")
	})
}
