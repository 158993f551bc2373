package adobeims

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// tokenResponse is a token endpoint success, in IMS's key order.
// https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/IMS#fetching-access-tokens
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"` // seconds
}

// noStore is RFC 6749 §5.1's caching rule for token answers (IMS's own
// headers are UNCONFIRMED).
var noStore = http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}

// token serves POST /ims/token/v3: the client_credentials grant of a
// Server-to-Server credential. Nothing is stored: the token is a signed
// document that Verify checks.
func (s *Service) token(r *http.Request) (any, error) {
	p, err := readParams(r)
	if err != nil {
		return nil, err
	}
	cred, scopes, err := s.authenticate(p)
	if err != nil {
		return nil, err
	}
	jwt, err := s.mint(cred, scopes, s.now())
	if err != nil {
		return nil, err
	}
	return httpx.Response{Header: noStore, Body: tokenResponse{AccessToken: jwt, TokenType: TokenTypeBearer, ExpiresIn: expiresIn}}, nil
}

// authenticate checks a token request in IMS's order (UNCONFIRMED):
// grant type, client id, client secret, scopes. It returns a copy of the
// credential and the scopes asked for.
func (s *Service) authenticate(p url.Values) (Credential, []string, error) {
	switch grant := p.Get(ParamGrantType); {
	case grant == "":
		return Credential{}, nil, errMissingGrantType
	case grant != GrantClientCredentials:
		return Credential{}, nil, errUnsupportedGrant
	}
	id := p.Get(ParamClientID)
	if id == "" {
		return Credential{}, nil, errMissingClientID
	}
	s.mu.Lock()
	c, ok := s.st.creds[id]
	var cred Credential
	if ok {
		cred = cloneCredential(*c)
	}
	s.mu.Unlock()
	if !ok {
		return Credential{}, nil, errInvalidClientID
	}
	secret := p.Get(ParamClientSecret)
	if secret == "" {
		return Credential{}, nil, errMissingClientSecret
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(cred.Secret)) != 1 {
		return Credential{}, nil, errInvalidClientSecret
	}
	scopes := splitScopes(p.Get(ParamScope))
	if len(scopes) == 0 {
		return Credential{}, nil, errMissingScope
	}
	for _, sc := range scopes {
		if !slices.Contains(cred.Scopes, sc) {
			return Credential{}, nil, errInvalidScope
		}
	}
	return cred, scopes, nil
}

// mint signs an access token for cred, created at now.
func (s *Service) mint(cred Credential, scopes []string, now time.Time) (string, error) {
	created := now.UnixMilli()
	c := claims{
		ID:        strconv.FormatInt(created, 10) + "_" + newUUID() + tokenIDSuffix,
		Org:       cred.OrgID,
		Type:      claimTypeAT,
		ClientID:  cred.ClientID,
		UserID:    cred.TechnicalAccountID,
		As:        issuerRegion,
		AAID:      cred.TechnicalAccountID,
		ExpiresIn: strconv.FormatInt(TokenLifetime.Milliseconds(), 10),
		Scope:     strings.Join(scopes, ","),
		CreatedAt: strconv.FormatInt(created, 10),
	}
	if s.cfg.RegisteredClaims {
		iat, exp := created/1000, (created+TokenLifetime.Milliseconds())/1000
		c.IssuedAt, c.Expiry = &iat, &exp
	}
	key, err := s.key()
	if err != nil {
		return "", fmt.Errorf("signing key: %w", err)
	}
	jwt, err := sign(key, s.cfg.KeyID, c)
	if err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	return jwt, nil
}
