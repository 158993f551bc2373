package flowservice

// Base connections: /connections (reference §3).

func (s *Service) createConnection(c *call) (any, error) {
	m, err := decodeObject(c.body)
	if err != nil {
		return nil, err
	}
	state, err := draftMode(c)
	if err != nil {
		return nil, err
	}
	conn := Connection{Meta: c.meta(), ID: newUUID(), State: state}
	if err := s.readConnection(m, &conn); err != nil {
		return nil, err
	}
	conn.Etag = newEtag(c.now)
	conn.Version = conn.Etag
	s.mu.Lock()
	defer s.mu.Unlock()
	v := conn.clone()
	s.space(c).conns[conn.ID] = &v
	return c.created("connections", conn.ID, conn.Etag), nil
}

// readConnection reads the fields a client sets (name, description, auth,
// connectionSpec) from a create body or a patched document into conn.
func (s *Service) readConnection(m obj, conn *Connection) error {
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
	ref, err := m.specRef("connectionSpec")
	if err != nil {
		return err
	}
	spec := s.specs.connByID[ref.ID]
	if spec == nil {
		return errSpecID()
	}
	auth, err := m.object("auth")
	if err != nil {
		return err
	}
	if auth == nil {
		return errMandatory("auth")
	}
	specName, err := auth.str("specName")
	if err != nil {
		return wrongType("auth.specName", "a string")
	}
	if specName == "" {
		return errMandatory("auth.specName")
	}
	as, ok := spec.Auth[specName]
	if !ok {
		return errAuthSpec(specName, spec.ID)
	}
	params, err := auth.object("params")
	if err != nil {
		return wrongType("auth.params", "an object")
	}
	if params == nil {
		return errMandatory("auth.params")
	}
	if err := checkParams(as, params); err != nil {
		return err
	}
	conn.Name, conn.Description, conn.ConnectionSpec = name, desc, ref
	conn.Auth = Auth{SpecName: specName, Params: cloneMap(params)}
	return nil
}

// checkParams validates auth params against the auth spec's JSON Schema:
// every required param present and non-empty (1304), declared types
// respected (1312).
func checkParams(as authSpec, params obj) error {
	for _, name := range as.Required {
		v, ok := params[name]
		if s, isStr := v.(string); !ok || v == nil || isStr && s == "" {
			return errMandatory(name)
		}
	}
	for name, v := range params {
		want := as.Types[name]
		if want == "" || v == nil {
			continue
		}
		if !jsonType(v, want) {
			return errParamValue(display(v), name)
		}
	}
	return nil
}

// jsonType reports whether v is of JSON Schema type t.
func jsonType(v any, t string) bool {
	switch t {
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "integer":
		_, ok := intOf(v)
		_, isStr := v.(string)
		return ok && !isStr
	case "number":
		_, ok := number(v)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	}
	return true
}

func display(v any) string {
	if s, ok := text(v); ok {
		return s
	}
	b := toDoc(map[string]any{"v": v})
	if s, ok := text(b["v"]); ok {
		return s
	}
	return "value"
}

// out is the connection as GET shows it: the auth spec's password params
// masked, left out or shown, as Config.Secrets says (UNCONFIRMED).
func (s *Service) out(conn Connection) Connection {
	conn = conn.clone()
	if s.cfg.Secrets == SecretsPlain {
		return conn
	}
	spec := s.specs.connByID[conn.ConnectionSpec.ID]
	if spec == nil {
		return conn
	}
	as := spec.Auth[conn.Auth.SpecName]
	for name := range conn.Auth.Params {
		if !as.Secret[name] {
			continue
		}
		if s.cfg.Secrets == SecretsOmit {
			delete(conn.Auth.Params, name)
		} else {
			conn.Auth.Params[name] = s.cfg.SecretMask
		}
	}
	return conn
}

func (s *Service) getConnection(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	conn := s.st.peek(c.t).conns[id]
	if conn == nil {
		return nil, errNotFound("connections", id)
	}
	return one(s.out(*conn)), nil
}

func (s *Service) listConnections(c *call) (any, error) {
	q, err := s.parseList(c.r.URL.Query(), "connections", connectionFields)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	var items []item
	for _, conn := range sorted(s.st.peek(c.t).conns, connKey) {
		items = append(items, newItem(s.out(*conn)))
	}
	s.mu.Unlock()
	return s.apply(q, items, "connections", "/connections"), nil
}

var connectionPatch = patchRules{
	editable: fieldSet("name", "description", "auth", "state"),
	specs:    fieldSet("connectionSpec"),
	fields:   connectionFields,
}

func (s *Service) patchConnection(c *call) (any, error) {
	ops, err := patchRequest(c)
	if err != nil {
		return nil, err
	}
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.peek(c.t)
	cur := sp.conns[id]
	if cur == nil {
		return nil, errNotFound("connections", id)
	}
	if err := ifMatch(c.r.Header.Values(headerIfMatch), cur.Etag); err != nil {
		return nil, err
	}
	if err := connectionPatch.check(ops); err != nil {
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
	if err := s.readConnection(obj(patched), &next); err != nil {
		return nil, err
	}
	state, err := patchedState(obj(patched), cur.State)
	if err != nil {
		return nil, err
	}
	next.State = state
	c.touch(&next.Meta, &next.Etag, &next.Version)
	*cur = next
	return idEtag{next.ID, next.Etag}, nil
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

func (s *Service) deleteConnection(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.peek(c.t)
	conn := sp.conns[id]
	if conn == nil {
		return nil, errNotFound("connections", id)
	}
	if !changeable(conn.State) {
		return nil, errStateForChange()
	}
	if len(sp.flowsUsing(id)) > 0 {
		return nil, errConnectionInUse(id)
	}
	delete(sp.conns, id)
	return noContent, nil
}

func (s *Service) connectionAction(c *call) (any, error) {
	id := c.pathVar("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	conn := s.st.peek(c.t).conns[id]
	if conn == nil {
		return nil, errNotFound("connections", id)
	}
	next := conn.clone()
	if err := publish(c, &next.State); err != nil {
		return nil, err
	}
	c.touch(&next.Meta, &next.Etag, &next.Version)
	*conn = next
	return idEtag{next.ID, next.Etag}, nil
}
