package zohoaccounts

import "github.com/zohoaep/zohoaep/emulator/internal/httpx"

// TenantOf returns the org a client is registered in, or "" if unknown;
// the front door labels journal entries and fault matches with it.
func (s *Service) TenantOf(clientID string) string {
	if clientID == "" {
		return ""
	}
	epoch := s.clientsEpoch.Load()
	if m := s.lastTenant.Load(); m != nil && m.epoch == epoch && m.client == clientID {
		return m.org // the same client as before, and no client changed since
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	org := ""
	if c := s.st.clients[clientID]; c != nil {
		org = c.OrgID
	}
	s.lastTenant.Store(&tenantMemo{epoch: s.clientsEpoch.Load(), client: clientID, org: org})
	return org
}

// tenantMemo is TenantOf's last answer, valid while clientsEpoch is
// epoch. Every request to Zoho Accounts asks TenantOf (the front door's
// journal and fault rules name the tenant), and the token handler holds
// s.mu: the memo spares the refresh path a second wait on that lock.
type tenantMemo struct {
	epoch       uint64
	client, org string
}

// clientsChanged moves clientsEpoch on, with s.mu held, after any change
// to s.st's clients or to s.st itself: the memo is then taken again under
// the lock.
func (s *Service) clientsChanged() { s.clientsEpoch.Add(1) }

// ClientOf returns the client_id a request to this service names, from
// its query string or body, for journal entries and fault matches.
func ClientOf(rawQuery, contentType string, body []byte) string {
	return httpx.ParamsOf(rawQuery, contentType, body, maxParamsBody).Get("client_id")
}

// TooLarge is the answer to a request body over the front door's limit.
func TooLarge() httpx.Error { return errTooLarge }
