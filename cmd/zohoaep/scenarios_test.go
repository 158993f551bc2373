package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
)

func TestScenariosRunExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		flags  scenarioFlags
		code   int
		stdout string
		stderr string
	}{
		{"reference passes", scenarioFlags{client: "builtin:reference", only: []string{"grant-code-expired"}, format: "console"},
			0, "1 passed, 0 failed", ""},
		{"a broken client fails", scenarioFlags{client: "builtin:retries-invalid-code", only: []string{"grant-code-expired"}, format: "console"},
			1, "The client retried a grant code Zoho had refused as invalid_code.", ""},
		{"list", scenarioFlags{list: true, only: []string{"scope-mismatch"}, format: "console"},
			0, "scope-mismatch", ""},
		{"unknown scenario", scenarioFlags{client: "builtin:reference", only: []string{"nope"}, format: "console"}, 2, "", `no scenario "nope"`},
		{"unknown builtin", scenarioFlags{client: "builtin:nope", format: "console"}, 2, "", "want builtin:reference"},
		{"unknown format", scenarioFlags{client: "builtin:reference", format: "yaml"}, 2, "", "--format"},
		{"keep-clock without an emulator", scenarioFlags{client: "builtin:reference", format: "console", keep: true}, 2, "", "--keep-clock"},
		{"negative parallel", scenarioFlags{client: "builtin:reference", format: "console", parallel: -1}, 2, "", "--parallel"},
		{"a command that plays nothing", scenarioFlags{client: "true", format: "console"}, 1, "", "no JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := runScenarios(context.Background(), tc.flags, &out, &errb)
			assert.Equal(t, tc.code, code, "stdout: %s\nstderr: %s", out.String(), errb.String())
			assert.Contains(t, out.String(), tc.stdout)
			assert.Contains(t, errb.String(), tc.stderr)
		})
	}
}

func TestScenariosRunReportFormats(t *testing.T) {
	dir := t.TempDir()
	base := scenarioFlags{client: "builtin:drops-sandbox", only: []string{"missing-sandbox-header", "grant-code-expired"}}

	jsonFile := filepath.Join(dir, "report.json")
	f := base
	f.format, f.out = "json", jsonFile
	require.Equal(t, 1, runScenarios(context.Background(), f, &bytes.Buffer{}, &bytes.Buffer{}))
	var rep struct {
		Client  string         `json:"client"`
		OK      bool           `json:"ok"`
		Counts  map[string]int `json:"counts"`
		Results []struct {
			ID       string `json:"id"`
			Status   string `json:"status"`
			Findings []struct {
				Says     string   `json:"says"`
				Evidence []string `json:"evidence"`
			} `json:"findings"`
		} `json:"results"`
	}
	data, err := os.ReadFile(jsonFile)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &rep))
	assert.Equal(t, "builtin:drops-sandbox", rep.Client)
	assert.False(t, rep.OK)
	assert.Equal(t, map[string]int{"pass": 1, "fail": 1}, rep.Counts)
	require.Len(t, rep.Results, 2)
	failed := rep.Results[1]
	assert.Equal(t, "missing-sandbox-header", failed.ID)
	require.NotEmpty(t, failed.Findings)
	assert.NotEmpty(t, failed.Findings[0].Evidence)
	assert.NotContains(t, string(data), "zohoaep-demo-secret", "no secret in a report")
	assert.NotContains(t, string(data), "0123456789abcdef0123456789abcdef0123456789", "no secret in a report")

	junitFile := filepath.Join(dir, "report.xml")
	f.format, f.out = "junit", junitFile
	require.Equal(t, 1, runScenarios(context.Background(), f, &bytes.Buffer{}, &bytes.Buffer{}))
	data, err = os.ReadFile(junitFile)
	require.NoError(t, err)
	var suites struct {
		Suites []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(data, &suites))
	require.Len(t, suites.Suites, 1)
	assert.Equal(t, 2, suites.Suites[0].Tests)
	assert.Equal(t, 1, suites.Suites[0].Failures)
	assert.Nil(t, suites.Suites[0].Cases[0].Failure)
	require.NotNil(t, suites.Suites[0].Cases[1].Failure)
	assert.Contains(t, suites.Suites[0].Cases[1].Failure.Message, "x-sandbox-name")
}

// TestScenariosRunAgainstAServingEmulator runs two scenarios against an
// emulator serving on loopback, each in a tenant of its own; --keep-clock
// skips the one that would move the shared clock.
func TestScenariosRunAgainstAServingEmulator(t *testing.T) {
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo()})
	require.NoError(t, err)
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })
	f := scenarioFlags{client: "builtin:reference", emulator: e.URL(), keep: true, format: "json",
		only: []string{"grant-code-expired", "scope-mismatch"}}
	var out, errb bytes.Buffer
	require.Equal(t, 0, runScenarios(context.Background(), f, &out, &errb), errb.String())
	var rep struct {
		Results []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
			Reason string `json:"reason"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep), out.String())
	require.Len(t, rep.Results, 2)
	assert.Equal(t, "skip", rep.Results[0].Status)
	assert.Contains(t, rep.Results[0].Reason, "--keep-clock")
	assert.Equal(t, "pass", rep.Results[1].Status)
	orgs := e.Export().Zoho.Orgs
	require.Len(t, orgs, 1, "the scenario's tenant is gone")
	assert.Equal(t, emulator.DemoOrgID, orgs[0].Org.ID)
}

// TestScenariosRunBundles: --bundles leaves a repro bundle per failure,
// which serve --bundle starts from and says what it holds.
func TestScenariosRunBundles(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	f := scenarioFlags{client: "builtin:retries-invalid-code", only: []string{"grant-code-expired"}, format: "console", bundles: dir}
	require.Equal(t, 1, runScenarios(context.Background(), f, &out, &bytes.Buffer{}))
	path := filepath.Join(dir, "grant-code-expired.bundle.json.gz")
	assert.Contains(t, out.String(), "repro bundle: "+path)

	b, err := readBundle(path)
	require.NoError(t, err)
	var banner bytes.Buffer
	printBundle(&banner, b, "http://127.0.0.1:9595")
	assert.Contains(t, banner.String(), "Repro bundle of an in-process emulator")
	assert.Contains(t, banner.String(), "scenario  grant-code-expired (fail) with client builtin:retries-invalid-code")
	assert.Contains(t, banner.String(), "The client retried a grant code Zoho had refused as invalid_code.")
	assert.Contains(t, banner.String(), "http://127.0.0.1:9595/_emulator/ui/journal")
}
