package zohoaccounts

import (
	"strings"
	"time"
)

// Part is the part of st that belongs to the orgs named: each of them
// with its users and clients, and the codes, tokens, consents and code
// counters of those clients that name no user or org outside them. It
// imports on its own (Import), as one tenant's repro. The consent mode is
// the instance's: it stays, unless it approves as a user of another org.
func (st State) Part(orgIDs ...string) State {
	orgs, clients, users, emails := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, id := range orgIDs {
		orgs[id] = true
	}
	out := State{Orgs: []OrgState{}}
	for _, o := range st.Orgs {
		if !orgs[o.ID] {
			continue
		}
		out.Orgs = append(out.Orgs, o)
		for _, c := range o.Clients {
			clients[c.ID] = true
		}
		for _, u := range o.Users {
			users[u.ZUID], emails[strings.ToLower(u.Email)] = true, true
		}
	}
	if c := st.Consent; c != nil && (c.User == "" || emails[strings.ToLower(c.User)]) {
		out.Consent = c
	}
	inside := func(clientID, zuid, orgID string) bool {
		return clients[clientID] && (zuid == "" || users[zuid]) && (orgID == "" || orgs[orgID])
	}
	for _, c := range st.Codes {
		if inside(c.ClientID, c.ZUID, c.OrgID) {
			out.Codes = append(out.Codes, c)
		}
	}
	for _, t := range st.RefreshTokens {
		if inside(t.ClientID, t.ZUID, "") {
			out.RefreshTokens = append(out.RefreshTokens, t)
		}
	}
	for _, t := range st.AccessTokens {
		if inside(t.ClientID, t.ZUID, t.OrgID) {
			out.AccessTokens = append(out.AccessTokens, t)
		}
	}
	for _, p := range st.Consented {
		if inside(p.ClientID, p.ZUID, "") {
			out.Consented = append(out.Consented, p)
		}
	}
	for id, times := range st.CodeMints {
		if clients[id] {
			if out.CodeMints == nil {
				out.CodeMints = map[string][]time.Time{}
			}
			out.CodeMints[id] = times
		}
	}
	for id, seconds := range st.CodeMintSeconds {
		if clients[id] {
			if out.CodeMintSeconds == nil {
				out.CodeMintSeconds = map[string][]mintSecond{}
			}
			out.CodeMintSeconds[id] = seconds
		}
	}
	return out
}
