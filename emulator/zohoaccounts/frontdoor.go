package zohoaccounts

import "github.com/zohoaep/zohoaep/emulator/internal/httpx"

// TenantOf returns the org a client is registered in, or "" if unknown;
// the front door labels journal entries and fault matches with it.
func (s *Service) TenantOf(clientID string) string {
	if clientID == "" {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.st.clients[clientID]; c != nil {
		return c.OrgID
	}
	return ""
}

// ClientOf returns the client_id a request to this service names, from
// its query string or body, for journal entries and fault matches.
func ClientOf(rawQuery, contentType string, body []byte) string {
	return mergeParams(rawQuery, contentType, body).Get("client_id")
}

// TooLarge is the answer to a request body over the front door's limit.
func TooLarge() httpx.Error { return errTooLarge }
