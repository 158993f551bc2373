package flowservice

// Target connections: /targetConnections (reference §5). The data lake is
// the only target: its spec (1307) and an existing Catalog dataset in the
// same sandbox (1325 when missing, 1312 when unknown) are required.

func (s *Service) createTargetConnection(c *call) (any, error) {
	m, state, err := createRequest(c)
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
	if err := sp.checkDataset(tc); err != nil {
		return nil, err
	}
	return store(c, sp, targetKind, &tc), nil
}

// readTarget reads what a client sets on a target connection: name,
// description, data (the XDM schema) and params (dataSetId, 1325).
func readTarget(m obj, tc *TargetConnection) error {
	name, desc, err := readNamed(m)
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

// checkDataset requires the target's dataset in the space (1312).
func (sp *space) checkDataset(tc TargetConnection) error {
	if sp.datasets[tc.DataSetID()] == nil {
		return errParamValue(tc.DataSetID(), "dataSetId")
	}
	return nil
}

func (s *Service) getTargetConnection(c *call) (any, error) { return getOne(s, c, targetKind) }

func (s *Service) listTargetConnections(c *call) (any, error) { return listAll(s, c, targetKind) }

var targetPatch = patchRules{
	editable: fieldSet("name", "description", "data", "params", "state"),
	specs:    fieldSet("connectionSpec"),
	fields:   targetFields,
}

func (s *Service) patchTargetConnection(c *call) (any, error) {
	return patchOne(s, c, targetKind, targetPatch, func(sp *space, cur *TargetConnection, ops []PatchOp) (TargetConnection, error) {
		return patchedConnection(cur, ops, func(m obj, next *TargetConnection) error {
			if err := readTarget(m, next); err != nil {
				return err
			}
			return sp.checkDataset(*next)
		})
	})
}

func (s *Service) deleteTargetConnection(c *call) (any, error) {
	return deleteConnectionOf(s, c, targetKind, errActiveFlows)
}

func (s *Service) targetConnectionAction(c *call) (any, error) { return publishOne(s, c, targetKind) }
