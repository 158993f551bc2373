package flowservice

import (
	"fmt"
	"slices"
	"strings"
)

// AddRun stores a new run of a flow of the tenant. The service fills what
// the run leaves empty: its id, createdAt/updatedAt (now), the audit
// fields (System), the sandbox and org, and a new etag. The flow's
// lastRunDetails follow its newest run. Past Config.MaxRunsPerFlow runs of
// one flow, the oldest is dropped.
func (s *Service) AddRun(t Tenant, r Run) (Run, error) {
	r, err := r.normalized()
	if err != nil {
		return Run{}, err
	}
	r = r.clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.spaces[t]
	if sp == nil || sp.flows[r.FlowID] == nil {
		return Run{}, unknown("flow", r.FlowID)
	}
	if r.ID == "" {
		r.ID = newUUID()
	}
	if sp.runs[r.ID] != nil {
		return Run{}, fmt.Errorf("flowservice: run %q exists", r.ID)
	}
	now := s.now()
	if r.CreatedAt == 0 {
		r.CreatedAt = now.UnixMilli()
	}
	r.UpdatedAt = now.UnixMilli()
	for _, f := range []*string{&r.CreatedBy, &r.UpdatedBy} {
		if *f == "" {
			*f = System
		}
	}
	for _, f := range []*string{&r.CreatedClient, &r.UpdatedClient} {
		if *f == "" {
			*f = strings.TrimSuffix(System, "@AdobeID")
		}
	}
	r.SandboxID, r.SandboxName, r.IMSOrgID = sp.sandboxID, t.Sandbox, t.Org
	r.Etag = newEtag(now)
	sp.addRun(&r, s.cfg.MaxRunsPerFlow)
	return r.clone(), nil
}

// addRun stores a run, drops the flow's oldest beyond max, and points the
// flow's lastRunDetails at its newest run.
func (sp *space) addRun(r *Run, max int) {
	sp.runs[r.ID] = r
	ids := append(sp.runsOf[r.FlowID], r.ID)
	for len(ids) > max {
		delete(sp.runs, ids[0])
		ids = ids[1:]
	}
	sp.runsOf[r.FlowID] = slices.Clone(ids)
	sp.refreshLastRun(r.FlowID)
}

// refreshLastRun sets a flow's lastRunDetails from its newest run.
func (sp *space) refreshLastRun(flowID string) {
	f := sp.flows[flowID]
	if f == nil {
		return
	}
	f.LastRunDetails = nil
	var newest *Run
	for _, id := range sp.runsOf[flowID] {
		if r := sp.runs[id]; r != nil && (newest == nil || r.CreatedAt >= newest.CreatedAt) {
			newest = r
		}
	}
	if newest != nil {
		f.LastRunDetails = newest.details()
	}
}

// UpdateRun changes a run through fn (on a copy): a new etag and
// updatedAt now; its id, flow, creation and tenant fields stay. An error
// from fn changes nothing.
func (s *Service) UpdateRun(t Tenant, id string, fn func(*Run) error) (Run, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.spaces[t]
	if sp == nil || sp.runs[id] == nil {
		return Run{}, unknown("run", id)
	}
	cur := sp.runs[id]
	next := cur.clone()
	if err := fn(&next); err != nil {
		return Run{}, err
	}
	next, err := next.normalized()
	if err != nil {
		return Run{}, err
	}
	next = next.clone()
	next.ID, next.FlowID, next.CreatedAt, next.CreatedBy, next.CreatedClient = cur.ID, cur.FlowID, cur.CreatedAt, cur.CreatedBy, cur.CreatedClient
	next.SandboxID, next.SandboxName, next.IMSOrgID = cur.SandboxID, cur.SandboxName, cur.IMSOrgID
	now := s.now()
	next.UpdatedAt = now.UnixMilli()
	next.Etag = newEtag(now)
	*cur = next
	sp.refreshLastRun(cur.FlowID)
	return next.clone(), nil
}

// Run returns a run.
func (s *Service) Run(t Tenant, id string) (Run, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.st.peek(t).runs[id]
	if r == nil {
		return Run{}, false
	}
	return r.clone(), true
}

// Runs lists a flow's runs, oldest first.
func (s *Service) Runs(t Tenant, flowID string) []Run {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.peek(t)
	var out []Run
	for _, id := range sp.runsOf[flowID] {
		if r := sp.runs[id]; r != nil {
			out = append(out, r.clone())
		}
	}
	return out
}
