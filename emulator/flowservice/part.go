package flowservice

// Part is the part of st that belongs to the IMS orgs named: their
// sandboxes' connections, flows, runs, datasets and mapping sets. It
// imports on its own (Import).
func (st State) Part(imsOrgs ...string) State {
	orgs := map[string]bool{}
	for _, id := range imsOrgs {
		orgs[id] = true
	}
	var out State
	for _, t := range st.Tenants {
		if orgs[t.Org] {
			out.Tenants = append(out.Tenants, t)
		}
	}
	return out
}
