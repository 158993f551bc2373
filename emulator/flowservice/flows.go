package flowservice

import (
	"slices"
	"time"
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
	sched, err := s.flowSchedule(b, nil, c.now)
	if err != nil {
		return nil, err
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
	return store(c, sp, flowKind, &f), nil
}

// set copies what a client sets on a flow.
func (f *Flow) set(b flowBody) {
	f.Name, f.Description, f.FlowSpec = b.name, b.description, b.spec
	f.SourceConnectionIDs, f.TargetConnectionIDs = slices.Clone(b.sources), slices.Clone(b.targets)
	f.Transformations, f.ScheduleParams, f.Options = b.transformations, b.schedule, b.options
}

// flowSchedule reads a flow body's schedule (nil when it has none); its
// start time is checked against now for a new flow (cur nil) and when it
// changes cur's.
func (s *Service) flowSchedule(b flowBody, cur *Flow, now time.Time) (*Schedule, error) {
	if b.schedule == nil {
		return nil, nil
	}
	v, err := readSchedule(b.schedule)
	if err != nil {
		return nil, err
	}
	if cur != nil {
		if old, _, _ := cur.Schedule(); v.StartTime.Equal(old.StartTime) {
			return &v, nil
		}
	}
	if err := s.checkStart(v, now); err != nil {
		return nil, err
	}
	return &v, nil
}

func (s *Service) getFlow(c *call) (any, error) { return getOne(s, c, flowKind) }

func (s *Service) listFlows(c *call) (any, error) { return listAll(s, c, flowKind) }

var flowPatch = patchRules{
	editable: fieldSet("name", "description", "scheduleParams", "transformations", "options", "labels"),
	fields:   flowFields,
}

func (s *Service) patchFlow(c *call) (any, error) {
	return patchOne(s, c, flowKind, flowPatch, func(sp *space, cur *Flow, ops []PatchOp) (Flow, error) {
		return s.patchedFlow(c, sp, cur, ops)
	})
}

// patchedFlow is a flow's next version after a PATCH: what a client sets
// read again from the patched document, a changed start time checked, and
// the flow checked against its connections and spec.
func (s *Service) patchedFlow(c *call, sp *space, cur *Flow, ops []PatchOp) (Flow, error) {
	patched, err := applyPatch(toDoc(*cur), ops)
	if err != nil {
		return Flow{}, err
	}
	b, err := readFlowBody(obj(patched), false)
	if err != nil {
		return Flow{}, err
	}
	labels, err := obj(patched).strings("labels")
	if err != nil {
		return Flow{}, err
	}
	sched, err := s.flowSchedule(b, cur, c.now)
	if err != nil {
		return Flow{}, err
	}
	if _, err := s.checkFlow(sp, b, sched); err != nil {
		return Flow{}, err
	}
	next := cur.clone()
	next.set(b)
	next.Labels = labels
	if next.Labels == nil {
		next.Labels = []string{}
	}
	next.LastOperation = LastOperation{Started: c.ms(), Updated: c.ms(), Operation: "update"}
	return next, nil
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
	return commit(c, f, next), nil
}
