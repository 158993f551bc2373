package contracts_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
)

func sampleReport() *contracts.Report {
	return &contracts.Report{Target: "http://127.0.0.1:9595", Operations: []contracts.OperationResult{
		{Contract: "zoho-crm", Operation: "listRecords", Method: "GET", Path: "/crm/{version}/{module_api_name}", Outcome: contracts.Passed, Success: true,
			Cases: []contracts.CaseResult{{Name: "valid", Valid: true, Status: 200}}},
		{Contract: "zoho-crm", Operation: "getRecord", Method: "GET", Path: "/crm/{version}/{module_api_name}/{record_id}", Outcome: contracts.Violated,
			Cases: []contracts.CaseResult{{Name: "valid", Valid: true, Status: 500, Violations: []contracts.Violation{{Side: contracts.Response, Rule: "status", Message: "status is not supported"}}}}},
		{Contract: "flow-service", Operation: "getFlow", Method: "GET", Path: "/data/foundation/flowservice/flows/{flowId}", Outcome: contracts.NotCovered, Reason: "skipped by the target"},
	}}
}

func TestReportFormats(t *testing.T) {
	r := sampleReport()
	assert.False(t, r.OK())
	assert.Equal(t, contracts.Totals{Operations: 3, Passed: 1, Violated: 1, NotCovered: 1, Success: 1, Requests: 2}, r.Totals())

	var text bytes.Buffer
	require.NoError(t, r.Write(&text, "text"))
	assert.Contains(t, text.String(), "zoho-crm/getRecord violated:")
	assert.Contains(t, text.String(), "flow-service/getFlow not covered: skipped by the target")

	var js bytes.Buffer
	require.NoError(t, r.Write(&js, "json"))
	var doc struct {
		Totals     contracts.Totals
		Operations []contracts.OperationResult
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	assert.Equal(t, r.Totals(), doc.Totals)
	assert.Equal(t, r.Operations, doc.Operations)

	var junit bytes.Buffer
	require.NoError(t, r.Write(&junit, "junit"))
	var suites struct {
		Tests  int `xml:"tests,attr"`
		Fails  int `xml:"failures,attr"`
		Skip   int `xml:"skipped,attr"`
		Suites []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(junit.Bytes(), &suites))
	assert.Equal(t, 3, suites.Tests)
	assert.Equal(t, 1, suites.Fails)
	assert.Equal(t, 1, suites.Skip)
	require.Len(t, suites.Suites, 2)
	assert.NotNil(t, suites.Suites[0].Cases[1].Failure)

	var sarif bytes.Buffer
	require.NoError(t, r.Write(&sarif, "sarif"))
	var log struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	require.NoError(t, json.Unmarshal(sarif.Bytes(), &log))
	assert.Equal(t, "2.1.0", log.Version)
	require.Len(t, log.Runs[0].Results, 2)
	res := log.Runs[0].Results[0]
	assert.Equal(t, "response/status", res.RuleID)
	assert.Equal(t, "error", res.Level)
	assert.Equal(t, "openapi/zoho-crm.yaml", res.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	assert.Positive(t, res.Locations[0].PhysicalLocation.Region.StartLine, "the operation's line in the contract")
	assert.Equal(t, "not-covered", log.Runs[0].Results[1].RuleID)

	assert.Error(t, r.Write(&text, "yaml"))
}
