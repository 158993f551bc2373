package flowservice

import (
	"cmp"
	"maps"
	"slices"
)

// state is everything Flow Service, Catalog and Data Prep hold, one space
// per org and sandbox, guarded by Service.mu.
type state struct {
	spaces map[Tenant]*space
}

// space is one org's sandbox.
type space struct {
	sandboxID string
	conns     map[string]*Connection
	sources   map[string]*SourceConnection
	targets   map[string]*TargetConnection
	flows     map[string]*Flow
	runs      map[string]*Run
	runsOf    map[string][]string // run ids per flow, oldest first
	datasets  map[string]*datasetRec
	mappings  map[string]*MappingSet
}

func newState() *state { return &state{spaces: map[Tenant]*space{}} }

func newSpace(sandboxID string) *space {
	return &space{
		sandboxID: sandboxID,
		conns:     map[string]*Connection{},
		sources:   map[string]*SourceConnection{},
		targets:   map[string]*TargetConnection{},
		flows:     map[string]*Flow{},
		runs:      map[string]*Run{},
		runsOf:    map[string][]string{},
		datasets:  map[string]*datasetRec{},
		mappings:  map[string]*MappingSet{},
	}
}

// space returns the tenant's space, made on first use.
func (st *state) space(t Tenant, sandboxID string) *space {
	sp := st.spaces[t]
	if sp == nil {
		sp = newSpace(sandboxID)
		st.spaces[t] = sp
	}
	if sp.sandboxID == "" {
		sp.sandboxID = sandboxID
	}
	return sp
}

// peek returns the tenant's space without making one.
func (st *state) peek(t Tenant) *space {
	if sp := st.spaces[t]; sp != nil {
		return sp
	}
	return newSpace("")
}

// empty reports whether the space holds nothing.
func (sp *space) empty() bool {
	return len(sp.conns)+len(sp.sources)+len(sp.targets)+len(sp.flows)+len(sp.runs)+len(sp.datasets)+len(sp.mappings) == 0
}

// sorted returns the values of m in their default list order: oldest
// first, then by id.
func sorted[T any](m map[string]*T, key func(*T) (int64, string)) []*T {
	out := slices.Collect(maps.Values(m))
	slices.SortFunc(out, func(a, b *T) int {
		ta, ia := key(a)
		tb, ib := key(b)
		return cmp.Or(cmp.Compare(ta, tb), cmp.Compare(ia, ib))
	})
	return out
}

func connKey(c *Connection) (int64, string)         { return c.CreatedAt, c.ID }
func sourceKey(c *SourceConnection) (int64, string) { return c.CreatedAt, c.ID }
func targetKey(c *TargetConnection) (int64, string) { return c.CreatedAt, c.ID }
func flowKey(f *Flow) (int64, string)               { return f.CreatedAt, f.ID }
func runKey(r *Run) (int64, string)                 { return r.CreatedAt, r.ID }

// flowsUsing lists the ids of the flows that read from or write to a
// connection (base, source or target), sorted.
func (sp *space) flowsUsing(id string) []string {
	var out []string
	for _, f := range sp.flows {
		uses := slices.Contains(f.SourceConnectionIDs, id) || slices.Contains(f.TargetConnectionIDs, id)
		for _, sid := range f.SourceConnectionIDs {
			if sc := sp.sources[sid]; sc != nil && sc.BaseConnectionID == id {
				uses = true
			}
		}
		for _, tid := range f.TargetConnectionIDs {
			if tc := sp.targets[tid]; tc != nil && tc.BaseConnectionID == id {
				uses = true
			}
		}
		if uses {
			out = append(out, f.ID)
		}
	}
	slices.Sort(out)
	return out
}
