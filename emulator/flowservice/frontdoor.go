package flowservice

import (
	"net/http"
	"strings"
)

// ClientOf is the client a request names: its x-api-key.
func ClientOf(h http.Header) string { return h.Get(headerAPIKey) }

// TenantOf is the tenant a request addresses, for the journal and fault
// rules: the IMS org of its bearer token when IMS knows it, else its
// x-gw-ims-org-id header. Reset takes the same org id.
func (s *Service) TenantOf(h http.Header) string {
	if s.ims != nil {
		scheme, token, _ := strings.Cut(strings.TrimSpace(h.Get("Authorization")), " ")
		if strings.EqualFold(scheme, "Bearer") && strings.TrimSpace(token) != "" {
			if id, err := s.ims.Verify(strings.TrimSpace(token)); err == nil && id.OrgID != "" {
				return id.OrgID
			}
		}
	}
	return h.Get(headerOrg)
}

// Identify names the client and tenant of a request, in the shape of the
// front door's identify hook.
func (s *Service) Identify(r *http.Request, _ []byte) (client, tenant string) {
	return ClientOf(r.Header), s.TenantOf(r.Header)
}
