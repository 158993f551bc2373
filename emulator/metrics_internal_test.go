package emulator

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

func TestMetricsObserveAllocatesNothingOnceSeen(t *testing.T) {
	var m metrics
	e := &journal.Entry{Service: ServiceZohoAccounts, Operation: "token", Status: 200,
		Verdict: &contracts.Verdict{Violations: []contracts.Violation{{Side: contracts.Request, Rule: "body"}}}}
	m.observe(e) // first sight makes the counters
	// AllocsPerRun counts every goroutine's allocations, and other tests of
	// this package run in parallel: an allocation of observe's own shows in
	// every attempt, another goroutine's only in some, so the fewest counts.
	allocs := testing.AllocsPerRun(100, func() { m.observe(e) })
	runs := uint64(1 + 101)
	for attempt := 1; attempt < 5 && allocs > 0; attempt++ {
		allocs = min(allocs, testing.AllocsPerRun(100, func() { m.observe(e) }))
		runs += 101
	}
	assert.Zero(t, allocs)
	// the first call, then per attempt AllocsPerRun's warm-up call and its 100 runs
	assert.Equal(t, runs, m.requests[requestKey{ServiceZohoAccounts, "token", 200}].Load())
	assert.Equal(t, runs, m.violations[violationKey{ServiceZohoAccounts, "request", "body"}].Load())
}

func TestEscapeLabel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`a"b`, `a\"b`},
		{`a\b`, `a\\b`},
		{"a\nb", `a\nb`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, escapeLabel(tt.in))
	}
}
