package contracts

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/zohoaep/zohoaep/openapi"
)

// JUnit XML: one test suite per contract, one test case per operation;
// a violated operation fails, one not covered is skipped.

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Name    string       `xml:"name,attr"`
	Tests   int          `xml:"tests,attr"`
	Fails   int          `xml:"failures,attr"`
	Skipped int          `xml:"skipped,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name    string      `xml:"name,attr"`
	Tests   int         `xml:"tests,attr"`
	Fails   int         `xml:"failures,attr"`
	Skipped int         `xml:"skipped,attr"`
	Cases   []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the report as JUnit XML.
func (r *Report) WriteJUnit(w io.Writer) error {
	doc := junitSuites{Name: "zohoaep contracts verify " + r.Target}
	index := map[string]int{}
	for _, op := range r.Operations {
		i, ok := index[op.Contract]
		if !ok {
			i = len(doc.Suites)
			index[op.Contract] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: op.Contract})
		}
		s := &doc.Suites[i]
		tc := junitCase{Name: op.Operation + " " + op.Method + " " + op.Path, Classname: "contracts." + op.Contract,
			SystemOut: fmt.Sprintf("%d requests; 2xx reached: %v", len(op.Cases), op.Success)}
		switch op.Outcome {
		case Violated:
			tc.Failure = &junitMessage{Message: "the answers break the contract", Text: op.violationText()}
			s.Fails++
		case NotCovered:
			tc.Skipped = &junitMessage{Message: op.Reason}
			s.Skipped++
		}
		s.Tests++
		s.Cases = append(s.Cases, tc)
	}
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Fails += s.Fails
		doc.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// SARIF 2.1.0: one result per violation (and per operation not covered),
// located at the operation in the contract's YAML file, so code-scanning
// views show it beside the contract.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string    `json:"id"`
	ShortDescription sarifText `json:"shortDescription"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	Physical sarifPhysical  `json:"physicalLocation"`
	Logical  []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// WriteSARIF writes the report as a SARIF 2.1.0 log.
func (r *Report) WriteSARIF(w io.Writer) error {
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "zohoaep contracts verify", InformationURI: "https://github.com/zohoaep/zohoaep"}}, Results: []sarifResult{}}
	rules := map[string]bool{}
	add := func(op OperationResult, rule, level, msg string) {
		rules[rule] = true
		loc := sarifLocation{
			Physical: sarifPhysical{Artifact: sarifArtifact{URI: "openapi/" + op.Contract + ".yaml"}},
			Logical:  []sarifLogical{{Name: op.Operation, FullyQualifiedName: op.Contract + "/" + op.Operation, Kind: "function"}},
		}
		if line := operationLine(op.Contract, op.Operation); line > 0 {
			loc.Physical.Region = &sarifRegion{StartLine: line}
		}
		run.Results = append(run.Results, sarifResult{RuleID: rule, Level: level, Message: sarifText{Text: msg}, Locations: []sarifLocation{loc}})
	}
	for _, op := range r.Operations {
		if op.Outcome == NotCovered {
			add(op, "not-covered", "warning", fmt.Sprintf("%s %s not covered: %s", op.Method, op.Path, op.Reason))
		}
		for _, c := range op.Cases {
			for _, v := range c.Violations {
				add(op, string(v.Side)+"/"+v.Rule, "error",
					fmt.Sprintf("%s %s, %s request (status %d): %s", op.Method, op.Path, c.Name, c.Status, v))
			}
		}
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	run.Tool.Driver.Rules = []sarifRule{}
	for _, id := range ids {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: id, ShortDescription: sarifText{Text: ruleText(id)}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

func ruleText(id string) string {
	if id == "not-covered" {
		return "An operation no valid request could be sent to"
	}
	side, rule, _ := strings.Cut(id, "/")
	return "The " + side + " breaks the contract's " + rule + " rule"
}

// operationLine finds the line of an operation's operationId in the
// embedded contract, or 0.
func operationLine(contract, operation string) int {
	data, err := openapi.Spec(contract)
	if err != nil {
		return 0
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if strings.TrimSpace(string(line)) == "operationId: "+operation {
			return i + 1
		}
	}
	return 0
}
