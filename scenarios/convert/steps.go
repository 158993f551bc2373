package convert

import (
	"slices"

	"github.com/zohoaep/zohoaep/scenarios"
)

// group is one client step in the making: its intent and every recorded
// call that served it (refreshes and IMS tokens included).
type group struct {
	intent    string
	calls     []call
	closed    bool // ended by a refused refresh or IMS token: nothing joins
	synthetic bool // not recorded: a step the recorded ones needed before them
}

// own are the calls of the step's own intent (not refreshes, IMS tokens).
func (g *group) own() []call {
	var out []call
	for _, c := range g.calls {
		if c.intent != "" {
			out = append(out, c)
		}
	}
	return out
}

// last is the step's last call.
func (g *group) last() (call, bool) {
	if len(g.calls) == 0 {
		return call{}, false
	}
	return g.calls[len(g.calls)-1], true
}

// segment cuts the recorded calls into client steps.
func segment(calls []call) []*group {
	var out []*group
	var pending []call
	var cur *group
	flush := func(intent string, closed bool) {
		cur = &group{intent: intent, calls: pending, closed: closed}
		pending = nil
		out = append(out, cur)
	}
	for _, c := range calls {
		if c.intent == "" {
			pending = append(pending, c)
			if c.failed && c.kind != scenarios.KindServerError {
				// A refused refresh or IMS token ends the step it served.
				flush(servedIntent(out, c), true)
			}
			continue
		}
		if cur != nil && joins(cur, c) {
			cur.calls = append(append(cur.calls, pending...), c)
			pending = nil
			if cur.intent == scenarios.IntentConnect && c.intent == scenarios.IntentCreate {
				cur.intent = scenarios.IntentCreate // a dataflow's set-up starts with its connection
			}
			continue
		}
		pending = append(pending, c)
		flush(c.intent, false)
	}
	if len(pending) > 0 { // refreshes or IMS tokens that failed with 5xx, and nothing after
		flush(servedIntent(out, pending[len(pending)-1]), true)
	}
	return out
}

// servedIntent is the intent a lone refresh or IMS token served: the last
// step's of the same family, else the family's first.
func servedIntent(done []*group, c call) string {
	aep := c.service == "adobe-ims"
	for i := len(done) - 1; i >= 0; i-- {
		r := roleOf(done[i].intent)
		isAEP := r == scenarios.RoleAEPConnection || r == scenarios.RoleAEPDataflow
		if isAEP == aep && done[i].intent != scenarios.IntentAuthorize && done[i].intent != scenarios.IntentExchange {
			return done[i].intent
		}
	}
	if aep {
		return scenarios.IntentConnect
	}
	return scenarios.IntentCall
}

// joins says whether c continues the step g rather than starting one.
func joins(g *group, c call) bool {
	if g.closed {
		return false
	}
	last, _ := g.last()
	retry := g.intent == c.intent && last.failed
	switch c.intent {
	case scenarios.IntentAuthorize:
		return g.intent == c.intent && c.op == "signIn"
	case scenarios.IntentRead:
		return g.intent == c.intent
	case scenarios.IntentConnect:
		if c.op == "createConnection" {
			return retry
		}
		return g.intent == scenarios.IntentConnect || g.intent == scenarios.IntentCreate
	case scenarios.IntentCreate:
		return g.intent == scenarios.IntentConnect || g.intent == scenarios.IntentCreate
	case scenarios.IntentWatch:
		// The watch's first call again is the next watch.
		own := g.own()
		return g.intent == c.intent && (retry || (len(own) > 0 && own[0].op != c.op))
	}
	return retry
}

// prerequisites inserts the steps the recorded ones needed before them
// and the recording did not hold (it started late): an authorization
// before an exchange, tokens before a call or a read, a connection before
// exploring or deleting it, a dataflow before watching it.
func prerequisites(groups []*group) ([]*group, []string) {
	var out []*group
	var notes []string
	seen := map[string]bool{}
	add := func(intent, why string) {
		out = append(out, &group{intent: intent, synthetic: true})
		seen[intent] = true
		notes = append(notes, "added a step ("+intent+") the recording did not hold: "+why)
	}
	for _, g := range groups {
		switch g.intent {
		case scenarios.IntentExchange:
			if !seen[scenarios.IntentAuthorize] {
				add(scenarios.IntentAuthorize, "an exchange needs the redirect of an authorization")
			}
		case scenarios.IntentCall, scenarios.IntentRead:
			if !seen[scenarios.IntentExchange] {
				if !seen[scenarios.IntentAuthorize] {
					add(scenarios.IntentAuthorize, "the client held tokens before the recording began")
				}
				add(scenarios.IntentExchange, "the client held tokens before the recording began")
			}
		case scenarios.IntentExplore, scenarios.IntentDelete:
			if !seen[scenarios.IntentConnect] && !seen[scenarios.IntentCreate] {
				add(scenarios.IntentConnect, "the connection existed before the recording began")
			}
		case scenarios.IntentWatch, scenarios.IntentReconnect:
			if !seen[scenarios.IntentCreate] {
				add(scenarios.IntentCreate, "the dataflow existed before the recording began")
			}
		}
		out = append(out, g)
		seen[g.intent] = true
	}
	return out, notes
}

// rolesOf are the roles the steps play, zoho-oauth first when played
// (the others read with its tokens), in the harness's order.
func rolesOf(groups []*group) []scenarios.Role {
	var out []scenarios.Role
	for _, r := range scenarios.Roles {
		if slices.ContainsFunc(groups, func(g *group) bool { return roleOf(g.intent) == r }) {
			out = append(out, r)
		}
	}
	return out
}
