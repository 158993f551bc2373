package flowservice

import "slices"

// Meta is the audit part of every Flow Service document (reference §3,
// [SW ConnectionItemDTO]): epoch-millisecond times on the virtual clock,
// who made and last changed it (the token's user, or its client), and
// where it lives.
type Meta struct {
	CreatedAt     int64  `json:"createdAt"`
	UpdatedAt     int64  `json:"updatedAt"`
	CreatedBy     string `json:"createdBy"`
	UpdatedBy     string `json:"updatedBy"`
	CreatedClient string `json:"createdClient"`
	UpdatedClient string `json:"updatedClient"`
	SandboxID     string `json:"sandboxId"`
	SandboxName   string `json:"sandboxName"`
	IMSOrgID      string `json:"imsOrgId"`
}

// SpecRef names a connection or flow spec.
type SpecRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

// Auth is a base connection's credentials: an auth spec and its params.
type Auth struct {
	SpecName string         `json:"specName"`
	Params   map[string]any `json:"params"`
}

// Connection is a base connection (reference §3). The Go API hands it out
// with its secrets; GET masks them (Config.Secrets).
type Connection struct {
	Meta
	ID             string  `json:"id"`
	Name           string  `json:"name"`
	Description    string  `json:"description,omitempty"`
	ConnectionSpec SpecRef `json:"connectionSpec"`
	State          string  `json:"state"`
	Auth           Auth    `json:"auth"`
	Version        string  `json:"version"` // equals Etag
	Etag           string  `json:"etag"`
}

// SourceConnection is a source connection (reference §5).
type SourceConnection struct {
	Meta
	ID                  string           `json:"id"`
	Name                string           `json:"name"`
	Description         string           `json:"description,omitempty"`
	BaseConnectionID    string           `json:"baseConnectionId,omitempty"`
	State               string           `json:"state"`
	Data                SourceData       `json:"data"`
	ConnectionSpec      SpecRef          `json:"connectionSpec"`
	Params              map[string]any   `json:"params"`
	Version             string           `json:"version"`
	Etag                string           `json:"etag"`
	InheritedAttributes *BaseInheritance `json:"inheritedAttributes,omitempty"`
}

// SourceData is a source connection's data: "tabular" for table sources.
type SourceData struct {
	Format     string `json:"format"`
	Schema     any    `json:"schema"`
	Properties any    `json:"properties"`
}

// BaseInheritance is what a source connection inherits from its base.
type BaseInheritance struct {
	BaseConnection ConnectionRef `json:"baseConnection"`
}

// ConnectionRef names a connection and its spec.
type ConnectionRef struct {
	ID             string  `json:"id"`
	ConnectionSpec SpecRef `json:"connectionSpec"`
}

// TargetConnection is a target connection (reference §5): for the data
// lake, params.dataSetId names the Catalog dataset.
type TargetConnection struct {
	Meta
	ID               string         `json:"id"`
	Name             string         `json:"name"`
	Description      string         `json:"description,omitempty"`
	BaseConnectionID string         `json:"baseConnectionId,omitempty"`
	State            string         `json:"state"`
	Data             map[string]any `json:"data"`
	ConnectionSpec   SpecRef        `json:"connectionSpec"`
	Params           map[string]any `json:"params"`
	Version          string         `json:"version"`
	Etag             string         `json:"etag"`
}

// DataSetID is the target's dataset, or "".
func (t TargetConnection) DataSetID() string { return str(t.Params["dataSetId"]) }

// Flow is a dataflow (reference §5). ScheduleParams and Transformations
// keep the client's own forms (strings or numbers); Schedule reads them.
type Flow struct {
	ID string `json:"id"`
	Meta
	Name                string           `json:"name"`
	Description         string           `json:"description"`
	FlowSpec            SpecRef          `json:"flowSpec"`
	State               string           `json:"state"`
	Version             string           `json:"version"`
	Etag                string           `json:"etag"`
	SourceConnectionIDs []string         `json:"sourceConnectionIds"`
	TargetConnectionIDs []string         `json:"targetConnectionIds"`
	InheritedAttributes FlowInheritance  `json:"inheritedAttributes"`
	Options             map[string]any   `json:"options,omitempty"`
	Transformations     []Transformation `json:"transformations"`
	ScheduleParams      map[string]any   `json:"scheduleParams,omitempty"`
	Runs                string           `json:"runs"`
	LastOperation       LastOperation    `json:"lastOperation"`
	LastRunDetails      *RunDetails      `json:"lastRunDetails,omitempty"`
	Labels              []string         `json:"labels"`
}

// FlowInheritance is what a flow inherits from its connections.
type FlowInheritance struct {
	Properties        map[string]any      `json:"properties"`
	SourceConnections []SourceInheritance `json:"sourceConnections"`
	TargetConnections []ConnectionRef     `json:"targetConnections"`
}

// SourceInheritance is a flow's source connection with its base.
type SourceInheritance struct {
	ID             string         `json:"id"`
	ConnectionSpec SpecRef        `json:"connectionSpec"`
	BaseConnection *ConnectionRef `json:"baseConnection,omitempty"`
}

// Transformation is one of a flow's transformations (Copy, Mapping, ...).
type Transformation struct {
	Name   string         `json:"name"`
	Params map[string]any `json:"params"`
}

// LastOperation is the last change made to a flow.
type LastOperation struct {
	Started   int64  `json:"started"`
	Updated   int64  `json:"updated"`
	Operation string `json:"operation"`
}

// RunDetails summarises a flow's latest run.
type RunDetails struct {
	ID             string `json:"id"`
	State          string `json:"state"`
	StartedAtUTC   int64  `json:"startedAtUTC"`
	CompletedAtUTC int64  `json:"completedAtUTC,omitempty"`
}

// Fields of each resource that filters and orderby may name (1449/1433).
var (
	connectionFields = fieldSet("createdAt", "updatedAt", "createdBy", "updatedBy", "createdClient", "updatedClient",
		"sandboxId", "sandboxName", "imsOrgId", "id", "name", "description", "connectionSpec", "state", "auth", "version", "etag")
	sourceFields = fieldSet("createdAt", "updatedAt", "createdBy", "updatedBy", "createdClient", "updatedClient",
		"sandboxId", "sandboxName", "imsOrgId", "id", "name", "description", "baseConnectionId", "state", "data",
		"connectionSpec", "params", "version", "etag", "inheritedAttributes")
	targetFields = fieldSet("createdAt", "updatedAt", "createdBy", "updatedBy", "createdClient", "updatedClient",
		"sandboxId", "sandboxName", "imsOrgId", "id", "name", "description", "baseConnectionId", "state", "data",
		"connectionSpec", "params", "version", "etag")
	flowFields = fieldSet("id", "createdAt", "updatedAt", "createdBy", "updatedBy", "createdClient", "updatedClient",
		"sandboxId", "sandboxName", "imsOrgId", "name", "description", "flowSpec", "state", "version", "etag",
		"sourceConnectionIds", "targetConnectionIds", "inheritedAttributes", "options", "transformations",
		"scheduleParams", "runs", "lastOperation", "lastRunDetails", "labels")
	runFields = fieldSet("createdAt", "updatedAt", "createdBy", "updatedBy", "createdClient", "updatedClient",
		"sandboxId", "sandboxName", "imsOrgId", "id", "flowId", "etag", "providerRefId", "metrics", "activities", "state")
	specFields = fieldSet("id", "name", "providerId", "version", "authSpec", "sourceSpec", "targetSpec", "exploreSpec",
		"attributes", "permissionsInfo", "sourceConnectionSpecIds", "targetConnectionSpecIds", "optionSpec",
		"transformationSpec", "scheduleSpec", "runSpec")
)

func fieldSet(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// clone returns a deep copy.
func (c Connection) clone() Connection {
	c.Auth.Params = cloneMap(c.Auth.Params)
	return c
}

func (sc SourceConnection) clone() SourceConnection {
	sc.Data.Schema, sc.Data.Properties = cloneJSON(sc.Data.Schema), cloneJSON(sc.Data.Properties)
	sc.Params = cloneMap(sc.Params)
	if sc.InheritedAttributes != nil {
		v := *sc.InheritedAttributes
		sc.InheritedAttributes = &v
	}
	return sc
}

func (tc TargetConnection) clone() TargetConnection {
	tc.Data, tc.Params = cloneMap(tc.Data), cloneMap(tc.Params)
	return tc
}

func (f Flow) clone() Flow {
	f.SourceConnectionIDs = slices.Clone(f.SourceConnectionIDs)
	f.TargetConnectionIDs = slices.Clone(f.TargetConnectionIDs)
	f.InheritedAttributes.Properties = cloneMap(f.InheritedAttributes.Properties)
	f.InheritedAttributes.SourceConnections = slices.Clone(f.InheritedAttributes.SourceConnections)
	for i, s := range f.InheritedAttributes.SourceConnections {
		if s.BaseConnection != nil {
			b := *s.BaseConnection
			f.InheritedAttributes.SourceConnections[i].BaseConnection = &b
		}
	}
	f.InheritedAttributes.TargetConnections = slices.Clone(f.InheritedAttributes.TargetConnections)
	f.Options = cloneMap(f.Options)
	f.Transformations = slices.Clone(f.Transformations)
	for i, t := range f.Transformations {
		f.Transformations[i].Params = cloneMap(t.Params)
	}
	f.ScheduleParams = cloneMap(f.ScheduleParams)
	if f.LastRunDetails != nil {
		d := *f.LastRunDetails
		f.LastRunDetails = &d
	}
	f.Labels = slices.Clone(f.Labels)
	return f
}

// cloneMap deep-copies a JSON object; nil stays nil.
func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	return cloneJSON(m).(map[string]any)
}

// cloneJSON deep-copies a decoded JSON value.
func cloneJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = cloneJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneJSON(e)
		}
		return out
	}
	return v
}
