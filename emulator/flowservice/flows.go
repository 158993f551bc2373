package flowservice

import (
	"slices"
)

// Flows: /flows (reference §5).

func (s *Service) createFlow(c *call) (any, error) {
	m, err := decodeObject(c.body)
	if err != nil {
		return nil, err
	}
	b, err := readFlowBody(m, true)
	if err != nil {
		return nil, err
	}
	state, err := draftMode(c)
	if err != nil {
		return nil, err
	}
	var sched *Schedule
	if b.schedule != nil {
		v, err := readSchedule(b.schedule)
		if err != nil {
			return nil, err
		}
		if err := s.checkStart(v, c.now); err != nil {
			return nil, err
		}
		sched = &v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.space(c)
	inh, err := s.checkFlow(sp, b, sched)
	if err != nil {
		return nil, err
	}
	f := Flow{ID: newUUID(), Meta: c.meta(), State: state}
	f.set(b)
	f.InheritedAttributes = inh
	f.Runs = "/runs?property=flowId==" + f.ID
	f.LastOperation = LastOperation{Started: c.ms(), Operation: "create"}
	f.Labels = []string{}
	f.Etag = newEtag(c.now)
	f.Version = f.Etag
	v := f.clone()
	sp.flows[f.ID] = &v
	return c.created("flows", f.ID, f.Etag), nil
}

// set copies what a client sets on a flow.
func (f *Flow) set(b flowBody) {
	f.Name, f.Description, f.FlowSpec = b.name, b.description, b.spec
	f.SourceConnectionIDs, f.TargetConnectionIDs = slices.Clone(b.sources), slices.Clone(b.targets)
	f.Transformations, f.ScheduleParams, f.Options = b.transformations, b.schedule, b.options
}

func (s *Service) getFlow(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.st.peek(c.t).flows[id]
	if f == nil {
		return nil, errNotFound("flows", id)
	}
	return one(f.clone()), nil
}

func (s *Service) listFlows(c *call) (any, error) {
	q, err := s.parseList(c.r.URL.Query(), "flows", flowFields)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	var items []item
	for _, f := range sorted(s.st.peek(c.t).flows, flowKey) {
		items = append(items, newItem(f.clone()))
	}
	s.mu.Unlock()
	return s.apply(q, items, "flows", "/flows"), nil
}

var flowPatch = patchRules{
	editable: fieldSet("name", "description", "scheduleParams", "transformations", "options", "labels"),
	fields:   flowFields,
}

func (s *Service) patchFlow(c *call) (any, error) {
	ops, err := patchRequest(c)
	if err != nil {
		return nil, err
	}
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.peek(c.t)
	cur := sp.flows[id]
	if cur == nil {
		return nil, errNotFound("flows", id)
	}
	if err := ifMatch(c.r.Header.Values(headerIfMatch), cur.Etag); err != nil {
		return nil, err
	}
	if err := flowPatch.check(ops); err != nil {
		return nil, err
	}
	patched, err := applyPatch(toDoc(*cur), ops)
	if err != nil {
		return nil, err
	}
	b, err := readFlowBody(obj(patched), false)
	if err != nil {
		return nil, err
	}
	labels, err := obj(patched).strings("labels")
	if err != nil {
		return nil, err
	}
	var sched *Schedule
	if b.schedule != nil {
		v, err := readSchedule(b.schedule)
		if err != nil {
			return nil, err
		}
		if old, _, _ := cur.Schedule(); !v.StartTime.Equal(old.StartTime) {
			if err := s.checkStart(v, c.now); err != nil {
				return nil, err
			}
		}
		sched = &v
	}
	if _, err := s.checkFlow(sp, b, sched); err != nil {
		return nil, err
	}
	next := cur.clone()
	next.set(b)
	next.Labels = labels
	if next.Labels == nil {
		next.Labels = []string{}
	}
	next.LastOperation = LastOperation{Started: c.ms(), Updated: c.ms(), Operation: "update"}
	c.touch(&next.Meta, &next.Etag, &next.Version)
	*cur = next
	return idEtag{next.ID, next.Etag}, nil
}

func (s *Service) deleteFlow(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.peek(c.t)
	if sp.flows[id] == nil {
		return nil, errNotFound("flows", id)
	}
	delete(sp.flows, id)
	for _, rid := range sp.runsOf[id] {
		delete(sp.runs, rid)
	}
	delete(sp.runsOf, id)
	return noContent, nil
}

// flowAction serves POST /flows/{id}/action?op=enable|disable|publish
// (case-insensitive). Enabling an enabled flow or disabling a disabled
// one changes nothing; a draft is enabled only by publishing it (1422).
func (s *Service) flowAction(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.st.peek(c.t).flows[id]
	if f == nil {
		return nil, errNotFound("flows", id)
	}
	op, ok := c.r.URL.Query()["op"]
	if !ok || op[0] == "" {
		return nil, errParamMissing("op")
	}
	next := f.clone()
	action := lower(op[0])
	switch action {
	case "enable", "disable":
		want := StateEnabled
		if action == "disable" {
			want = StateDisabled
		}
		if f.State == StateDraft {
			return nil, errAction(action, f.State)
		}
		if f.State == want {
			return idEtag{f.ID, f.Etag}, nil
		}
		next.State = want
	default:
		if err := publish(c, &next.State); err != nil {
			return nil, err
		}
	}
	next.LastOperation = LastOperation{Started: c.ms(), Updated: c.ms(), Operation: action}
	c.touch(&next.Meta, &next.Etag, &next.Version)
	*f = next
	return idEtag{next.ID, next.Etag}, nil
}
