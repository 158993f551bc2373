package zohoaccounts

import "strings"

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
	out.Codes = kept(st.Codes, func(c grantCode) bool { return inside(c.ClientID, c.ZUID, c.OrgID) })
	out.RefreshTokens = kept(st.RefreshTokens, func(t refreshToken) bool { return inside(t.ClientID, t.ZUID, "") })
	out.AccessTokens = kept(st.AccessTokens, func(t accessToken) bool { return inside(t.ClientID, t.ZUID, t.OrgID) })
	out.Consented = kept(st.Consented, func(p pair) bool { return inside(p.ClientID, p.ZUID, "") })
	out.CodeMints, out.CodeMintSeconds = keptKeys(st.CodeMints, clients), keptKeys(st.CodeMintSeconds, clients)
	return out
}

// kept is the elements of in that keep admits, in order; nil when none.
func kept[T any](in []T, keep func(T) bool) []T {
	var out []T
	for _, v := range in {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

// keptKeys is the entries of in whose key keep holds; nil when none.
func keptKeys[V any](in map[string]V, keep map[string]bool) map[string]V {
	var out map[string]V
	for k, v := range in {
		if keep[k] {
			if out == nil {
				out = map[string]V{}
			}
			out[k] = v
		}
	}
	return out
}
