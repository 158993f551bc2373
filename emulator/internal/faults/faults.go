// Package faults holds the emulator's scripted fault rules: match a call
// (service, operation, tenant, client, nth call), act (a vendor error from
// the catalogue, a raw status and body, a delay, a connection reset, an
// empty reply), within limits (times, until, a seeded probability).
// Rules are deterministic unless a probability says otherwise, and even
// then repeatable for a given seed and call order.
package faults

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// Rule is one fault rule.
type Rule struct {
	ID     string `json:"id"`
	Match  Match  `json:"match"`
	Action Action `json:"action"`
	Limit  Limit  `json:"limit"`
	// Seen counts matching calls; Fired, those it answered. Read-only.
	Seen  int `json:"seen"`
	Fired int `json:"fired"`
}

// Match selects calls; empty fields match any.
type Match struct {
	Service   string `json:"service,omitempty"`
	Operation string `json:"operation,omitempty"` // the contract's operationId
	Tenant    string `json:"tenant,omitempty"`
	Client    string `json:"client,omitempty"`
	// Nth makes the rule fire from the nth matching call on (1-based); with
	// no Limit.Times it fires on that call only.
	Nth int `json:"nth,omitempty"`
}

// Action is what the emulator does instead of (or before) answering.
type Action struct {
	Error  string          `json:"error,omitempty"`  // a code of the service's error catalogue
	Status int             `json:"status,omitempty"` // a raw status, with Body or empty
	Body   json.RawMessage `json:"body,omitempty"`
	Delay  Duration        `json:"delay,omitempty"` // wall-clock wait; alone, then answer normally
	Reset  bool            `json:"reset,omitempty"` // reset the connection
	Empty  bool            `json:"empty,omitempty"` // close without a reply
}

// Answers reports whether the action replaces the service's answer.
func (a Action) Answers() bool { return a.Error != "" || a.Status != 0 || a.Reset || a.Empty }

// Limit bounds a rule; zero fields do not limit.
type Limit struct {
	Times       int        `json:"times,omitempty"`
	Until       *time.Time `json:"until,omitempty"`       // virtual time
	Probability float64    `json:"probability,omitempty"` // 0 means always
	Seed        uint64     `json:"seed,omitempty"`
}

// Call describes one request for matching.
type Call struct {
	Service, Operation, Tenant, Client string
}

// Duration is a time.Duration written as a Go duration string ("1.5s").
type Duration time.Duration

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var ms float64 // a bare number is milliseconds
		if err := json.Unmarshal(b, &ms); err != nil {
			return errors.New(`a delay is a duration like "1.5s" or a number of milliseconds`)
		}
		*d = Duration(ms * float64(time.Millisecond))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("invalid delay %q", s)
	}
	*d = Duration(v)
	return nil
}

// validID keeps rule ids usable in a URL path.
var validID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// ErrInvalid marks a rule that cannot be added.
var ErrInvalid = errors.New("invalid fault rule")

// Set is the emulator's fault rules, safe for concurrent use.
type Set struct {
	// Known reports whether a service's catalogue has an error code.
	known func(service, code string) bool

	mu    sync.Mutex
	rules []*rule
	next  int
}

type rule struct {
	Rule
	rng *rand.Rand
}

// New returns an empty set; known validates Action.Error codes.
func New(known func(service, code string) bool) *Set {
	return &Set{known: known}
}

// Add validates r, gives it an ID if it has none, and appends it.
func (s *Set) Add(r Rule) (Rule, error) {
	if err := s.validate(r); err != nil {
		return Rule{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.ID == "" {
		s.next++
		r.ID = "fault-" + strconv.Itoa(s.next)
	}
	if !validID.MatchString(r.ID) {
		return Rule{}, fmt.Errorf("%w: an id is 1-64 letters, digits, '.', '_' or '-'", ErrInvalid)
	}
	for _, x := range s.rules {
		if x.ID == r.ID {
			return Rule{}, fmt.Errorf("%w: id %q is taken", ErrInvalid, r.ID)
		}
	}
	s.rules = append(s.rules, newRule(r))
	return r, nil
}

func newRule(r Rule) *rule {
	return &rule{Rule: r, rng: rand.New(rand.NewPCG(r.Limit.Seed, uint64(r.Seen)))}
}

func (s *Set) validate(r Rule) error {
	a := r.Action
	n := 0
	for _, set := range []bool{a.Error != "", a.Status != 0 || len(a.Body) > 0, a.Reset, a.Empty} {
		if set {
			n++
		}
	}
	switch {
	case n > 1:
		return fmt.Errorf("%w: choose one of error, status/body, reset, empty", ErrInvalid)
	case n == 0 && a.Delay <= 0:
		return fmt.Errorf("%w: an action needs error, status, reset, empty or delay", ErrInvalid)
	case a.Delay < 0 || time.Duration(a.Delay) > 5*time.Minute:
		return fmt.Errorf("%w: delay must be between 0 and 5m", ErrInvalid)
	case len(a.Body) > 0 && a.Status == 0:
		return fmt.Errorf("%w: a body needs a status", ErrInvalid)
	case a.Status != 0 && (a.Status < 100 || a.Status > 599):
		return fmt.Errorf("%w: status %d", ErrInvalid, a.Status)
	case len(a.Body) > 0 && !json.Valid(a.Body):
		return fmt.Errorf("%w: body is not JSON", ErrInvalid)
	case a.Error != "" && r.Match.Service == "":
		return fmt.Errorf("%w: a catalogue error needs match.service", ErrInvalid)
	case a.Error != "" && s.known != nil && !s.known(r.Match.Service, a.Error):
		return fmt.Errorf("%w: service %q has no error %q", ErrInvalid, r.Match.Service, a.Error)
	case r.Match.Nth < 0 || r.Limit.Times < 0:
		return fmt.Errorf("%w: nth and times cannot be negative", ErrInvalid)
	case r.Limit.Probability < 0 || r.Limit.Probability > 1:
		return fmt.Errorf("%w: probability is between 0 and 1", ErrInvalid)
	}
	return nil
}

// Decide finds the first rule that fires for c at virtual time now, and
// counts the call against every rule it matches.
func (s *Set) Decide(c Call, now time.Time) (Rule, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var hit *rule
	for _, r := range s.rules {
		if !r.matches(c) {
			continue
		}
		r.Seen++
		if hit == nil && r.fires(now) {
			r.Fired++
			hit = r
		}
	}
	if hit == nil {
		return Rule{}, false
	}
	return hit.Rule, true
}

func (r *rule) matches(c Call) bool {
	m := r.Match
	return (m.Service == "" || m.Service == c.Service) && (m.Operation == "" || m.Operation == c.Operation) &&
		(m.Tenant == "" || m.Tenant == c.Tenant) && (m.Client == "" || m.Client == c.Client)
}

// fires decides for a call already counted in Seen.
func (r *rule) fires(now time.Time) bool {
	l := r.Limit
	if r.Match.Nth > 0 && r.Seen < r.Match.Nth {
		return false
	}
	times := l.Times
	if times == 0 && r.Match.Nth > 0 {
		times = 1
	}
	if times > 0 && r.Fired >= times {
		return false
	}
	if l.Until != nil && now.After(*l.Until) {
		return false
	}
	if l.Probability > 0 && l.Probability < 1 && r.rng.Float64() >= l.Probability {
		return false
	}
	return true
}

// List returns the rules in order.
func (s *Set) List() []Rule {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Rule, len(s.rules))
	for i, r := range s.rules {
		out[i] = r.Rule
	}
	return out
}

// Remove deletes the rule with id.
func (s *Set) Remove(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.rules {
		if r.ID == id {
			s.rules = append(s.rules[:i], s.rules[i+1:]...)
			return true
		}
	}
	return false
}

// Clear deletes every rule, or those scoped to one tenant.
func (s *Set) Clear(tenant string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tenant == "" {
		s.rules = nil
		return
	}
	kept := s.rules[:0]
	for _, r := range s.rules {
		if r.Match.Tenant != tenant {
			kept = append(kept, r)
		}
	}
	s.rules = kept
}

// Load replaces the rules, counters included, as a bundle restores them.
func (s *Set) Load(rules []Rule) error {
	for _, r := range rules {
		if err := s.validate(r); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = nil
	for _, r := range rules {
		s.rules = append(s.rules, newRule(r))
	}
	return nil
}
