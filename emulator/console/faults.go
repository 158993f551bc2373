package console

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/faults"
)

// FaultService is what the add-a-rule form offers for one service: the
// operations of its contract and the codes of its error catalogue.
type FaultService struct {
	Name       string
	Operations []string
	Errors     []string
}

// faultRow is a rule with its switch.
type faultRow struct {
	faults.Rule
	On bool
}

// faultRows lists the active rules and those switched off, by ID.
func (c *Console) faultRows() []faultRow {
	var rows []faultRow
	for _, r := range c.deps.Faults.List() {
		rows = append(rows, faultRow{Rule: r, On: true})
	}
	for _, r := range c.parked.list() {
		rows = append(rows, faultRow{Rule: r})
	}
	slices.SortStableFunc(rows, func(a, b faultRow) int { return compareIDs(a.ID, b.ID) })
	return rows
}

func compareIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b) // "f-2" before "f-10"
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// switchFault turns a rule off (it is removed and kept aside) or back on
// (it is added again, last, with its counters).
func (c *Console) switchFault(r *http.Request) (string, error) {
	id := r.PathValue("id")
	back := backTo(r, "overview")
	on := r.PostForm.Get("on") == "true"
	if on {
		rule, ok := c.parked.take(id)
		if !ok {
			return "", notFound("no switched-off fault rule %q", id)
		}
		if _, err := c.deps.Faults.Add(rule); err != nil {
			c.parked.put(rule)
			return "", badRequest("fault rule %q: %v", id, err)
		}
		return withFlash(back, "Fault rule "+id+" on"), nil
	}
	for _, rule := range c.deps.Faults.List() {
		if rule.ID == id && c.deps.Faults.Remove(id) {
			c.parked.put(rule)
			return withFlash(back, "Fault rule "+id+" off"), nil
		}
	}
	return "", notFound("no active fault rule %q", id)
}

// addFault serves the add-a-rule form: a rule as the control API's
// POST /_emulator/faults takes it, checked by the same rule set.
func (c *Console) addFault(r *http.Request) (string, error) {
	rule, err := ruleFromForm(r.PostForm, c.faultChoices())
	if err != nil {
		return "", err
	}
	added, err := c.deps.Faults.Add(rule)
	if err != nil {
		return "", badRequest("fault rule: %v", err)
	}
	return withFlash(Prefix+"overview#faults", "Fault rule "+added.ID+" added"), nil
}

func (c *Console) faultChoices() []FaultService {
	if c.deps.FaultChoices == nil {
		return nil
	}
	return c.deps.FaultChoices()
}

// actionKinds are the form's choices of what a rule does.
var actionKinds = []string{"error", "status", "reset", "empty", "delay"}

// ruleFromForm reads the add-a-rule form. An operation or error code must
// be one the chosen service has (when choices are known); the rest is the
// rule set's to judge.
func ruleFromForm(f map[string][]string, choices []FaultService) (faults.Rule, error) {
	get := func(k string) string {
		if v := f[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	num := func(k string) (int, error) {
		s := get(k)
		if s == "" {
			return 0, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return 0, badRequest("%s %q: not a whole number of zero or more", k, s)
		}
		return n, nil
	}
	var rule faults.Rule
	rule.Match.Service, rule.Match.Operation = get("service"), get("operation")
	rule.Match.Tenant, rule.Match.Client = get("tenant"), get("client")
	var err error
	if rule.Match.Nth, err = num("nth"); err != nil {
		return rule, err
	}
	if rule.Limit.Times, err = num("times"); err != nil {
		return rule, err
	}
	if rule.Match.Operation != "" {
		i := slices.IndexFunc(choices, func(s FaultService) bool { return s.Name == rule.Match.Service })
		if rule.Match.Service == "" || (len(choices) > 0 && (i < 0 || !slices.Contains(choices[i].Operations, rule.Match.Operation))) {
			return rule, badRequest("operation %q: not one of service %q", rule.Match.Operation, rule.Match.Service)
		}
	}
	if d := get("delay"); d != "" {
		wait, err := time.ParseDuration(d)
		if err != nil || wait < 0 {
			return rule, badRequest("delay %q: not a duration such as 1.5s", d)
		}
		rule.Action.Delay = faults.Duration(wait)
	}
	switch kind := get("action"); kind {
	case "error":
		rule.Action.Error = get("error")
		if rule.Action.Error == "" {
			return rule, badRequest("an error rule names a code of the service's catalogue")
		}
	case "status":
		if rule.Action.Status, err = num("status"); err != nil {
			return rule, err
		}
		if body := get("body"); body != "" {
			if !json.Valid([]byte(body)) {
				return rule, badRequest("body: not JSON")
			}
			rule.Action.Body = json.RawMessage(body)
		}
	case "reset":
		rule.Action.Reset = true
	case "empty":
		rule.Action.Empty = true
	case "delay":
		if rule.Action.Delay == 0 {
			return rule, badRequest("a delay rule needs a delay")
		}
	default:
		return rule, badRequest("action %q: want one of %s", kind, strings.Join(actionKinds, ", "))
	}
	return rule, nil
}

// resetWorld serves the reset button: the world back to its seed (clock,
// journal and fault rules too, as POST /_emulator/reset), and the rules
// switched off here forgotten.
func (c *Console) resetWorld(*http.Request) (string, error) {
	if c.deps.Reset == nil {
		return "", notFound("this emulator has no reset")
	}
	if err := c.deps.Reset(); err != nil {
		return "", badRequest("reset: %v", err)
	}
	c.parked.clear()
	return withFlash(Prefix+"overview", "The world is back to its seed"), nil
}
