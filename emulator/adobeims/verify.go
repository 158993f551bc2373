package adobeims

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Why Verify refuses a token; match with errors.Is.
var (
	// ErrTokenMalformed: not a compact JWS, or not an IMS access token.
	ErrTokenMalformed = errors.New("adobeims: not an IMS access token")
	// ErrTokenSignature: not signed by this IMS's published key.
	ErrTokenSignature = errors.New("adobeims: token signature does not verify")
	// ErrTokenExpired: created_at + expires_in has passed on the virtual clock.
	ErrTokenExpired = errors.New("adobeims: token expired")
	// ErrTokenRevoked: its credential (or org) has been deleted since.
	ErrTokenRevoked = errors.New("adobeims: token's credential no longer exists")
)

// Token is what a verified access token says.
type Token struct {
	ID        string   // the "id" claim
	ClientID  string   // the credential's client id, which is also its API key
	OrgID     string   // the IMS org, e.g. "ZOHOAEPDEMO0000000000000@AdobeOrg"
	UserID    string   // the technical account id, "...@techacct.adobe.com"
	Scopes    []string // as granted, in request order
	CreatedAt time.Time
	Expires   time.Time // CreatedAt + 24 h
}

// HasScope reports whether the token was granted scope.
func (t Token) HasScope(scope string) bool { return slices.Contains(t.Scopes, scope) }

// Verify proves token real and live: an RS256 JWT signed by the key
// published at /ims/keys under its kid, an IMS access token, unexpired on
// the virtual clock, whose credential still exists in its org.
func (s *Service) Verify(token string) (Token, error) {
	key, err := s.key()
	if err != nil {
		return Token{}, err
	}
	h, c, err := parse(token, &key.PublicKey)
	if err != nil {
		return Token{}, err
	}
	if h.Kid != s.cfg.KeyID {
		return Token{}, ErrTokenSignature
	}
	created, err1 := strconv.ParseInt(c.CreatedAt, 10, 64)
	lifetime, err2 := strconv.ParseInt(c.ExpiresIn, 10, 64)
	const maxMillis = 1 << 53 // JavaScript's safe integers: far beyond any real date
	if err1 != nil || err2 != nil || created <= 0 || created >= maxMillis || lifetime <= 0 || lifetime >= maxMillis ||
		c.Type != claimTypeAT || c.As != issuerRegion || c.ClientID == "" {
		return Token{}, ErrTokenMalformed
	}
	t := Token{
		ID: c.ID, ClientID: c.ClientID, OrgID: c.Org, UserID: c.UserID,
		Scopes:    strings.FieldsFunc(c.Scope, func(r rune) bool { return r == ',' }),
		CreatedAt: time.UnixMilli(created).UTC(),
		Expires:   time.UnixMilli(created + lifetime).UTC(),
	}
	if !s.now().Before(t.Expires) {
		return Token{}, ErrTokenExpired
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if cred := s.st.creds[c.ClientID]; cred == nil || cred.OrgID != c.Org {
		return Token{}, ErrTokenRevoked
	}
	return t, nil
}
