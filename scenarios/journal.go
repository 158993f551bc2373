package scenarios

import (
	"fmt"
	"net/url"
	"strings"
)

// checkJournal evaluates a scenario's journal checks, and the check every
// scenario has: the client's requests keep to the vendors' contracts.
func checkJournal(sc Scenario, entries []entry, stepSeq []int64, env Env) []Finding {
	out := contractFindings(entries)
	for _, c := range sc.Journal {
		var matched []entry
		for _, e := range entries {
			if c.Match.matches(e, stepSeq) {
				matched = append(matched, e)
			}
		}
		n := len(matched)
		switch {
		case c.Min != nil && n < *c.Min:
			// What did not happen has no excerpt: show the client's last calls.
			ev := excerpts(matched)
			if n == 0 {
				ev = excerpts(lastOf(entries, 3))
			}
			out = append(out, Finding{Check: c.Name, Says: c.Says, Got: fmt.Sprintf("%d matching calls, at least %d wanted", n, *c.Min), Evidence: ev})
			continue
		case c.Max != nil && n > *c.Max:
			out = append(out, Finding{Check: c.Name, Says: c.Says, Got: fmt.Sprintf("%d matching calls, at most %d allowed", n, *c.Max), Evidence: excerpts(matched)})
			continue
		}
		if c.Each == nil {
			continue
		}
		var bad []entry
		why := ""
		for _, e := range matched {
			if reason := c.Each.violation(e, env); reason != "" {
				bad = append(bad, e)
				if why == "" {
					why = reason
				}
			}
		}
		if len(bad) > 0 {
			out = append(out, Finding{Check: c.Name, Says: c.Says, Got: fmt.Sprintf("%d of %d calls: %s", len(bad), n, why), Evidence: excerpts(bad)})
		}
	}
	return out
}

func (m Match) matches(e entry, stepSeq []int64) bool {
	switch {
	case m.Service != "" && m.Service != e.Service,
		m.Operation != "" && m.Operation != e.Operation,
		m.Method != "" && !strings.EqualFold(m.Method, e.Method),
		m.DC != "" && m.DC != dcOf(e),
		m.Status != 0 && m.Status != e.Status,
		m.Fault == "*" && e.Fault == "",
		m.Fault != "" && m.Fault != "*" && m.Fault != e.Fault:
		return false
	}
	if m.AfterStep > 0 && m.AfterStep <= len(stepSeq) {
		// stepSeq[i] is the last sequence number before step i+1.
		if m.AfterStep >= len(stepSeq) || e.Seq <= stepSeq[m.AfterStep] {
			return false
		}
	}
	if len(m.Params) > 0 {
		p := params(e)
		for k, want := range m.Params {
			got, ok := p[k]
			if !ok || (want != "*" && (len(got) == 0 || got[0] != want)) {
				return false
			}
		}
	}
	return true
}

func dcOf(e entry) string {
	if e.DC == "" {
		return "us"
	}
	return e.DC
}

// params are an exchange's query and form parameters.
func params(e entry) url.Values {
	p, _ := url.ParseQuery(e.Query)
	if p == nil {
		p = url.Values{}
	}
	if strings.Contains(strings.ToLower(headerOf(e.Header, "Content-Type")), "x-www-form-urlencoded") {
		if form, err := url.ParseQuery(e.Body); err == nil {
			for k, v := range form {
				p[k] = append(p[k], v...)
			}
		}
	}
	return p
}

func (each Each) violation(e entry, env Env) string {
	for _, h := range each.Headers {
		if headerOf(e.Header, h) == "" {
			return "no " + h + " header"
		}
	}
	for h, want := range each.HeaderValues {
		want = strings.NewReplacer("${sandbox}", env.Sandbox, "${org}", env.IMSOrg).Replace(want)
		got := headerOf(e.Header, h)
		if got == "" {
			return "no " + h + " header"
		}
		if got != want {
			return fmt.Sprintf("%s is %q, not %q", h, got, want)
		}
	}
	if len(each.QueryAbsent) > 0 {
		q, _ := url.ParseQuery(e.Query)
		for _, k := range each.QueryAbsent {
			if _, ok := q[k]; ok {
				return k + " in the query string"
			}
		}
	}
	if each.DC != "" && dcOf(e) != each.DC {
		return "addressed the " + dcOf(e) + " data centre, not " + each.DC
	}
	return ""
}

// excerpts are up to three journal lines of evidence.
func excerpts(es []entry) []string {
	var out []string
	for i, e := range es {
		if i == 3 {
			out = append(out, fmt.Sprintf("… and %d more", len(es)-3))
			break
		}
		line := fmt.Sprintf("#%d %s %s", e.Seq, e.Method, e.Path)
		if e.Query != "" {
			line += "?" + e.Query
		}
		if b := strings.TrimSpace(e.Body); b != "" && len(b) <= 200 {
			line += " " + b
		}
		line += fmt.Sprintf(" → %d", e.Status)
		if e.Fault != "" {
			line += " (fault " + e.Fault + ")"
		}
		if b := strings.TrimSpace(e.RespBody); b != "" {
			if len(b) > 160 {
				b = b[:160] + "…"
			}
			line += " " + b
		}
		out = append(out, line)
	}
	return out
}

// during are the entries of step i (0-based): after the sequence number
// before it, up to the one before the next.
func during(es []entry, stepSeq []int64, i int) []entry {
	if i < 0 || i+1 >= len(stepSeq) {
		return nil
	}
	var out []entry
	for _, e := range es {
		if e.Seq > stepSeq[i] && e.Seq <= stepSeq[i+1] {
			out = append(out, e)
		}
	}
	return out
}

// lastOf is the last n entries.
func lastOf(es []entry, n int) []entry {
	if len(es) > n {
		return es[len(es)-n:]
	}
	return es
}

// contractFindings reports the client's requests that break the vendor's
// contract (openapi/), as the journal's verdicts say.
func contractFindings(entries []entry) []Finding {
	var bad []entry
	first := ""
	for _, e := range entries {
		if e.Verdict == nil {
			continue
		}
		for _, v := range e.Verdict.Violations {
			if v.Side != "request" {
				continue
			}
			bad = append(bad, e)
			if first == "" {
				first = strings.TrimSpace(v.Rule + " " + v.Where + ": " + v.Message)
			}
			break
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return []Finding{{Check: "requests keep to the contract", Says: "The client sent requests the vendor's API contract refuses.",
		Got: fmt.Sprintf("%d requests break it; the first: %s", len(bad), first), Evidence: excerpts(bad)}}
}
