package scenarios_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/scenarios"
)

func sampleReport() scenarios.Report {
	return scenarios.Report{Client: "builtin:x", Duration: 1500 * time.Millisecond, Results: []scenarios.Result{
		{ID: "a", Class: "oauth", Status: scenarios.Pass},
		{ID: "b", Class: "oauth", Status: scenarios.Fail, Findings: []scenarios.Finding{{
			Check: "one refresh", Says: "The client refreshed twice.", Got: "2 matching calls",
			Evidence: []string{"#4 POST /oauth/v2/token → 200"}}}},
		{ID: "c", Class: "aep", Status: scenarios.Skip, Reason: "the client does not play aep-connection"},
		{ID: "d", Class: "crm", Status: scenarios.Pass},
	}}
}

func TestScores(t *testing.T) {
	rep := sampleReport()
	assert.Equal(t, []scenarios.Score{{Class: "oauth", Passed: 1, Run: 2}, {Class: "crm", Passed: 1, Run: 1}}, rep.Scores(),
		"skipped scenarios are not run; classes in catalogue order")
	assert.Equal(t, map[scenarios.Status]int{scenarios.Pass: 2, scenarios.Fail: 1, scenarios.Skip: 1}, rep.Counts())
	assert.False(t, rep.OK())
}

func TestConsoleReport(t *testing.T) {
	var plain, color bytes.Buffer
	require.NoError(t, sampleReport().Write(&plain, "console", false))
	require.NoError(t, sampleReport().Write(&color, "console", true))
	out := plain.String()
	for _, want := range []string{"builtin:x, 4 scenarios in 1.5s", "FAIL  oauth", "✗ one refresh: The client refreshed twice.",
		"got: 2 matching calls", "#4 POST /oauth/v2/token → 200", "the client does not play aep-connection",
		"oauth         1/2", "50%", "2 passed, 1 failed, 1 skipped"} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "\x1b[", "no colour unless asked")
	assert.Contains(t, color.String(), "\x1b[31;1mFAIL\x1b[0m")
}

func TestJSONReport(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, sampleReport().Write(&b, "json", false))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	assert.Equal(t, false, doc["ok"])
	assert.Equal(t, map[string]any{"pass": 2.0, "fail": 1.0, "skip": 1.0}, doc["counts"])
	assert.Len(t, doc["results"], 4)
}

func TestUnknownFormat(t *testing.T) {
	assert.ErrorContains(t, sampleReport().Write(&bytes.Buffer{}, "yaml", false), "unknown format")
}

func TestProgress(t *testing.T) {
	var b bytes.Buffer
	update, clear := scenarios.Progress(&b, 4, false)
	update(scenarios.Result{ID: "a", Status: scenarios.Pass})
	update(scenarios.Result{ID: "b", Status: scenarios.Fail})
	clear()
	assert.Contains(t, b.String(), "[1/4] PASS a")
	assert.Contains(t, b.String(), "[2/4] FAIL b  (pass 1, fail 1)")
	assert.True(t, bytes.HasSuffix(b.Bytes(), []byte("\r\x1b[K")))
}
