package flowservice

// Source connections: /sourceConnections (reference §5).

func (s *Service) createSourceConnection(c *call) (any, error) {
	m, err := decodeObject(c.body)
	if err != nil {
		return nil, err
	}
	state, err := draftMode(c)
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
	sc.Etag = newEtag(c.now)
	sc.Version = sc.Etag
	v := sc.clone()
	sp.sources[sc.ID] = &v
	return c.created("sourceConnections", sc.ID, sc.Etag), nil
}

// readSource reads what a client sets on a source connection: name,
// description, data (format "tabular", 1327) and params (tableName, 1323;
// columns).
func readSource(m obj, sc *SourceConnection) error {
	name, err := m.str("name")
	if err != nil {
		return err
	}
	if name == "" {
		return errMandatory("name")
	}
	desc, err := m.str("description")
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

func (s *Service) getSourceConnection(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	sc := s.st.peek(c.t).sources[id]
	if sc == nil {
		return nil, errNotFound("sourceConnections", id)
	}
	return one(sc.clone()), nil
}

func (s *Service) listSourceConnections(c *call) (any, error) {
	q, err := s.parseList(c.r.URL.Query(), "sourceConnections", sourceFields)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	var items []item
	for _, sc := range sorted(s.st.peek(c.t).sources, sourceKey) {
		items = append(items, newItem(sc.clone()))
	}
	s.mu.Unlock()
	return s.apply(q, items, "sourceConnections", "/sourceConnections"), nil
}

var sourcePatch = patchRules{
	editable: fieldSet("name", "description", "data", "params", "state"),
	specs:    fieldSet("connectionSpec"),
	fields:   sourceFields,
}

func (s *Service) patchSourceConnection(c *call) (any, error) {
	ops, err := patchRequest(c)
	if err != nil {
		return nil, err
	}
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.st.peek(c.t).sources[id]
	if cur == nil {
		return nil, errNotFound("sourceConnections", id)
	}
	if err := ifMatch(c.r.Header.Values(headerIfMatch), cur.Etag); err != nil {
		return nil, err
	}
	if err := sourcePatch.check(ops); err != nil {
		return nil, err
	}
	if !changeable(cur.State) {
		return nil, errStateForChange()
	}
	doc := toDoc(*cur)
	if _, ok := doc["description"]; !ok {
		doc["description"] = ""
	}
	patched, err := applyPatch(doc, ops)
	if err != nil {
		return nil, err
	}
	next := cur.clone()
	if err := readSource(obj(patched), &next); err != nil {
		return nil, err
	}
	if next.State, err = patchedState(obj(patched), cur.State); err != nil {
		return nil, err
	}
	c.touch(&next.Meta, &next.Etag, &next.Version)
	*cur = next
	return idEtag{next.ID, next.Etag}, nil
}

func (s *Service) deleteSourceConnection(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.peek(c.t)
	sc := sp.sources[id]
	if sc == nil {
		return nil, errNotFound("sourceConnections", id)
	}
	if !changeable(sc.State) {
		return nil, errStateForChange()
	}
	if len(sp.flowsUsing(id)) > 0 {
		return nil, errActiveFlows(id)
	}
	delete(sp.sources, id)
	return noContent, nil
}

func (s *Service) sourceConnectionAction(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	sc := s.st.peek(c.t).sources[id]
	if sc == nil {
		return nil, errNotFound("sourceConnections", id)
	}
	next := sc.clone()
	if err := publish(c, &next.State); err != nil {
		return nil, err
	}
	c.touch(&next.Meta, &next.Etag, &next.Version)
	*sc = next
	return idEtag{next.ID, next.Etag}, nil
}
