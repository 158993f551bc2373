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
	allocs := testing.AllocsPerRun(100, func() { m.observe(e) })
	assert.Zero(t, allocs)
	// one call, AllocsPerRun's warm-up call, and its 100 runs
	assert.Equal(t, uint64(102), m.requests[requestKey{ServiceZohoAccounts, "token", 200}].Load())
	assert.Equal(t, uint64(102), m.violations[violationKey{ServiceZohoAccounts, "request", "body"}].Load())
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
