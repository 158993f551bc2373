package adobeims

import (
	"net/http"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// TenantOf returns the org of a credential, or "" if unknown; the front
// door labels journal entries and fault matches with it. A non-empty
// answer also says that clientID is a valid API key (x-api-key).
func (s *Service) TenantOf(clientID string) string {
	if clientID == "" {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.st.creds[clientID]; c != nil {
		return c.OrgID
	}
	return ""
}

// ClientOf returns the client_id a request to this service names, from
// its query string, its body or an Authorization: Basic header, for
// journal entries and fault matches. body is the request body the front
// door read.
func ClientOf(r *http.Request, body []byte) string {
	return mergeParams(r.URL.RawQuery, r.Header.Get("Content-Type"), r.Header.Get("Authorization"), body).Get(ParamClientID)
}

// TooLarge is the answer to a request body over the front door's limit.
func TooLarge() httpx.Error { return errTooLarge }
