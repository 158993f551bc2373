package flowservice

// Source connections: /sourceConnections (reference §5).

func (s *Service) createSourceConnection(c *call) (any, error) {
	m, state, err := createRequest(c)
	if err != nil {
		return nil, err
	}
	sc := SourceConnection{Meta: c.meta(), ID: newUUID(), State: state}
	if err := readSource(m, &sc); err != nil {
		return nil, err
	}
	ref, err := m.specRef("connectionSpec")
	if err != nil {
		return nil, err
	}
	if spec := s.specs.connByID[ref.ID]; spec == nil || !spec.Source {
		return nil, errSpecID()
	}
	baseID, err := m.str("baseConnectionId")
	if err != nil {
		return nil, err
	}
	if baseID == "" {
		return nil, errMandatory("baseConnectionId")
	}
	sc.ConnectionSpec, sc.BaseConnectionID = ref, baseID
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.space(c)
	base := sp.conns[baseID]
	if base == nil {
		return nil, errMissingReference("base connection", baseID)
	}
	if base.ConnectionSpec.ID != ref.ID {
		return nil, errSpecID()
	}
	sc.InheritedAttributes = &BaseInheritance{BaseConnection: ConnectionRef{ID: base.ID, ConnectionSpec: base.ConnectionSpec}}
	return store(c, sp, sourceKind, &sc), nil
}

// readSource reads what a client sets on a source connection: name,
// description, data (format "tabular", 1327) and params (tableName, 1323;
// columns).
func readSource(m obj, sc *SourceConnection) error {
	name, desc, err := readNamed(m)
	if err != nil {
		return err
	}
	data, err := m.object("data")
	if err != nil {
		return err
	}
	if data == nil {
		return errMandatory("data")
	}
	format, err := data.str("format")
	if err != nil {
		return wrongType("data.format", "a string")
	}
	if format == "" {
		return errMandatory("data.format")
	}
	if format != "tabular" {
		return errSourceFormat(format, "tabular")
	}
	params, err := m.object("params")
	if err != nil {
		return err
	}
	table, err := params.str("tableName")
	if err != nil {
		return wrongType("params.tableName", "a string")
	}
	if table == "" {
		return errSourceEntity("tableName", name)
	}
	cols, err := params.array("columns")
	if err != nil {
		return wrongType("params.columns", "an array")
	}
	for _, col := range cols {
		cm, ok := col.(map[string]any)
		if !ok {
			return wrongType("params.columns", "an array of objects")
		}
		if n, ok := cm["name"].(string); !ok || n == "" {
			return errMandatory("params.columns.name")
		}
	}
	if cols == nil {
		params["columns"] = []any{}
	}
	sc.Name, sc.Description = name, desc
	sc.Data = SourceData{Format: format, Schema: cloneJSON(data["schema"]), Properties: cloneJSON(data["properties"])}
	sc.Params = cloneMap(params)
	return nil
}

func (s *Service) getSourceConnection(c *call) (any, error) { return getOne(s, c, sourceKind) }

func (s *Service) listSourceConnections(c *call) (any, error) { return listAll(s, c, sourceKind) }

var sourcePatch = patchRules{
	editable: fieldSet("name", "description", "data", "params", "state"),
	specs:    fieldSet("connectionSpec"),
	fields:   sourceFields,
}

func (s *Service) patchSourceConnection(c *call) (any, error) {
	return patchOne(s, c, sourceKind, sourcePatch, func(_ *space, cur *SourceConnection, ops []PatchOp) (SourceConnection, error) {
		return patchedConnection(cur, ops, readSource)
	})
}

func (s *Service) deleteSourceConnection(c *call) (any, error) {
	return deleteConnectionOf(s, c, sourceKind, errActiveFlows)
}

func (s *Service) sourceConnectionAction(c *call) (any, error) { return publishOne(s, c, sourceKind) }
