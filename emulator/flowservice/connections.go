package flowservice

// Base connections: /connections (reference §3).

func (s *Service) createConnection(c *call) (any, error) {
	m, state, err := createRequest(c)
	if err != nil {
		return nil, err
	}
	conn := Connection{Meta: c.meta(), ID: newUUID(), State: state}
	if err := s.readConnection(m, &conn); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return store(c, s.space(c), connectionKind, &conn), nil
}

// readConnection reads the fields a client sets (name, description, auth,
// connectionSpec) from a create body or a patched document into conn.
func (s *Service) readConnection(m obj, conn *Connection) error {
	name, desc, err := readNamed(m)
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

func (s *Service) getConnection(c *call) (any, error) { return getOne(s, c, connectionKind) }

func (s *Service) listConnections(c *call) (any, error) { return listAll(s, c, connectionKind) }

var connectionPatch = patchRules{
	editable: fieldSet("name", "description", "auth", "state"),
	specs:    fieldSet("connectionSpec"),
	fields:   connectionFields,
}

func (s *Service) patchConnection(c *call) (any, error) {
	return patchOne(s, c, connectionKind, connectionPatch, func(_ *space, cur *Connection, ops []PatchOp) (Connection, error) {
		return patchedConnection(cur, ops, s.readConnection)
	})
}

func (s *Service) deleteConnection(c *call) (any, error) {
	return deleteConnectionOf(s, c, connectionKind, errConnectionInUse)
}

func (s *Service) connectionAction(c *call) (any, error) { return publishOne(s, c, connectionKind) }
