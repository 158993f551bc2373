package console

import (
	"net/http"
	"time"
)

// Scenarios is what the Scenarios view needs of a scenario catalogue. The
// scenario engine imports the emulator, so the emulator cannot import it:
// whoever builds both adapts the catalogue to this interface.
type Scenarios interface {
	// Scenarios lists the catalogue, each with its last result if any.
	Scenarios() []Scenario
}

// Scenario is one scenario of the catalogue.
type Scenario struct {
	ID    string
	Title string
	Story string // what happens, as a user would tell it
	Class string // e.g. "oauth", "crm", "dataflow"
	// LastResult is the outcome of the last run; nil when never run.
	LastResult *Result
}

// Result is a scenario run's outcome.
type Result struct {
	Status   string // "pass", "fail", "skip" or "error", as the scenario engine says
	Summary  string // e.g. "7 of 7 steps", or the first finding
	At       time.Time
	Duration time.Duration
}

// Passed reports whether the run passed.
func (r Result) Passed() bool { return r.Status == "pass" }

// ScenariosFunc adapts a function to Scenarios.
type ScenariosFunc func() []Scenario

func (f ScenariosFunc) Scenarios() []Scenario { return f() }

type scenariosData struct {
	Wired                 bool
	Scenarios             []Scenario
	Passed, Failed, Other int // by their last result; Other: skipped or errored
}

func (c *Console) scenarios(*http.Request) (*view, error) {
	d := scenariosData{Wired: c.deps.Scenarios != nil}
	if d.Wired {
		d.Scenarios = c.deps.Scenarios.Scenarios()
	}
	for _, s := range d.Scenarios {
		switch {
		case s.LastResult == nil:
		case s.LastResult.Status == "pass":
			d.Passed++
		case s.LastResult.Status == "fail":
			d.Failed++
		default:
			d.Other++
		}
	}
	return &view{Page: "scenarios", Title: "Scenarios", Data: d}, nil
}
