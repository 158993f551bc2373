package adobeims

import "maps"

// state is everything IMS knows, guarded by Service.mu. Tokens are not
// state: they are signed documents, checked by signature, clock and
// credential (Verify).
type state struct {
	orgs  map[string]*orgRec
	creds map[string]*Credential // by client id
}

type orgRec struct {
	Org
	sandboxes map[string]Sandbox // by name
}

func newState() *state {
	return &state{orgs: map[string]*orgRec{}, creds: map[string]*Credential{}}
}

// clone returns a deep copy of the state.
func (st *state) clone() *state {
	c := newState()
	for k, o := range st.orgs {
		c.orgs[k] = &orgRec{Org: o.Org, sandboxes: maps.Clone(o.sandboxes)}
	}
	for k, cr := range st.creds {
		v := cloneCredential(*cr)
		c.creds[k] = &v
	}
	return c
}

// dropOrg forgets an org with its credentials and sandboxes.
func (st *state) dropOrg(id string) {
	for k, c := range st.creds {
		if c.OrgID == id {
			delete(st.creds, k)
		}
	}
	delete(st.orgs, id)
}

// sandboxIDTaken reports whether a sandbox of any org but (org, name) has id.
func (st *state) sandboxIDTaken(id, org, name string) bool {
	for oid, o := range st.orgs {
		for n, sb := range o.sandboxes {
			if sb.ID == id && (oid != org || n != name) {
				return true
			}
		}
	}
	return false
}
