package flowservice

import (
	"slices"
)

// flowBody is a flow create body after its shape was read.
type flowBody struct {
	name, description string
	spec              SpecRef
	sources, targets  []string
	transformations   []Transformation
	schedule          map[string]any
	options           map[string]any
}

func readFlowBody(m obj, create bool) (flowBody, error) {
	var b flowBody
	var err error
	if create {
		if _, ok := m["state"]; ok {
			return b, errStateInCreate()
		}
		if _, ok := m["mode"]; ok {
			return b, errModeInFlow()
		}
	}
	if b.name, err = m.str("name"); err != nil {
		return b, err
	}
	if b.name == "" {
		return b, errMandatory("name")
	}
	if b.description, err = m.str("description"); err != nil {
		return b, err
	}
	if b.spec, err = m.specRef("flowSpec"); err != nil {
		return b, err
	}
	if b.sources, err = m.strings("sourceConnectionIds"); err != nil {
		return b, err
	}
	if len(b.sources) == 0 || slices.Contains(b.sources, "") {
		return b, errFlowConnectionID("source")
	}
	if b.targets, err = m.strings("targetConnectionIds"); err != nil {
		return b, err
	}
	if len(b.targets) == 0 || slices.Contains(b.targets, "") {
		return b, errFlowConnectionID("target")
	}
	trs, err := m.array("transformations")
	if err != nil {
		return b, err
	}
	b.transformations = []Transformation{}
	for _, t := range trs {
		tm, ok := t.(map[string]any)
		if !ok {
			return b, wrongType("transformations", "an array of objects")
		}
		name, err := obj(tm).str("name")
		if err != nil || name == "" {
			return b, errMandatory("transformations.name")
		}
		params, err := obj(tm).object("params")
		if err != nil {
			return b, wrongType("transformations.params", "an object")
		}
		b.transformations = append(b.transformations, Transformation{Name: name, Params: cloneMap(params)})
	}
	sched, err := m.object("scheduleParams")
	if err != nil {
		return b, err
	}
	if sched != nil {
		b.schedule = cloneMap(sched)
	}
	opts, err := m.object("options")
	if err != nil {
		return b, err
	}
	b.options = cloneMap(opts)
	return b, nil
}

// checkFlow validates a flow against its spec, its connections and the
// mapping sets of the space: 1413 a bad flow spec or a source spec it does
// not join, 1102-404 unknown connections, 1307 a target spec it does not
// join, the schedule rules, 1367/1369 the delta column of CRM sources,
// 1419/1412 the mapping and its version, 1425 the mapping's schema
// against the target dataset's. It returns what the flow inherits.
func (s *Service) checkFlow(sp *space, b flowBody, sched *Schedule) (FlowInheritance, error) {
	var inh FlowInheritance
	fspec := s.specs.flowByID[b.spec.ID]
	if fspec == nil {
		return inh, errSpecID()
	}
	crm := false
	inh.Properties = map[string]any{"isSourceFlow": true}
	inh.SourceConnections = []SourceInheritance{}
	inh.TargetConnections = []ConnectionRef{}
	for _, id := range b.sources {
		sc := sp.sources[id]
		if sc == nil {
			return inh, errMissingReference("source connection", id)
		}
		if !fspec.Sources[sc.ConnectionSpec.ID] {
			return inh, errSpecID()
		}
		if spec := s.specs.connByID[sc.ConnectionSpec.ID]; spec != nil && spec.CRM {
			crm = true
		}
		si := SourceInheritance{ID: sc.ID, ConnectionSpec: sc.ConnectionSpec}
		if base := sp.conns[sc.BaseConnectionID]; base != nil {
			si.BaseConnection = &ConnectionRef{ID: base.ID, ConnectionSpec: base.ConnectionSpec}
		}
		inh.SourceConnections = append(inh.SourceConnections, si)
	}
	var dataset *datasetRec
	for _, id := range b.targets {
		tc := sp.targets[id]
		if tc == nil {
			return inh, errMissingReference("target connection", id)
		}
		if !fspec.Targets[tc.ConnectionSpec.ID] {
			return inh, errTargetSpec(tc.ConnectionSpec.ID)
		}
		if dataset == nil {
			dataset = sp.datasets[tc.DataSetID()]
		}
		inh.TargetConnections = append(inh.TargetConnections, ConnectionRef{ID: tc.ID, ConnectionSpec: tc.ConnectionSpec})
	}
	once := sched != nil && sched.Frequency == FrequencyOnce
	hasDelta := false
	for _, t := range b.transformations {
		switch t.Name {
		case TransformCopy:
			dc, _ := t.Params["deltaColumn"].(map[string]any)
			if name, _ := dc["name"].(string); name != "" {
				hasDelta = true
			}
		case TransformMapping:
			if err := checkMapping(sp, t, dataset); err != nil {
				return inh, err
			}
		}
	}
	switch {
	case once && hasDelta:
		return inh, errDeltaOnce()
	case crm && !once && !hasDelta:
		return inh, errDeltaRequired()
	}
	return inh, nil
}

// checkMapping checks a Mapping transformation: the mapping set exists
// (1419), mappingVersion is its version (1412), and its schema is the
// target dataset's (1425).
func checkMapping(sp *space, t Transformation, dataset *datasetRec) error {
	id, _ := t.Params["mappingId"].(string)
	if id == "" {
		return errMandatory("mappingId")
	}
	mv, has := t.Params["mappingVersion"]
	version, ok := intOf(mv)
	if has && !ok {
		return errMappingVersion()
	}
	ms := sp.mappings[id]
	if ms == nil {
		return errMapping(id, display(mv))
	}
	if has && version != int64(ms.Version) {
		return errMappingVersion()
	}
	if dataset != nil {
		if a, b := dataset.schemaID(), ms.schemaID(); a != "" && b != "" && a != b {
			return errSchemaMismatch(dataset.ID, id)
		}
	}
	return nil
}
