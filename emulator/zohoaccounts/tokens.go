package zohoaccounts

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/ids"
)

// TokenInfo describes a live token without giving it away.
type TokenInfo struct {
	ID        string     `json:"id"`   // a fingerprint: Fingerprint(token)
	Kind      string     `json:"kind"` // "access" or "refresh"
	Hint      string     `json:"hint"` // the first and last characters
	ClientID  string     `json:"client_id"`
	ZUID      string     `json:"zuid,omitempty"`
	OrgID     string     `json:"org_id,omitempty"`
	DC        string     `json:"dc"`
	Scopes    []string   `json:"scopes"`
	IssuedAt  time.Time  `json:"issued_at"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"` // refresh tokens never expire
	Refresh   string     `json:"refresh_id,omitempty"` // the refresh token's ID
}

// Fingerprint is a token's stable public name: "sha256:" and 16 hex digits.
// The journal shows tokens by it too, so the two can be matched.
func Fingerprint(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "sha256:" + hex.EncodeToString(sum[:8])
}

func hint(token string) string {
	if len(token) < 16 {
		return "…"
	}
	return token[:9] + "…" + token[len(token)-4:]
}

// TokenFilter selects tokens; empty fields match all.
type TokenFilter struct {
	ClientID, ZUID, Kind string
}

// Tokens lists the live tokens, refresh tokens first, oldest first.
func (s *Service) Tokens(f TokenFilter) []TokenInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var out []TokenInfo
	match := func(kind, client, zuid string) bool {
		return (f.Kind == "" || f.Kind == kind) && (f.ClientID == "" || f.ClientID == client) && (f.ZUID == "" || f.ZUID == zuid)
	}
	for _, rt := range s.st.refresh {
		if match("refresh", rt.ClientID, rt.ZUID) {
			out = append(out, TokenInfo{ID: Fingerprint(rt.Token), Kind: "refresh", Hint: hint(rt.Token),
				ClientID: rt.ClientID, ZUID: rt.ZUID, DC: rt.DC, Scopes: slices.Clone(rt.Scopes), IssuedAt: rt.Issued})
		}
	}
	for _, at := range s.st.access {
		if now.Before(at.Expires) && match("access", at.ClientID, at.ZUID) {
			exp := at.Expires
			info := TokenInfo{ID: Fingerprint(at.Token), Kind: "access", Hint: hint(at.Token),
				ClientID: at.ClientID, ZUID: at.ZUID, OrgID: at.OrgID, DC: at.DC, Scopes: slices.Clone(at.Scopes),
				IssuedAt: at.Issued, ExpiresAt: &exp}
			if at.Refresh != "" {
				info.Refresh = Fingerprint(at.Refresh)
			}
			out = append(out, info)
		}
	}
	slices.SortFunc(out, func(a, b TokenInfo) int {
		if a.Kind != b.Kind {
			return strings.Compare(b.Kind, a.Kind) // refresh before access
		}
		if c := a.IssuedAt.Compare(b.IssuedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID) // a frozen clock mints many at one instant
	})
	return out
}

// RevokeToken revokes a token given as itself or by its fingerprint, as a
// user does in Connected Apps: a refresh token takes its access tokens along.
func (s *Service) RevokeToken(tokenOrID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.st.revoke(tokenOrID) {
		return notFound("token", hint(tokenOrID))
	}
	return nil
}

func (st *state) revoke(tokenOrID string) bool {
	if _, ok := st.refresh[tokenOrID]; ok {
		st.dropRefresh(tokenOrID)
		return true
	}
	if _, ok := st.access[tokenOrID]; ok {
		st.dropAccess(tokenOrID)
		return true
	}
	if !strings.HasPrefix(tokenOrID, "sha256:") {
		return false
	}
	for t := range st.refresh {
		if Fingerprint(t) == tokenOrID {
			st.dropRefresh(t)
			return true
		}
	}
	for t := range st.access {
		if Fingerprint(t) == tokenOrID {
			st.dropAccess(t)
			return true
		}
	}
	return false
}

// SelfClientCode asks for a grant code as the API console's Self Client
// tab does: scopes, a lifetime of 3, 5, 7 or 10 minutes, and optionally the
// org (portal) the code is for.
type SelfClientCode struct {
	ClientID    string        `json:"client_id"`
	User        string        `json:"user"` // e-mail of the user generating it
	Scopes      []string      `json:"scopes"`
	Lifetime    time.Duration `json:"-"`
	OrgID       string        `json:"org_id,omitempty"`
	Description string        `json:"description,omitempty"`
}

// GeneratedCode is a freshly generated self-client grant code.
type GeneratedCode struct {
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
	Scopes    []string  `json:"scopes"`
	DC        string    `json:"dc"`
}

// GenerateCode generates a self-client grant code.
func (s *Service) GenerateCode(req SelfClientCode) (GeneratedCode, error) {
	if req.Lifetime == 0 {
		req.Lifetime = SelfClientCodeLifetimes[0]
	}
	if !slices.Contains(SelfClientCodeLifetimes, req.Lifetime) {
		return GeneratedCode{}, invalid("a self-client code lives 3, 5, 7 or 10 minutes, not %s", req.Lifetime)
	}
	if err := checkScopes(req.Scopes); err != nil {
		return GeneratedCode{}, invalid("%v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.clients[req.ClientID]
	if !ok {
		return GeneratedCode{}, notFound("client", req.ClientID)
	}
	if c.Type != SelfClient {
		return GeneratedCode{}, invalid("client %q is not a self client", req.ClientID)
	}
	u := s.st.userByEmail(req.User)
	if u == nil {
		return GeneratedCode{}, notFound("user", req.User)
	}
	// A self client is its owner's, in its own org: tenants are isolated.
	if u.OrgID != c.OrgID {
		return GeneratedCode{}, invalid("user %q is not in the org of self client %q", req.User, req.ClientID)
	}
	if req.OrgID != "" {
		if _, ok := s.st.orgs[req.OrgID]; !ok {
			return GeneratedCode{}, notFound("org", req.OrgID)
		}
		if req.OrgID != c.OrgID {
			return GeneratedCode{}, invalid("self client %q cannot generate codes for org %q", req.ClientID, req.OrgID)
		}
	}
	dc := s.st.orgs[u.OrgID].DC
	now := s.now()
	code := &grantCode{Code: ids.ZohoToken(), ClientID: c.ID, ZUID: u.ZUID, DC: dc,
		Scopes: slices.Clone(req.Scopes), Offline: true, OrgID: req.OrgID, Expires: now.Add(req.Lifetime)}
	s.st.codes[code.Code] = code
	return GeneratedCode{Code: code.Code, ExpiresAt: code.Expires, Scopes: slices.Clone(code.Scopes), DC: dc}, nil
}

// checkScopes accepts Zoho's scope grammar, Service.scope_name.OPERATION,
// and the OpenID Connect scopes (openid, email, profile).
func checkScopes(scopes []string) error {
	if len(scopes) == 0 {
		return fmt.Errorf("no scope requested")
	}
	for _, sc := range scopes {
		if !validScope(sc) {
			return fmt.Errorf("invalid scope %q", sc)
		}
	}
	return nil
}

func validScope(sc string) bool {
	switch strings.ToLower(sc) {
	case "openid", "email", "profile":
		return true
	}
	parts := strings.Split(sc, ".")
	if len(parts) < 2 || len(sc) > 200 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		for _, r := range p {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
				return false
			}
		}
	}
	return true
}

// splitScopes splits a scope parameter; Zoho takes commas, and spaces are
// accepted as OAuth 2.0 clients send them.
func splitScopes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}
