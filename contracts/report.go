package contracts

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Report is the outcome of a provider verification, per operation.
type Report struct {
	Target     string            `json:"target"`
	Operations []OperationResult `json:"operations"`
}

// Outcome is an operation's verdict in a report.
type Outcome string

const (
	Passed     Outcome = "passed"      // every answer kept the contract
	Violated   Outcome = "violated"    // an answer broke a rule
	NotCovered Outcome = "not-covered" // no valid request was sent
)

// OperationResult is one operation's cases and outcome.
type OperationResult struct {
	Contract  string  `json:"contract"`
	Operation string  `json:"operation"`
	Method    string  `json:"method"`
	Path      string  `json:"path"`
	Outcome   Outcome `json:"outcome"`
	// Reason says why an operation was not covered.
	Reason string `json:"reason,omitempty"`
	// Success says the valid request got a 2xx answer: a conforming 4xx
	// (say, an unknown id) covers the operation's contract but not its
	// success path.
	Success bool         `json:"success"`
	Cases   []CaseResult `json:"cases,omitempty"`
}

// CaseResult is one request sent and its judgement.
type CaseResult struct {
	Name       string      `json:"name"`
	Valid      bool        `json:"valid"`
	Rule       string      `json:"rule,omitempty"` // the rule an invalid request breaks
	Status     int         `json:"status,omitempty"`
	Violations []Violation `json:"violations,omitempty"`
	Error      string      `json:"error,omitempty"`
	Body       string      `json:"body,omitempty"` // the start of an answer that broke a rule
	// From names the operations whose answers gave values to this request
	// (the contract's links: the id of a connection just created).
	From []string `json:"from,omitempty"`
}

func (op *OperationResult) settle() {
	op.Outcome = Passed
	if op.Reason != "" {
		op.Outcome = NotCovered
	}
	for _, c := range op.Cases {
		if len(c.Violations) > 0 {
			op.Outcome = Violated
		}
	}
}

// Totals counts operations by outcome, and requests sent.
type Totals struct {
	Operations int `json:"operations"`
	Passed     int `json:"passed"`
	Violated   int `json:"violated"`
	NotCovered int `json:"not_covered"`
	Success    int `json:"success"` // operations whose valid request got a 2xx
	Requests   int `json:"requests"`
}

// Totals sums the report.
func (r *Report) Totals() Totals {
	var t Totals
	for _, op := range r.Operations {
		t.Operations++
		t.Requests += len(op.Cases)
		switch op.Outcome {
		case Passed:
			t.Passed++
		case Violated:
			t.Violated++
		case NotCovered:
			t.NotCovered++
		}
		if op.Success {
			t.Success++
		}
	}
	return t
}

// OK reports whether every operation was covered and kept the contract.
func (r *Report) OK() bool {
	t := r.Totals()
	return t.Violated == 0 && t.NotCovered == 0
}

// WriteText writes the report as a table, then every violation.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "CONTRACT\tOPERATION\tMETHOD\tPATH\tOUTCOME\tREQUESTS\t2XX\n")
	for _, op := range r.Operations {
		ok := "-"
		if op.Success {
			ok = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", op.Contract, op.Operation, op.Method, op.Path, op.Outcome, len(op.Cases), ok)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, op := range r.Operations {
		switch op.Outcome {
		case Violated:
			fmt.Fprintf(w, "\n%s/%s violated:\n%s", op.Contract, op.Operation, op.violationText())
		case NotCovered:
			fmt.Fprintf(w, "\n%s/%s not covered: %s\n", op.Contract, op.Operation, op.Reason)
		}
	}
	t := r.Totals()
	_, err := fmt.Fprintf(w, "\n%d operations: %d passed, %d violated, %d not covered; %d requests; %d reached a 2xx answer\n",
		t.Operations, t.Passed, t.Violated, t.NotCovered, t.Requests, t.Success)
	return err
}

// WriteJSON writes the report as one JSON document with its totals.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		*Report
		Totals Totals `json:"totals"`
	}{r, r.Totals()})
}

// Formats are the report formats Write knows.
var Formats = []string{"text", "json", "junit", "sarif"}

// Write writes the report in a named format.
func (r *Report) Write(w io.Writer, format string) error {
	switch strings.ToLower(format) {
	case "", "text":
		return r.WriteText(w)
	case "json":
		return r.WriteJSON(w)
	case "junit":
		return r.WriteJUnit(w)
	case "sarif":
		return r.WriteSARIF(w)
	}
	return fmt.Errorf("report format %q: want one of %s", format, strings.Join(Formats, ", "))
}
