package convert

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/zohoaep/zohoaep/scenarios"
)

// deniedNet is an address range no client of a test runs from
// (TEST-NET-3), for an allow list that refuses the client as the recorded
// one was refused.
const deniedNet = "203.0.113.0/24"

type worldFacts struct {
	setup scenarios.Setup
	notes []string
}

// worldOf infers the set-up the recorded calls met: consent, the allow
// lists that refused the client, and what the client was told (sandbox,
// module, CRM version, scopes).
func worldOf(calls []call, secrets []string) worldFacts {
	var w worldFacts
	s := &w.setup
	for _, c := range calls {
		switch {
		case c.service == "zoho-accounts" && c.op == "authorize":
			if s.Consent == nil {
				switch loc := c.x.Response.Header.Get("Location"); {
				case c.x.Response.Status == http.StatusFound && strings.Contains(loc, "error=access_denied"):
					s.Consent = &scenarios.Consent{Mode: "deny"}
				case c.x.Response.Status == http.StatusOK:
					s.Consent = &scenarios.Consent{Mode: "interactive"}
				}
			}
			if len(s.Env.Scopes) == 0 {
				if scopes := splitScopes(c.query.Get("scope")); len(scopes) > 0 && !slices.Equal(scopes, scenarios.DefaultScopes) {
					s.Env.Scopes = scopes
				}
			}
		case c.service == "zoho-crm" && c.op == "listRecords" && s.Env.Module == "":
			parts := strings.Split(strings.Trim(dcPrefix.ReplaceAllString(c.x.Request.Path, "/"), "/"), "/")
			if len(parts) == 3 {
				if parts[1] != "v8" {
					s.Env.CRMVersion = parts[1]
				}
				s.Env.Module = parts[2]
				if s.Env.Module == "Leads" {
					s.Env.Module = "-" // seen, the default
				}
			}
		case c.service == "flow-service" && s.Env.Sandbox == "":
			s.Env.Sandbox = c.x.Request.Header.Get("x-sandbox-name")
			if s.Env.Sandbox == "" || s.Env.Sandbox == "prod" {
				s.Env.Sandbox = "-"
			}
		}
		if dc := dcOf(c); dc != "" && dc != "us" && s.User == nil {
			s.User = &scenarios.User{Email: "recorded.user@zylker-" + dc + ".test", DC: dc, Org: "Recorded Org"}
			w.notes = append(w.notes, "the client called the "+dc+" data centre: the user consenting is one of an org there")
		}
		if c.kind == scenarios.KindIPDenied {
			if c.service == "zoho-accounts" && c.op == "token" {
				if s.Client == nil {
					s.Client = &scenarios.ClientSetup{AllowedIPs: []string{deniedNet}}
					w.notes = append(w.notes, "the token endpoint refused the client's IP: the client's allow list is set to "+deniedNet)
				}
			} else if s.OrgAllowedIPs == nil {
				s.OrgAllowedIPs = []string{deniedNet}
				w.notes = append(w.notes, "the API refused the client's IP: the org's allow list is set to "+deniedNet)
			}
		}
	}
	if s.Env.Module == "-" || leaks(s.Env.Module, secrets) {
		s.Env.Module = ""
	}
	if s.Env.Sandbox == "-" || leaks(s.Env.Sandbox, secrets) {
		s.Env.Sandbox = ""
	}
	if leaks(s.Env.CRMVersion, secrets) {
		s.Env.CRMVersion = ""
	}
	if slices.ContainsFunc(s.Env.Scopes, func(v string) bool { return leaks(v, secrets) }) {
		s.Env.Scopes = nil
	}
	w.notes = append(w.notes, "the world is the demo world at its own clock and AEP region; the recording's time and region are not reproduced")
	return w
}

var dcPath = regexp.MustCompile(`^/dc/([a-z]{2})(/|$)`)

// dcOf is the data centre a Zoho call addressed ("" for the root paths,
// the US one).
func dcOf(c call) string {
	if m := dcPath.FindStringSubmatch(c.x.Request.Path); m != nil {
		return m[1]
	}
	return ""
}

func splitScopes(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		out = append(out, f)
	}
	return out
}

// before are the world's changes a recorded step met: the hour passed
// before a refresh that came first, a refresh token revoked, an access
// token refused before its time, and fault rules for the 5xx answers.
func before(g *group, secrets []string) ([]scenarios.Step, []string) {
	var out []scenarios.Step
	var notes []string
	refreshedFirst, revoked, refused := false, false, false
	for i, c := range g.calls {
		if c.refresh || c.service == "adobe-ims" {
			if i == 0 || !slices.ContainsFunc(g.calls[:i], func(p call) bool { return p.intent != "" }) {
				refreshedFirst = refreshedFirst || c.refresh
			} else if i > 0 && g.calls[i-1].kind == scenarios.KindTokenInvalid {
				refused = true
			}
		}
		if c.refresh && c.kind == scenarios.KindTokenRevoked {
			revoked = true
		}
	}
	if revoked {
		out = append(out, scenarios.Step{Revoke: "refresh"})
	}
	if refused && !revoked {
		out = append(out, scenarios.Step{Revoke: "access"})
		notes = append(notes, "an access token refused before its hour is taken as revoked (revoke: access)")
	}
	if refreshedFirst {
		out = append(out, scenarios.Step{Advance: "61m"})
	}
	return append(out, faults(g, secrets)...), notes
}

// faults are the rules that answer a step's calls as the recording's 5xx
// answers did: from the nth call of the operation in the step, as many
// times as in a row; with no bound when the step ended on one (then
// cleared after the step).
func faults(g *group, secrets []string) []scenarios.Step {
	var out []scenarios.Step
	seen := map[string]int{}
	var run *scenarios.Fault
	last, _ := g.last()
	for i, c := range g.calls {
		k := c.service + "/" + c.op
		seen[k]++
		if c.x.Response.Status < 500 {
			run = nil
			continue
		}
		if run != nil && run.Match.Service == c.service && run.Match.Operation == c.op && run.Action.Status == c.x.Response.Status {
			run.Limit.Times++
		} else {
			out = append(out, scenarios.Step{Fault: &scenarios.Fault{
				Match:  scenarios.FaultMatch{Service: c.service, Operation: c.op, Nth: seen[k]},
				Action: scenarios.FaultAction{Status: c.x.Response.Status, Body: bodyOf(c, secrets)},
				Limit:  &scenarios.FaultLimit{Times: 1},
			}})
			run = out[len(out)-1].Fault
		}
		if i == len(g.calls)-1 && last.failed {
			// The client gave up: any client meets the fault for as long as
			// the step lasts (it is cleared after).
			run.Limit = nil
			if run.Match.Nth > 1 {
				run.Limit = &scenarios.FaultLimit{Times: unbounded}
			}
		}
	}
	for _, st := range out {
		if st.Fault.Match.Nth == 1 {
			st.Fault.Match.Nth = 0
		}
	}
	return out
}

// unbounded is a fault rule's times that no step reaches.
const unbounded = 1000

// endsInFault says whether the step ended on a 5xx answer, so that its
// unbounded fault rule must be cleared after it.
func endsInFault(g *group) bool {
	last, ok := g.last()
	return ok && last.x.Response.Status >= 500
}

// leaks says whether v is or holds a redacted value, or a placeholder.
func leaks(v string, secrets []string) bool {
	if strings.Contains(v, "{{") {
		return true
	}
	for _, s := range secrets {
		if len(s) >= 4 && strings.Contains(v, s) {
			return true
		}
	}
	return false
}

// secretsOf are the redacted values of a cassette's placeholders and
// their URL-escaped forms: they never reach a scenario.
func secretsOf(values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, v, url.QueryEscape(v))
	}
	return out
}
