package flowservice

// The steps that base connections, source and target connections, flows
// and runs share: GET by id, list, PATCH (If-Match, rules, JSON Patch),
// DELETE, the publish action and storing a new document. Each resource
// file keeps only what is its own: what a client sets and what must exist.

// head points at what every stored document has: its audit fields, state
// and etag (version is the same value).
type head struct {
	meta    *Meta
	id      string
	state   *string
	etag    *string
	version *string
}

func (c *Connection) head() head { return head{&c.Meta, c.ID, &c.State, &c.Etag, &c.Version} }

func (sc *SourceConnection) head() head {
	return head{&sc.Meta, sc.ID, &sc.State, &sc.Etag, &sc.Version}
}

func (tc *TargetConnection) head() head {
	return head{&tc.Meta, tc.ID, &tc.State, &tc.Etag, &tc.Version}
}

func (f *Flow) head() head { return head{&f.Meta, f.ID, &f.State, &f.Etag, &f.Version} }

// copier is a pointer to a stored document that GET and lists show.
type copier[T any] interface {
	*T
	clone() T
}

// document is a pointer to a stored document that clients change.
type document[T any] interface {
	copier[T]
	head() head
}

// kind is one stored collection: its path segment (also its name in
// errors and lists), the fields filters and orderby may name, its table
// in a space and its order, and how GET shows a document (a copy, when
// view is nil).
type kind[T any] struct {
	name   string
	fields map[string]bool
	table  func(*space) map[string]*T
	key    func(*T) (int64, string)
	view   func(*Service, *T) any
}

var (
	connectionKind = kind[Connection]{name: "connections", fields: connectionFields, key: connKey,
		table: func(sp *space) map[string]*Connection { return sp.conns },
		view:  func(s *Service, c *Connection) any { return s.out(*c) }}
	sourceKind = kind[SourceConnection]{name: "sourceConnections", fields: sourceFields, key: sourceKey,
		table: func(sp *space) map[string]*SourceConnection { return sp.sources }}
	targetKind = kind[TargetConnection]{name: "targetConnections", fields: targetFields, key: targetKey,
		table: func(sp *space) map[string]*TargetConnection { return sp.targets }}
	flowKind = kind[Flow]{name: "flows", fields: flowFields, key: flowKey,
		table: func(sp *space) map[string]*Flow { return sp.flows }}
	runKind = kind[Run]{name: "runs", fields: runFields, key: runKey,
		table: func(sp *space) map[string]*Run { return sp.runs }}
)

// show is the document as GET and lists show it.
func show[T any, P copier[T]](s *Service, k kind[T], v P) any {
	if k.view != nil {
		return k.view(s, v)
	}
	return v.clone()
}

// getOne serves GET /{kind}/{id}: {"items":[doc]}.
func getOne[T any, P copier[T]](s *Service, c *call, k kind[T]) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err := find(s.st.peek(c.t), c, k)
	if err != nil {
		return nil, err
	}
	return one(show(s, k, P(v))), nil
}

// find is the document the call's path names in sp (404 when there is
// none); the caller holds s.mu.
func find[T any](sp *space, c *call, k kind[T]) (*T, error) {
	id := c.pathVar("id")
	v := k.table(sp)[id]
	if v == nil {
		return nil, errNotFound(k.name, id)
	}
	return v, nil
}

// listAll serves GET /{kind}: filtered, ordered and paged.
func listAll[T any, P copier[T]](s *Service, c *call, k kind[T]) (any, error) {
	q, err := s.parseList(c.r.URL.Query(), k.name, k.fields)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	var items []item
	for _, v := range sorted(k.table(s.st.peek(c.t)), k.key) {
		items = append(items, newItem(show(s, k, P(v))))
	}
	s.mu.Unlock()
	return s.apply(q, items, k.name, "/"+k.name), nil
}

// store files a new document under the lock: a fresh etag (and version),
// a copy in the space, and the 201 with its Location.
func store[T any, P document[T]](c *call, sp *space, k kind[T], v P) any {
	h := v.head()
	*h.etag = newEtag(c.now)
	*h.version = *h.etag
	cp := v.clone()
	k.table(sp)[h.id] = &cp
	return c.created(k.name, h.id, *h.etag)
}

// createRequest reads the body and ?mode of a connection's create.
func createRequest(c *call) (obj, string, error) {
	m, err := decodeObject(c.body)
	if err != nil {
		return nil, "", err
	}
	state, err := draftMode(c)
	if err != nil {
		return nil, "", err
	}
	return m, state, nil
}

// readNamed reads what every connection is called: its name (mandatory,
// 1304) and description.
func readNamed(m obj) (name, desc string, err error) {
	if name, err = m.str("name"); err != nil {
		return "", "", err
	}
	if name == "" {
		return "", "", errMandatory("name")
	}
	if desc, err = m.str("description"); err != nil {
		return "", "", err
	}
	return name, desc, nil
}

// patchOne serves PATCH /{kind}/{id}: If-Match present (1403), the
// instructions read, the document found, its etag matched (1404) and the
// instructions allowed by rules; then update makes the next version, which
// is stamped as changed by the call and stored.
func patchOne[T any, P document[T]](s *Service, c *call, k kind[T], rules patchRules,
	update func(sp *space, cur P, ops []PatchOp) (T, error)) (any, error) {
	ops, err := patchRequest(c)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.peek(c.t)
	found, err := find(sp, c, k)
	if err != nil {
		return nil, err
	}
	cur := P(found)
	if err := ifMatch(c.r.Header.Values(headerIfMatch), *cur.head().etag); err != nil {
		return nil, err
	}
	if err := rules.check(ops); err != nil {
		return nil, err
	}
	next, err := update(sp, cur, ops)
	if err != nil {
		return nil, err
	}
	return commit(c, cur, next), nil
}

// patchRequest reads a PATCH: If-Match present (1403), then a body of
// instructions.
func patchRequest(c *call) ([]PatchOp, error) {
	if v := c.r.Header.Values(headerIfMatch); len(v) == 0 || v[0] == "" {
		return nil, errIfMatchMissing()
	}
	return ParsePatch(c.body)
}

// patchedState reads a patched state: unchanged, or one of the states a
// client may set (1456).
func patchedState(m obj, current string) (string, error) {
	v, ok := m["state"]
	if !ok {
		return current, nil
	}
	state, isStr := v.(string)
	if !isStr {
		return "", errStateValue(display(v))
	}
	if state == current {
		return state, nil
	}
	switch state {
	case StateEnabled, StateDisabled, StateInitializing:
		return state, nil
	}
	return "", errStateValue(state)
}

// commit stamps next as changed by the call and makes it the current
// version; the answer is {"id","etag"}.
func commit[T any, P document[T]](c *call, cur P, next T) idEtag {
	h := P(&next).head()
	c.touch(h.meta, h.etag, h.version)
	*cur = next
	return idEtag{h.id, *h.etag}
}

// patchedConnection is a connection's next version after a PATCH: it must be
// changeable (1416); the instructions apply to the document (description
// present, as ""), read reads what a client sets from the result, and the
// state changes only as patchedState allows.
func patchedConnection[T any, P document[T]](cur P, ops []PatchOp, read func(obj, P) error) (T, error) {
	var zero T
	if !changeable(*cur.head().state) {
		return zero, errStateForChange()
	}
	doc := toDoc(*cur)
	if _, ok := doc["description"]; !ok {
		doc["description"] = ""
	}
	patched, err := applyPatch(doc, ops)
	if err != nil {
		return zero, err
	}
	next := cur.clone()
	if err := read(obj(patched), &next); err != nil {
		return zero, err
	}
	state, err := patchedState(obj(patched), *cur.head().state)
	if err != nil {
		return zero, err
	}
	*P(&next).head().state = state
	return next, nil
}

// deleteConnectionOf serves DELETE of a connection: it must be changeable
// (1416) and no flow may use it (inUse).
func deleteConnectionOf[T any, P document[T]](s *Service, c *call, k kind[T], inUse func(id string) *Error) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.peek(c.t)
	v, err := find(sp, c, k)
	if err != nil {
		return nil, err
	}
	if !changeable(*P(v).head().state) {
		return nil, errStateForChange()
	}
	id := c.pathVar("id")
	if len(sp.flowsUsing(id)) > 0 {
		return nil, inUse(id)
	}
	delete(k.table(sp), id)
	return noContent, nil
}

// publishOne serves POST /{kind}/{id}/action of a connection: publish.
func publishOne[T any, P document[T]](s *Service, c *call, k kind[T]) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	found, err := find(s.st.peek(c.t), c, k)
	if err != nil {
		return nil, err
	}
	v := P(found)
	next := v.clone()
	if err := publish(c, P(&next).head().state); err != nil {
		return nil, err
	}
	return commit(c, v, next), nil
}
