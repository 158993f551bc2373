package flowservice

// Connection specs and flow specs: the read-only catalogue (reference §2, §5).

func (s *Service) listConnectionSpecs(c *call) (any, error) {
	q, err := s.parseList(c.r.URL.Query(), "connectionSpecs", specFields)
	if err != nil {
		return nil, err
	}
	items := make([]item, 0, len(s.specs.connDocs))
	for _, doc := range s.specs.connDocs {
		items = append(items, item{out: doc, doc: doc})
	}
	return s.apply(q, items, "connectionSpecs", "/connectionSpecs"), nil
}

func (s *Service) getConnectionSpec(c *call) (any, error) {
	id := c.pathVar("id")
	spec := s.specs.connByID[id]
	if spec == nil {
		return nil, errNotFound("connectionSpecs", id)
	}
	return one(spec.Doc), nil
}

func (s *Service) listFlowSpecs(c *call) (any, error) {
	q, err := s.parseList(c.r.URL.Query(), "flowSpecs", specFields)
	if err != nil {
		return nil, err
	}
	items := make([]item, 0, len(s.specs.flowsDocs))
	for _, doc := range s.specs.flowsDocs {
		items = append(items, item{out: doc, doc: doc})
	}
	return s.apply(q, items, "flowSpecs", "/flowSpecs"), nil
}

func (s *Service) getFlowSpec(c *call) (any, error) {
	id := c.pathVar("id")
	spec := s.specs.flowByID[id]
	if spec == nil {
		return nil, errNotFound("flowSpecs", id)
	}
	return one(spec.Doc), nil
}
