package adobeims

// Part is the part of st that belongs to the orgs named, with their
// credentials and sandboxes. It imports on its own (Import).
func (st State) Part(orgIDs ...string) State {
	orgs := map[string]bool{}
	for _, id := range orgIDs {
		orgs[id] = true
	}
	out := State{Orgs: []OrgState{}}
	for _, o := range st.Orgs {
		if orgs[o.ID] {
			out.Orgs = append(out.Orgs, o)
		}
	}
	return out
}
