package scenarios

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

//go:embed catalog/*.yaml
var catalogFS embed.FS

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Parse reads one scenario document strictly: unknown fields, a second
// document, or an invalid value are errors.
func Parse(data []byte) (Scenario, error) {
	var s Scenario
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return Scenario{}, errors.New("empty document")
		}
		return Scenario{}, err
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return Scenario{}, errors.New("more than one document")
	}
	if err := s.Validate(); err != nil {
		return Scenario{}, fmt.Errorf("%s: %w", s.ID, err)
	}
	return s, nil
}

// Validate checks what the YAML types cannot.
func (s Scenario) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !idPattern.MatchString(s.ID) {
		bad("id %q: want lower-case words joined by hyphens", s.ID)
	}
	if strings.TrimSpace(s.Title) == "" || strings.TrimSpace(s.Why) == "" {
		bad("title and why are required")
	}
	if !slices.Contains(Classes, s.Class) {
		bad("class %q: want one of %v", s.Class, Classes)
	}
	if len(s.Roles) == 0 {
		bad("roles: at least one")
	}
	for _, r := range s.Roles {
		if _, ok := Intents[r]; !ok {
			bad("role %q unknown", r)
		}
	}
	if len(s.Steps) == 0 {
		bad("steps: at least one")
	}
	clientSteps := 0
	for i, st := range s.Steps {
		if err := st.validate(s.Roles); err != nil {
			bad("step %d: %w", i+1, err)
		}
		if st.Client != "" {
			clientSteps++
		}
	}
	if clientSteps == 0 {
		bad("steps: no client step")
	}
	if c := s.Setup.Clock; c != "" {
		if _, err := time.Parse(time.RFC3339, c); err != nil {
			bad("setup.clock %q: want an RFC 3339 instant", c)
		}
	}
	if u := s.Setup.User; u != nil && (u.Email == "" || u.DC == "" || u.Org == "") {
		bad("setup.user: email, dc and org are required")
	}
	if c := s.Setup.Consent; c != nil && !slices.Contains([]string{"approve", "deny", "interactive"}, c.Mode) {
		bad("setup.consent.mode %q: want approve, deny or interactive", c.Mode)
	}
	for i, f := range s.Setup.Faults {
		if err := f.validate(); err != nil {
			bad("setup.faults[%d]: %w", i, err)
		}
	}
	if len(s.Journal) == 0 && !s.expectsFailure() {
		bad("journal: a scenario with neither a failure to expect nor a journal check cannot fail a client")
	}
	for i, c := range s.Journal {
		if c.Name == "" || strings.TrimSpace(c.Says) == "" {
			bad("journal[%d]: name and says are required", i)
		}
		if c.Min == nil && c.Max == nil && c.Each == nil {
			bad("journal[%d] %q: min, max or each is required", i, c.Name)
		}
		if c.Min != nil && c.Max != nil && *c.Min > *c.Max {
			bad("journal[%d] %q: min above max", i, c.Name)
		}
		if c.Match.AfterStep < 0 || c.Match.AfterStep > len(s.Steps) {
			bad("journal[%d] %q: after_step out of range", i, c.Name)
		}
	}
	return errors.Join(errs...)
}

func (s Scenario) expectsFailure() bool {
	for _, st := range s.Steps {
		if st.Expect != nil {
			return true
		}
	}
	return false
}

func (st Step) validate(roles []Role) error {
	n := 0
	for _, set := range []bool{st.Client != "", st.Advance != "", st.Fault != nil, st.ClearFaults, st.Revoke != "", st.Regrant, st.Touch, st.Reconsent != 0, st.Mint != 0} {
		if set {
			n++
		}
	}
	if n != 1 {
		return errors.New("want exactly one of client, advance, fault, clear_faults, revoke, regrant, reconsent, mint, touch")
	}
	if st.Client == "" && (st.Role != "" || st.Expect != nil || st.Repeat != 0) {
		return errors.New("role, expect and repeat belong to a client step")
	}
	if st.Client != "" {
		role := st.Role
		if role == "" && len(roles) > 0 {
			role = roles[0]
		}
		if !slices.Contains(roles, role) {
			return fmt.Errorf("role %q is not among the scenario's roles", role)
		}
		if !slices.Contains(Intents[role], st.Client) {
			return fmt.Errorf("intent %q is not one of %s's %v", st.Client, role, Intents[role])
		}
		if st.Repeat < 0 || st.Repeat > 100 {
			return errors.New("repeat: 0 to 100")
		}
		if e := st.Expect; e != nil && e.OK == (e.Fail != "") {
			return errors.New("expect: exactly one of ok and fail")
		}
	}
	if st.Advance != "" {
		d, err := time.ParseDuration(st.Advance)
		if err != nil || d <= 0 {
			return fmt.Errorf("advance %q: want a positive Go duration", st.Advance)
		}
	}
	if st.Reconsent < 0 || st.Reconsent > 50 || st.Mint < 0 || st.Mint > 50 {
		return errors.New("reconsent and mint: 0 to 50")
	}
	if st.Revoke != "" && st.Revoke != "refresh" && st.Revoke != "access" {
		return fmt.Errorf("revoke %q: want refresh or access", st.Revoke)
	}
	if st.Fault != nil {
		return st.Fault.validate()
	}
	return nil
}

func (f Fault) validate() error {
	a := f.Action
	n := 0
	for _, set := range []bool{a.Error != "", a.Status != 0, a.Reset, a.Empty} {
		if set {
			n++
		}
	}
	if n > 1 || (n == 0 && a.Delay == "") {
		return errors.New("action: one of error, status, reset, empty (with an optional delay), or a delay alone")
	}
	if a.Error != "" && f.Match.Service == "" {
		return errors.New("action.error needs match.service")
	}
	if a.Delay != "" {
		if d, err := time.ParseDuration(a.Delay); err != nil || d < 0 || d > 5*time.Second {
			return fmt.Errorf("action.delay %q: want a Go duration up to 5s (it is wall time)", a.Delay)
		}
	}
	if f.Limit != nil && (f.Limit.Times < 0 || f.Limit.Probability < 0 || f.Limit.Probability > 1) {
		return errors.New("limit: times at least 0, probability from 0 to 1")
	}
	return nil
}

// Catalog returns the embedded catalogue, sorted by id.
func Catalog() ([]Scenario, error) {
	entries, err := catalogFS.ReadDir("catalog")
	if err != nil {
		return nil, err
	}
	var out []Scenario
	var errs []error
	for _, e := range entries {
		data, err := catalogFS.ReadFile(path.Join("catalog", e.Name()))
		if err != nil {
			return nil, err
		}
		s, err := Parse(data)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", e.Name(), err))
			continue
		}
		if strings.TrimSuffix(e.Name(), ".yaml") != s.ID {
			errs = append(errs, fmt.Errorf("%s: id %q does not match the file name", e.Name(), s.ID))
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, errors.Join(errs...)
}

// Select keeps the scenarios named in only (all when empty) and not in
// skip; a name that is no scenario's id is an error.
func Select(all []Scenario, only, skip []string) ([]Scenario, error) {
	known := map[string]bool{}
	for _, s := range all {
		known[s.ID] = true
	}
	for _, id := range append(slices.Clone(only), skip...) {
		if !known[id] {
			return nil, fmt.Errorf("no scenario %q", id)
		}
	}
	var out []Scenario
	for _, s := range all {
		if (len(only) == 0 || slices.Contains(only, s.ID)) && !slices.Contains(skip, s.ID) {
			out = append(out, s)
		}
	}
	return out, nil
}

// roleOf is a client step's role: its own, or the scenario's first.
func (s Scenario) roleOf(st Step) Role {
	if st.Role != "" {
		return st.Role
	}
	return s.Roles[0]
}
