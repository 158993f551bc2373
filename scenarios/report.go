package scenarios

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Formats are the report formats.
var Formats = []string{"console", "json", "junit"}

// Write renders the report in a format: console (colours when color),
// json or junit.
func (r Report) Write(w io.Writer, format string, color bool) error {
	switch format {
	case "console", "":
		return r.writeConsole(w, color)
	case "json":
		return r.writeJSON(w)
	case "junit":
		return r.writeJUnit(w)
	}
	return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(Formats, ", "))
}

// palette colours console output, or not.
type palette struct{ on bool }

func (p palette) paint(code, s string) string {
	if !p.on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p palette) status(s Status) string {
	label := strings.ToUpper(string(s))
	switch s {
	case Pass:
		return p.paint("32", label)
	case Fail:
		return p.paint("31;1", label)
	case Error:
		return p.paint("35;1", label)
	}
	return p.paint("33", label)
}

func (r Report) writeConsole(w io.Writer, color bool) error {
	p := palette{on: color}
	var b strings.Builder
	fmt.Fprintf(&b, "zohoaep scenarios: %s, %d scenarios in %s\n\n", r.Client, len(r.Results), r.Duration.Round(time.Millisecond))
	for _, res := range r.Results {
		fmt.Fprintf(&b, "  %-4s  %-10s  %-34s  %s\n", p.status(res.Status), res.Class, res.ID, res.Title)
		if res.Reason != "" {
			fmt.Fprintf(&b, "        %s\n", p.paint("2", res.Reason))
		}
		if res.Bundle != "" {
			fmt.Fprintf(&b, "        repro bundle: %s (zohoaep serve --bundle %s)\n", res.Bundle, res.Bundle)
		}
		for _, f := range res.Findings {
			fmt.Fprintf(&b, "        %s %s: %s\n", p.paint("31", "✗"), f.Check, f.Says)
			fmt.Fprintf(&b, "          got: %s\n", f.Got)
			for _, e := range f.Evidence {
				fmt.Fprintf(&b, "          %s\n", p.paint("2", e))
			}
		}
	}
	b.WriteString("\nConformance by class\n")
	for _, s := range r.Scores() {
		pct := 100 * s.Passed / s.Run
		bar := strings.Repeat("█", pct/10) + strings.Repeat("░", 10-pct/10)
		fmt.Fprintf(&b, "  %-10s  %3d/%-3d  %s %3d%%\n", s.Class, s.Passed, s.Run, bar, pct)
	}
	c := r.Counts()
	fmt.Fprintf(&b, "\n%d passed, %d failed, %d skipped", c[Pass], c[Fail], c[Skip])
	if c[Error] > 0 {
		fmt.Fprintf(&b, ", %d errors", c[Error])
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonReport is the JSON document: the report with its tallies.
type jsonReport struct {
	Report
	Counts map[Status]int `json:"counts"`
	Scores []Score        `json:"scores"`
	OK     bool           `json:"ok"`
}

func (r Report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonReport{Report: r, Counts: r.Counts(), Scores: r.Scores(), OK: r.OK()})
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Class   string        `xml:"classname,attr"`
	Name    string        `xml:"name,attr"`
	Time    string        `xml:"time,attr"`
	Failure *junitMessage `xml:"failure,omitempty"`
	Error   *junitMessage `xml:"error,omitempty"`
	Skipped *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func (r Report) writeJUnit(w io.Writer) error {
	c := r.Counts()
	suite := junitSuite{Name: "zohoaep scenarios: " + r.Client, Tests: len(r.Results), Failures: c[Fail],
		Errors: c[Error], Skipped: c[Skip], Time: seconds(r.Duration)}
	for _, res := range r.Results {
		tc := junitCase{Class: "zohoaep.scenarios." + res.Class, Name: res.ID, Time: seconds(res.Duration)}
		switch res.Status {
		case Fail:
			var text strings.Builder
			for _, f := range res.Findings {
				fmt.Fprintf(&text, "%s: %s\ngot: %s\n", f.Check, f.Says, f.Got)
				for _, e := range f.Evidence {
					fmt.Fprintf(&text, "  %s\n", e)
				}
			}
			if res.Bundle != "" {
				fmt.Fprintf(&text, "repro bundle: %s\n", res.Bundle)
			}
			tc.Failure = &junitMessage{Message: res.Findings[0].Says, Text: text.String()}
		case Error:
			tc.Error = &junitMessage{Message: res.Reason}
		case Skip:
			tc.Skipped = &junitMessage{Message: res.Reason}
		}
		suite.Cases = append(suite.Cases, tc)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junitSuites{Suites: []junitSuite{suite}}); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// List writes the catalogue as a table: id, class, roles, title.
func List(w io.Writer, list []Scenario) error {
	var b strings.Builder
	for _, s := range list {
		roles := make([]string, len(s.Roles))
		for i, r := range s.Roles {
			roles[i] = string(r)
		}
		fmt.Fprintf(&b, "%-34s  %-10s  %-26s  %s\n", s.ID, s.Class, strings.Join(roles, ","), s.Title)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Progress returns a progress display for total scenarios on a terminal:
// one line, rewritten as each result lands; Done clears it.
func Progress(w io.Writer, total int, color bool) (update func(Result), clear func()) {
	p := palette{on: color}
	n := 0
	counts := map[Status]int{}
	update = func(r Result) {
		n++
		counts[r.Status]++
		fmt.Fprintf(w, "\r\x1b[K[%d/%d] %s %s  (%s %d, %s %d)", n, total, p.status(r.Status), r.ID,
			p.paint("32", "pass"), counts[Pass], p.paint("31", "fail"), counts[Fail])
	}
	clear = func() { fmt.Fprint(w, "\r\x1b[K") }
	return update, clear
}
