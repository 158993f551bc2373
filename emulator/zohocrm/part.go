package zohocrm

// Part is the part of st that belongs to the orgs named: their settings,
// credits spent and page tokens. It imports on its own (Import).
func (st State) Part(orgIDs ...string) State {
	orgs := map[string]bool{}
	for _, id := range orgIDs {
		orgs[id] = true
	}
	out := State{TokenSeq: st.TokenSeq} // page token ids stay unique after an import
	for _, o := range st.Orgs {
		if orgs[o.OrgID] {
			out.Orgs = append(out.Orgs, o)
		}
	}
	for _, c := range st.Credits {
		if orgs[c.OrgID] {
			out.Credits = append(out.Credits, c)
		}
	}
	for _, t := range st.PageTokens {
		if orgs[t.OrgID] {
			out.PageTokens = append(out.PageTokens, t)
		}
	}
	return out
}
