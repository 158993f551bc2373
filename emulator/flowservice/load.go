package flowservice

import (
	"fmt"
	"time"
)

// build makes a state from a document, or says what is wrong with it.
// Everything a document names must exist in its tenant: a source's base
// connection, a target's dataset, a flow's connections, a run's flow.
func (s *Service) build(doc State) (*state, error) {
	st := newState()
	now := s.now()
	for _, ts := range doc.Tenants {
		t := ts.Tenant
		if t.Org == "" || t.Sandbox == "" {
			return nil, fmt.Errorf("flowservice: a tenant without its org or sandbox name")
		}
		if st.spaces[t] != nil {
			return nil, fmt.Errorf("flowservice: tenant %s twice", t)
		}
		sp := newSpace(ts.SandboxID)
		st.spaces[t] = sp
		if err := s.load(sp, t, ts, now); err != nil {
			return nil, fmt.Errorf("flowservice: tenant %s: %w", t, err)
		}
	}
	return st, nil
}

// seeded fills what a seed may leave out of a document's audit part.
func seeded(m *Meta, t Tenant, sandboxID string, etag, version *string, now time.Time) {
	if m.CreatedAt == 0 {
		m.CreatedAt = now.UnixMilli()
	}
	if m.UpdatedAt == 0 {
		m.UpdatedAt = m.CreatedAt
	}
	for _, f := range []*string{&m.CreatedBy, &m.UpdatedBy, &m.CreatedClient, &m.UpdatedClient} {
		if *f == "" {
			*f = System
		}
	}
	m.SandboxName, m.IMSOrgID = t.Sandbox, t.Org
	if m.SandboxID == "" {
		m.SandboxID = sandboxID
	}
	if *etag == "" {
		*etag = newEtag(now)
	}
	if version != nil {
		*version = *etag
	}
}

func checkID(kind, id string) error {
	if !uuidPattern.MatchString(id) {
		return fmt.Errorf("%s id %q is not a lowercase UUID", kind, id)
	}
	return nil
}

func checkEtag(kind, id, etag string) error {
	if etag != "" && !etagPattern.MatchString(etag) {
		return fmt.Errorf("%s %s: etag %q is not of the form \"xxxxxxxx-0000-0200-0000-xxxxxxxxxxxx\"", kind, id, etag)
	}
	return nil
}

func defaultState(s *string) {
	if *s == "" {
		*s = StateEnabled
	}
}

// load adds one tenant's documents to sp, checking each.
func (s *Service) load(sp *space, t Tenant, ts TenantState, now time.Time) error {
	for _, d := range ts.Datasets {
		if d.ID == "" || sp.datasets[d.ID] != nil {
			return fmt.Errorf("dataset %q missing or twice", d.ID)
		}
		doc, err := normalizeMap(d.Doc)
		if err != nil {
			return err
		}
		if doc == nil {
			doc = map[string]any{}
		}
		rec := &datasetRec{ID: d.ID, Doc: doc, Rows: []map[string]any{}, Appended: max(d.Appended, int64(len(d.Rows)))}
		for _, r := range d.Rows {
			row, err := normalizeMap(r)
			if err != nil {
				return err
			}
			if row == nil {
				row = map[string]any{}
			}
			rec.Rows = append(rec.Rows, row)
		}
		if over := len(rec.Rows) - s.cfg.MaxRowsPerDataset; over > 0 {
			rec.Rows = rec.Rows[over:]
		}
		sp.datasets[d.ID] = rec
	}
	for _, m := range ts.MappingSets {
		if m.ID == "" || sp.mappings[m.ID] != nil {
			return fmt.Errorf("mapping set %q missing or twice", m.ID)
		}
		doc, err := normalizeMap(m.Doc)
		if err != nil {
			return err
		}
		if doc == nil {
			doc = map[string]any{}
		}
		sp.mappings[m.ID] = &MappingSet{ID: m.ID, Version: m.Version, Doc: doc}
	}
	for _, c := range ts.Connections {
		if err := s.loadConnection(sp, t, c, now); err != nil {
			return err
		}
	}
	for _, c := range ts.SourceConnections {
		if err := s.loadSource(sp, t, c, now); err != nil {
			return err
		}
	}
	for _, c := range ts.TargetConnections {
		if err := s.loadTarget(sp, t, c, now); err != nil {
			return err
		}
	}
	for _, f := range ts.Flows {
		if err := s.loadFlow(sp, t, f, now); err != nil {
			return err
		}
	}
	for _, r := range ts.Runs {
		if err := s.loadRun(sp, t, r, now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) loadConnection(sp *space, t Tenant, c Connection, now time.Time) error {
	if err := checkID("connection", c.ID); err != nil {
		return err
	}
	if sp.conns[c.ID] != nil {
		return fmt.Errorf("connection %s twice", c.ID)
	}
	if err := checkEtag("connection", c.ID, c.Etag); err != nil {
		return err
	}
	spec := s.specs.connByID[c.ConnectionSpec.ID]
	if spec == nil {
		return fmt.Errorf("connection %s: unknown connection spec %q", c.ID, c.ConnectionSpec.ID)
	}
	if _, ok := spec.Auth[c.Auth.SpecName]; !ok {
		return fmt.Errorf("connection %s: unknown auth spec %q", c.ID, c.Auth.SpecName)
	}
	params, err := normalizeMap(c.Auth.Params)
	if err != nil {
		return err
	}
	c.Auth.Params = params
	if c.Auth.Params == nil {
		c.Auth.Params = map[string]any{}
	}
	if c.ConnectionSpec.Version == "" {
		c.ConnectionSpec.Version = SpecVersion
	}
	defaultState(&c.State)
	seeded(&c.Meta, t, sp.sandboxID, &c.Etag, &c.Version, now)
	v := c.clone()
	sp.conns[c.ID] = &v
	return nil
}

func (s *Service) loadSource(sp *space, t Tenant, c SourceConnection, now time.Time) error {
	if err := checkID("source connection", c.ID); err != nil {
		return err
	}
	if sp.sources[c.ID] != nil {
		return fmt.Errorf("source connection %s twice", c.ID)
	}
	if err := checkEtag("source connection", c.ID, c.Etag); err != nil {
		return err
	}
	base := sp.conns[c.BaseConnectionID]
	if base == nil {
		return fmt.Errorf("source connection %s: unknown base connection %q", c.ID, c.BaseConnectionID)
	}
	if c.ConnectionSpec.ID == "" {
		c.ConnectionSpec = base.ConnectionSpec
	}
	if c.ConnectionSpec.Version == "" {
		c.ConnectionSpec.Version = SpecVersion
	}
	params, err := normalizeMap(c.Params)
	if err != nil {
		return err
	}
	if c.Params = params; c.Params == nil {
		c.Params = map[string]any{}
	}
	for _, f := range []*any{&c.Data.Schema, &c.Data.Properties} {
		if *f, err = normalize(*f); err != nil {
			return err
		}
	}
	if c.Data.Format == "" {
		c.Data.Format = "tabular"
	}
	c.InheritedAttributes = &BaseInheritance{BaseConnection: ConnectionRef{ID: base.ID, ConnectionSpec: base.ConnectionSpec}}
	defaultState(&c.State)
	seeded(&c.Meta, t, sp.sandboxID, &c.Etag, &c.Version, now)
	v := c.clone()
	sp.sources[c.ID] = &v
	return nil
}

func (s *Service) loadTarget(sp *space, t Tenant, c TargetConnection, now time.Time) error {
	if err := checkID("target connection", c.ID); err != nil {
		return err
	}
	if sp.targets[c.ID] != nil {
		return fmt.Errorf("target connection %s twice", c.ID)
	}
	if err := checkEtag("target connection", c.ID, c.Etag); err != nil {
		return err
	}
	var err error
	if c.Data, err = normalizeMap(c.Data); err != nil {
		return err
	}
	if c.Params, err = normalizeMap(c.Params); err != nil {
		return err
	}
	if c.Data == nil {
		c.Data = map[string]any{}
	}
	if sp.datasets[c.DataSetID()] == nil {
		return fmt.Errorf("target connection %s: unknown dataset %q", c.ID, c.DataSetID())
	}
	if c.ConnectionSpec.ID == "" {
		c.ConnectionSpec.ID = SpecDataLake
	}
	if c.ConnectionSpec.Version == "" {
		c.ConnectionSpec.Version = SpecVersion
	}
	defaultState(&c.State)
	seeded(&c.Meta, t, sp.sandboxID, &c.Etag, &c.Version, now)
	v := c.clone()
	sp.targets[c.ID] = &v
	return nil
}

func (s *Service) loadFlow(sp *space, t Tenant, f Flow, now time.Time) error {
	if err := checkID("flow", f.ID); err != nil {
		return err
	}
	if sp.flows[f.ID] != nil {
		return fmt.Errorf("flow %s twice", f.ID)
	}
	if err := checkEtag("flow", f.ID, f.Etag); err != nil {
		return err
	}
	if f.FlowSpec.Version == "" {
		f.FlowSpec.Version = SpecVersion
	}
	var err error
	for _, m := range []*map[string]any{&f.ScheduleParams, &f.Options} {
		if *m, err = normalizeMap(*m); err != nil {
			return err
		}
	}
	for i := range f.Transformations {
		if f.Transformations[i].Params, err = normalizeMap(f.Transformations[i].Params); err != nil {
			return err
		}
	}
	if f.Transformations == nil {
		f.Transformations = []Transformation{}
	}
	b := flowBody{name: f.Name, description: f.Description, spec: f.FlowSpec, sources: f.SourceConnectionIDs,
		targets: f.TargetConnectionIDs, transformations: f.Transformations, schedule: f.ScheduleParams, options: f.Options}
	var sched *Schedule
	if f.ScheduleParams != nil {
		v, err := readSchedule(f.ScheduleParams)
		if err != nil {
			return fmt.Errorf("flow %s: %w", f.ID, err)
		}
		sched = &v
	}
	inh, err := s.checkFlow(sp, b, sched)
	if err != nil {
		return fmt.Errorf("flow %s: %w", f.ID, err)
	}
	f.InheritedAttributes = inh
	f.Runs = "/runs?property=flowId==" + f.ID
	if f.LastOperation.Operation == "" {
		f.LastOperation = LastOperation{Started: f.CreatedAt, Operation: "create"}
	}
	if f.Labels == nil {
		f.Labels = []string{}
	}
	defaultState(&f.State)
	seeded(&f.Meta, t, sp.sandboxID, &f.Etag, &f.Version, now)
	if f.LastOperation.Started == 0 {
		f.LastOperation.Started = f.CreatedAt
	}
	f.LastRunDetails = nil
	v := f.clone()
	sp.flows[f.ID] = &v
	return nil
}

func (s *Service) loadRun(sp *space, t Tenant, r Run, now time.Time) error {
	if err := checkID("run", r.ID); err != nil {
		return err
	}
	if sp.runs[r.ID] != nil {
		return fmt.Errorf("run %s twice", r.ID)
	}
	if err := checkEtag("run", r.ID, r.Etag); err != nil {
		return err
	}
	if sp.flows[r.FlowID] == nil {
		return fmt.Errorf("run %s: unknown flow %q", r.ID, r.FlowID)
	}
	r, err := r.normalized()
	if err != nil {
		return err
	}
	r = r.clone()
	seeded(&r.Meta, t, sp.sandboxID, &r.Etag, nil, now)
	sp.addRun(&r, s.cfg.MaxRunsPerFlow)
	return nil
}
