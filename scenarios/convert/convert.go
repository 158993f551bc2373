package convert

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/zohoaep/zohoaep/contracts/cassette"
	"github.com/zohoaep/zohoaep/scenarios"
)

// Options name the scenario; the zero value works.
type Options struct {
	// ID is the scenario's id (and file name); default "recorded-session".
	ID string
	// Title and Why replace the generated ones.
	Title, Why string
}

// Conversion is a scenario made from a cassette, and what of the
// recording it could not reproduce.
type Conversion struct {
	Scenario scenarios.Scenario
	// Notes say what was inferred or left out, for the person who reads
	// the scenario before adding it to the catalogue.
	Notes []string
}

// Cassette converts a recorded session into a scenario; the scenario
// passes scenarios' validation, or Cassette returns an error.
func Cassette(c *cassette.Cassette, opts Options) (Conversion, error) {
	if c == nil {
		return Conversion{}, errors.New("convert: no cassette")
	}
	var calls []call
	skipped := 0
	for _, x := range c.Interactions {
		if cl, ok := classify(x); ok {
			calls = append(calls, cl)
		} else {
			skipped++
		}
	}
	var conv Conversion
	if skipped > 0 {
		conv.Notes = append(conv.Notes, fmt.Sprintf("left out %d exchanges that are no client's (the harness's, the control API's or an unknown service's)", skipped))
	}
	groups := segment(calls)
	if len(groups) == 0 {
		return Conversion{}, errors.New("convert: the cassette holds no exchange of a client of Zoho or AEP")
	}
	groups, notes := prerequisites(groups)
	conv.Notes = append(conv.Notes, notes...)

	sc := scenarios.Scenario{ID: opts.ID, Title: opts.Title, Why: opts.Why, Roles: rolesOf(groups)}
	if sc.ID == "" {
		sc.ID = "recorded-session"
	}
	var values []string
	for _, p := range c.Placeholders {
		values = append(values, p.Value)
	}
	secrets := secretsOf(values)
	w := worldOf(calls, secrets)
	sc.Setup = w.setup
	conv.Notes = append(conv.Notes, w.notes...)
	faulted := false
	for _, g := range groups {
		if e := expectOf(g); e.Fail == scenarios.KindNoRefreshToken {
			conv.Notes = append(conv.Notes, "the recorded exchange gave no refresh token (online access, or consent not forced for a returning user): the scenario expects no_refresh_token, which a client asking for offline access with prompt=consent does not meet")
		}
		pre, n := before(g, secrets)
		conv.Notes = append(conv.Notes, n...)
		for _, st := range pre {
			faulted = faulted || st.Fault != nil
		}
		sc.Steps = append(sc.Steps, pre...)
		st := scenarios.Step{Client: g.intent, Expect: expectOf(g)}
		if r := roleOf(g.intent); r != sc.Roles[0] {
			st.Role = r
		}
		sc.Steps = appendStep(sc.Steps, st)
		if endsInFault(g) {
			sc.Steps = append(sc.Steps, scenarios.Step{ClearFaults: true})
		}
	}
	sc.Journal = journalOf(calls, secrets)
	sc.Class = classOf(sc.Roles, faulted)
	if sc.Title == "" {
		sc.Title = titleOf(groups)
	}
	if sc.Why == "" {
		sc.Why = whyOf(c, len(calls))
	}
	if err := sc.Validate(); err != nil {
		return Conversion{}, fmt.Errorf("convert: the scenario made does not validate: %w", err)
	}
	conv.Scenario = sc
	return conv, nil
}

// appendStep adds a client step, folding it into the previous one's
// repeat when it asks and expects the same.
func appendStep(steps []scenarios.Step, st scenarios.Step) []scenarios.Step {
	if n := len(steps); n > 0 {
		p := &steps[n-1]
		if p.Client == st.Client && p.Role == st.Role && sameExpect(p.Expect, st.Expect) && p.Client != scenarios.IntentAuthorize && max(p.Repeat, 1) < 100 {
			p.Repeat = max(p.Repeat, 1) + 1
			return steps
		}
	}
	return append(steps, st)
}

func sameExpect(a, b *scenarios.Expect) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// expectOf is the outcome the recording ended the step with.
func expectOf(g *group) *scenarios.Expect {
	if g.synthetic || g.intent == scenarios.IntentAuthorize {
		// The client only builds the URL; what the user's browser met is
		// the next step's business.
		return &scenarios.Expect{OK: true, Says: "The client could not do the " + g.intent + " the recorded client did."}
	}
	last, _ := g.last()
	if last.failed {
		return &scenarios.Expect{Fail: last.kind, Says: fmt.Sprintf("The recorded client's %s failed (%s); this client's did not, or failed otherwise.", g.intent, last.kind)}
	}
	e := &scenarios.Expect{OK: true, Says: "The recorded client's " + g.intent + " succeeded; this client's did not."}
	switch g.intent {
	case scenarios.IntentExchange:
		if _, ok := last.body["refresh_token"]; !ok {
			return &scenarios.Expect{Fail: scenarios.KindNoRefreshToken, Says: "Zoho issued no refresh token in the recording; the client did not report it as no_refresh_token."}
		}
	case scenarios.IntentRead:
		e.Records = records(g)
		if e.Records > 0 {
			e.Says = fmt.Sprintf("The recorded client read %d records; this client did not.", e.Records)
		}
	case scenarios.IntentExplore:
		var tables []any
		if json.Unmarshal([]byte(last.x.Response.Text), &tables) == nil && len(tables) > 0 {
			e.Records = len(tables)
			e.Says = fmt.Sprintf("The recorded client found %d tables; this client did not.", e.Records)
		}
	case scenarios.IntentConnect:
		for _, c := range g.calls {
			if c.op == "testConnection" {
				if r, ok := c.body["result"].(bool); ok && !r {
					return &scenarios.Expect{Fail: scenarios.KindConnectionTest, Says: "The recorded connection test failed; this client did not report connection_test_failed."}
				}
			}
		}
	}
	return e
}

// records counts the records of a read's successful pages.
func records(g *group) int {
	n := 0
	for _, c := range g.calls {
		if c.service == "zoho-crm" && c.op == "listRecords" && !c.failed {
			if data, ok := c.body["data"].([]any); ok {
				n += len(data)
			}
		}
	}
	return n
}

func classOf(roles []scenarios.Role, faulted bool) string {
	switch {
	case faulted:
		return "network"
	case roles[len(roles)-1] == scenarios.RoleAEPConnection || roles[len(roles)-1] == scenarios.RoleAEPDataflow:
		return "aep"
	case roles[len(roles)-1] == scenarios.RoleCRMReader:
		return "crm"
	}
	return "oauth"
}

func titleOf(groups []*group) string {
	var parts []string
	var counts []int
	for _, g := range groups {
		p := g.intent
		if last, ok := g.last(); ok && last.failed {
			p += " (" + last.kind + ")"
		}
		if n := len(parts); n > 0 && parts[n-1] == p {
			counts[n-1]++
			continue
		}
		parts, counts = append(parts, p), append(counts, 1)
	}
	for i, n := range counts {
		if n > 1 {
			parts[i] += fmt.Sprintf(" ×%d", n)
		}
	}
	t := "Recorded session: " + strings.Join(parts, ", ")
	if len(t) > 120 {
		t = t[:117] + "..."
	}
	return t
}

func whyOf(c *cassette.Cassette, n int) string {
	from := "a recorded session"
	if c.Upstream != "" {
		from += " with " + c.Upstream
	}
	if !c.RecordedAt.IsZero() {
		from += " on " + c.RecordedAt.UTC().Format("2006-01-02")
	}
	return fmt.Sprintf("Converted by zohoaep cassette scenario from %s, %s:\n"+
		"the world the client met, what it was asked to do, how each step ended and the calls it\n"+
		"made. A client that behaves as the recorded one passes; one that breaks where it did not fails.\n", from, plural(n, "client exchange"))
}

// bodyOf is a recorded error body to answer with, unless it quotes a
// redacted value.
func bodyOf(c call, secrets []string) any {
	if c.body == nil {
		return nil
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(c.x.Response.Text, s) {
			return nil
		}
	}
	var v any
	if json.Unmarshal([]byte(c.x.Response.Text), &v) != nil {
		return nil
	}
	return v
}
