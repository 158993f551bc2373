package flowservice

// Target connections: /targetConnections (reference §5). The data lake is
// the only target: its spec (1307) and an existing Catalog dataset in the
// same sandbox (1325 when missing, 1312 when unknown) are required.

func (s *Service) createTargetConnection(c *call) (any, error) {
	m, err := decodeObject(c.body)
	if err != nil {
		return nil, err
	}
	state, err := draftMode(c)
	if err != nil {
		return nil, err
	}
	tc := TargetConnection{Meta: c.meta(), ID: newUUID(), State: state}
	if err := readTarget(m, &tc); err != nil {
		return nil, err
	}
	specObj, err := m.object("connectionSpec")
	if err != nil {
		return nil, err
	}
	if specObj == nil {
		return nil, errMandatory("connectionSpec")
	}
	if id, _ := specObj.str("id"); id != SpecDataLake {
		return nil, errTargetSpec(id)
	}
	ref, err := m.specRef("connectionSpec")
	if err != nil {
		return nil, err
	}
	baseID, err := m.str("baseConnectionId")
	if err != nil {
		return nil, err
	}
	tc.ConnectionSpec, tc.BaseConnectionID = ref, baseID
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.space(c)
	if baseID != "" && sp.conns[baseID] == nil {
		return nil, errMissingReference("base connection", baseID)
	}
	if sp.datasets[tc.DataSetID()] == nil {
		return nil, errParamValue(tc.DataSetID(), "dataSetId")
	}
	tc.Etag = newEtag(c.now)
	tc.Version = tc.Etag
	v := tc.clone()
	sp.targets[tc.ID] = &v
	return c.created("targetConnections", tc.ID, tc.Etag), nil
}

// readTarget reads what a client sets on a target connection: name,
// description, data (the XDM schema) and params (dataSetId, 1325).
func readTarget(m obj, tc *TargetConnection) error {
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
	params, err := m.object("params")
	if err != nil {
		return err
	}
	ds, err := params.str("dataSetId")
	if err != nil {
		return wrongType("params.dataSetId", "a string")
	}
	if ds == "" {
		return errDataSetID(name)
	}
	tc.Name, tc.Description = name, desc
	tc.Data, tc.Params = cloneMap(data), cloneMap(params)
	if tc.Data == nil {
		tc.Data = map[string]any{}
	}
	return nil
}

func (s *Service) getTargetConnection(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	tc := s.st.peek(c.t).targets[id]
	if tc == nil {
		return nil, errNotFound("targetConnections", id)
	}
	return one(tc.clone()), nil
}

func (s *Service) listTargetConnections(c *call) (any, error) {
	q, err := s.parseList(c.r.URL.Query(), "targetConnections", targetFields)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	var items []item
	for _, tc := range sorted(s.st.peek(c.t).targets, targetKey) {
		items = append(items, newItem(tc.clone()))
	}
	s.mu.Unlock()
	return s.apply(q, items, "targetConnections", "/targetConnections"), nil
}

var targetPatch = patchRules{
	editable: fieldSet("name", "description", "data", "params", "state"),
	specs:    fieldSet("connectionSpec"),
	fields:   targetFields,
}

func (s *Service) patchTargetConnection(c *call) (any, error) {
	ops, err := patchRequest(c)
	if err != nil {
		return nil, err
	}
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.peek(c.t)
	cur := sp.targets[id]
	if cur == nil {
		return nil, errNotFound("targetConnections", id)
	}
	if err := ifMatch(c.r.Header.Values(headerIfMatch), cur.Etag); err != nil {
		return nil, err
	}
	if err := targetPatch.check(ops); err != nil {
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
	if err := readTarget(obj(patched), &next); err != nil {
		return nil, err
	}
	if sp.datasets[next.DataSetID()] == nil {
		return nil, errParamValue(next.DataSetID(), "dataSetId")
	}
	if next.State, err = patchedState(obj(patched), cur.State); err != nil {
		return nil, err
	}
	c.touch(&next.Meta, &next.Etag, &next.Version)
	*cur = next
	return idEtag{next.ID, next.Etag}, nil
}

func (s *Service) deleteTargetConnection(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.peek(c.t)
	tc := sp.targets[id]
	if tc == nil {
		return nil, errNotFound("targetConnections", id)
	}
	if !changeable(tc.State) {
		return nil, errStateForChange()
	}
	if len(sp.flowsUsing(id)) > 0 {
		return nil, errActiveFlows(id)
	}
	delete(sp.targets, id)
	return noContent, nil
}

func (s *Service) targetConnectionAction(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	tc := s.st.peek(c.t).targets[id]
	if tc == nil {
		return nil, errNotFound("targetConnections", id)
	}
	next := tc.clone()
	if err := publish(c, &next.State); err != nil {
		return nil, err
	}
	c.touch(&next.Meta, &next.Etag, &next.Version)
	*tc = next
	return idEtag{next.ID, next.Etag}, nil
}
