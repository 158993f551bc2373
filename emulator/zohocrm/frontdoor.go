package zohocrm

// Identify names the client and tenant (Zoho org) of a request from its
// Authorization header, for journal entries and fault matches: the
// token's client_id and org, or empty strings for a missing or dead token.
func (s *Service) Identify(authorization string) (client, tenant string) {
	token, err := s.bearerOf(authorization)
	if err != nil {
		return "", ""
	}
	g, ok := s.dir.Introspect(token)
	if !ok {
		return "", ""
	}
	return g.ClientID, g.OrgID
}
