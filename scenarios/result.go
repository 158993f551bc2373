package scenarios

import "time"

// Status is a scenario's result.
type Status string

// The statuses.
const (
	Pass  Status = "pass"
	Fail  Status = "fail"
	Skip  Status = "skip"
	Error Status = "error" // the harness could not run it (a setup the emulator refused)
)

// Result is one scenario's result for one client.
type Result struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Class    string        `json:"class"`
	Roles    []Role        `json:"roles"`
	Status   Status        `json:"status"`
	Reason   string        `json:"reason,omitempty"` // why skipped or errored
	Bundle   string        `json:"bundle,omitempty"` // the repro bundle a failure left (Options.Bundles)
	Findings []Finding     `json:"findings,omitempty"`
	Steps    []StepResult  `json:"steps,omitempty"`
	Duration time.Duration `json:"duration_ns"`
}

// Finding is one expectation the client missed.
type Finding struct {
	// Check names the expectation (a step or a journal check).
	Check string `json:"check"`
	// Says is what the client did wrong, in a sentence.
	Says string `json:"says"`
	// Got is what was observed.
	Got string `json:"got"`
	// Evidence are journal excerpts (redacted by the emulator).
	Evidence []string `json:"evidence,omitempty"`
}

// StepResult is what the client reported for one client step.
type StepResult struct {
	Step    int     `json:"step"`
	Role    Role    `json:"role"`
	Intent  string  `json:"intent"`
	Outcome Outcome `json:"outcome"`
}

// Report is a run of scenarios against a client.
type Report struct {
	Client   string        `json:"client"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration_ns"`
	Results  []Result      `json:"results"`
}

// Counts tallies the results by status.
func (r Report) Counts() map[Status]int {
	out := map[Status]int{}
	for _, res := range r.Results {
		out[res.Status]++
	}
	return out
}

// OK reports whether no scenario failed or errored.
func (r Report) OK() bool {
	c := r.Counts()
	return c[Fail] == 0 && c[Error] == 0
}

// Score is the conformance score of one class: passed of run (skipped
// scenarios are not run).
type Score struct {
	Class  string `json:"class"`
	Passed int    `json:"passed"`
	Run    int    `json:"run"`
}

// Scores are the conformance scores by class, in Classes order, for the
// classes with scenarios run.
func (r Report) Scores() []Score {
	var out []Score
	for _, c := range Classes {
		s := Score{Class: c}
		for _, res := range r.Results {
			if res.Class != c || res.Status == Skip {
				continue
			}
			s.Run++
			if res.Status == Pass {
				s.Passed++
			}
		}
		if s.Run > 0 {
			out = append(out, s)
		}
	}
	return out
}
