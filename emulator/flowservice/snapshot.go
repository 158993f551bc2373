package flowservice

import (
	"maps"
	"slices"
)

// State is Flow Service's whole state as a document: per org and sandbox,
// its connections, flows, runs, datasets (with their rows) and mapping
// sets. Exports hold the connections' secrets: keep them out of logs.
type State struct {
	Tenants []TenantState `json:"tenants,omitempty"`
}

// TenantState is one org's sandbox. In a seed, etags, versions, audit
// fields and states may be left out: they are filled in.
type TenantState struct {
	Tenant
	SandboxID         string             `json:"sandboxId,omitempty"`
	Connections       []Connection       `json:"connections,omitempty"`
	SourceConnections []SourceConnection `json:"sourceConnections,omitempty"`
	TargetConnections []TargetConnection `json:"targetConnections,omitempty"`
	Flows             []Flow             `json:"flows,omitempty"`
	Runs              []Run              `json:"runs,omitempty"`
	Datasets          []DatasetState     `json:"datasets,omitempty"`
	MappingSets       []MappingSet       `json:"mappingSets,omitempty"`
}

// DatasetState is a dataset with its rows.
type DatasetState struct {
	ID       string           `json:"id"`
	Doc      map[string]any   `json:"doc"`
	Rows     []map[string]any `json:"rows,omitempty"`
	Appended int64            `json:"appended,omitempty"`
}

// Seed replaces the state with doc and makes it what Reset returns to, or
// changes nothing if doc is invalid.
func (s *Service) Seed(doc State) error {
	st, err := s.build(doc)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st, s.seed = st, st.export()
	return nil
}

// Import replaces the whole state with doc, or changes nothing if doc is
// invalid.
func (s *Service) Import(doc State) error {
	st, err := s.build(doc)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	return nil
}

// Export returns the whole state, secrets included, as a copy.
func (s *Service) Export() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.export()
}

// Reset returns to the seed: everything (tenant ""), or every sandbox of
// one IMS org alone, leaving the other orgs as they are.
func (s *Service) Reset(org string) error {
	s.mu.Lock()
	seed := s.seed
	s.mu.Unlock()
	fresh, err := s.build(seed)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if org == "" {
		s.st = fresh
		return nil
	}
	for t := range s.st.spaces {
		if t.Org == org {
			delete(s.st.spaces, t)
		}
	}
	for t, sp := range fresh.spaces {
		if t.Org == org {
			s.st.spaces[t] = sp
		}
	}
	return nil
}

func (st *state) export() State {
	var out State
	keys := make([]Tenant, 0, len(st.spaces))
	for t, sp := range st.spaces {
		if !sp.empty() {
			keys = append(keys, t)
		}
	}
	slices.SortFunc(keys, compareTenants)
	for _, t := range keys {
		sp := st.spaces[t]
		ts := TenantState{Tenant: t, SandboxID: sp.sandboxID}
		for _, c := range sorted(sp.conns, connKey) {
			ts.Connections = append(ts.Connections, c.clone())
		}
		for _, c := range sorted(sp.sources, sourceKey) {
			ts.SourceConnections = append(ts.SourceConnections, c.clone())
		}
		for _, c := range sorted(sp.targets, targetKey) {
			ts.TargetConnections = append(ts.TargetConnections, c.clone())
		}
		for _, f := range sorted(sp.flows, flowKey) {
			ts.Flows = append(ts.Flows, f.clone())
		}
		// Runs flow by flow, each oldest first, so an import keeps the
		// order in which they are dropped.
		for _, f := range slices.Sorted(maps.Keys(sp.runsOf)) {
			for _, id := range sp.runsOf[f] {
				if r := sp.runs[id]; r != nil {
					ts.Runs = append(ts.Runs, r.clone())
				}
			}
		}
		for _, id := range slices.Sorted(maps.Keys(sp.datasets)) {
			d := sp.datasets[id].clone()
			ts.Datasets = append(ts.Datasets, DatasetState{ID: d.ID, Doc: d.Doc, Rows: d.Rows, Appended: d.Appended})
		}
		for _, id := range slices.Sorted(maps.Keys(sp.mappings)) {
			m := sp.mappings[id]
			ts.MappingSets = append(ts.MappingSets, MappingSet{ID: m.ID, Version: m.Version, Doc: cloneMap(m.Doc)})
		}
		out.Tenants = append(out.Tenants, ts)
	}
	return out
}
