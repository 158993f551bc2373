package zohoaccounts

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/emulator/internal/netpolicy"
	"github.com/zohoaep/zohoaep/emulator/internal/redact"
	"github.com/zohoaep/zohoaep/internal/zohodc"
)

// tokenResponse is a token endpoint success, in Zoho's key order
// (reference §3, §4, §9).
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
	APIDomain    string `json:"api_domain"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

// AppendJSON writes the answer as encoding/json does (httpx.Appender),
// without reflection: a refresh's answer is the hottest body the emulator
// writes. TestTokenAnswerJSON and FuzzTokenAnswerJSON hold it to
// encoding/json.
func (t *tokenResponse) AppendJSON(b []byte) []byte {
	b = append(b, `{"access_token":`...)
	b = httpx.AppendString(b, t.AccessToken)
	if t.RefreshToken != "" {
		b = append(b, `,"refresh_token":`...)
		b = httpx.AppendString(b, t.RefreshToken)
	}
	b = append(b, `,"scope":`...)
	b = httpx.AppendString(b, t.Scope)
	b = append(b, `,"api_domain":`...)
	b = httpx.AppendString(b, t.APIDomain)
	b = append(b, `,"token_type":`...)
	b = httpx.AppendString(b, t.TokenType)
	b = append(b, `,"expires_in":`...)
	b = strconv.AppendInt(b, int64(t.ExpiresIn), 10)
	return append(b, '}')
}

// Redacted is the journal's form of the answer (httpx.Redacter):
// redact.Body of what AppendJSON writes, from the members themselves
// (redact.Object), without reading the answer back.
// FuzzTokenAnswerRedacted holds it to redact.Body.
func (t *tokenResponse) Redacted() (string, bool) {
	var arr [6]redact.Member
	m := append(arr[:0], redact.Member{Key: "access_token", Value: t.AccessToken, Quoted: true})
	if t.RefreshToken != "" {
		m = append(m, redact.Member{Key: "refresh_token", Value: t.RefreshToken, Quoted: true})
	}
	expires := expiresIn
	if t.ExpiresIn != int(AccessTokenLifetime/time.Second) {
		expires = strconv.Itoa(t.ExpiresIn)
	}
	m = append(m,
		redact.Member{Key: "scope", Value: t.Scope, Quoted: true},
		redact.Member{Key: "api_domain", Value: t.APIDomain, Quoted: true},
		redact.Member{Key: "token_type", Value: t.TokenType, Quoted: true},
		redact.Member{Key: "expires_in", Value: expires})
	return redact.Object(m)
}

// expiresIn is every access token's expires_in, written once.
var expiresIn = strconv.Itoa(int(AccessTokenLifetime / time.Second))

var noStore = http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}

// token serves POST /oauth/v2/token.
func (s *Service) token(r *http.Request) (any, error) {
	var pairs [8]httpx.Pair // a token request's, on the stack
	p, err := readPairs(r, pairs[:0])
	if err != nil {
		return nil, err
	}
	land := httpx.LandingOf(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	var resp *tokenResponse
	switch p.Get("grant_type") {
	case GrantAuthorizationCode:
		resp, err = s.exchangeCode(land, p)
	case GrantRefreshToken:
		resp, err = s.refreshAccess(land, p)
	case GrantClientCredentials:
		resp, err = s.clientCredentials(land, p)
	default:
		err = errUnsupportedGrant
	}
	if err != nil {
		return nil, err
	}
	return httpx.Response{Header: noStore, Body: resp}, nil
}

// authenticate checks the client of a token request at the accounts server
// it landed on: unknown or not enabled there is invalid_client (reference
// §1, §5). Public clients (PKCE) may omit the secret.
func (s *Service) authenticate(land httpx.Landing, p httpx.Params) (*clientRec, error) {
	c := s.st.clients[p.Get("client_id")]
	if c == nil || !c.enabledIn(land.Location) {
		return nil, errInvalidClient
	}
	secret := p.Get("client_secret")
	if !(c.public() && secret == "") && !secretEqual(secret, c.secretFor(land.Location)) {
		return nil, errInvalidClientSecret
	}
	if !netpolicy.Allowed(c.allow, land.Source) {
		return nil, s.ipDenied()
	}
	return c, nil
}

func secretEqual(given, want string) bool {
	return subtle.ConstantTimeCompare([]byte(given), []byte(want)) == 1
}

// orgAdmits applies the allow list of the user's org to the caller.
func (s *Service) orgAdmits(zuid string, land httpx.Landing) bool {
	u := s.st.users[zuid]
	if u == nil {
		return false
	}
	o := s.st.orgs[u.OrgID]
	return o != nil && netpolicy.Allowed(o.allow, land.Source)
}

func (s *Service) exchangeCode(land httpx.Landing, p httpx.Params) (*tokenResponse, error) {
	c, err := s.authenticate(land, p)
	if err != nil {
		return nil, err
	}
	now := s.now()
	code := s.st.codes[p.Get("code")]
	if code == nil || code.ClientID != c.ID {
		return nil, errInvalidCode
	}
	if !now.Before(code.Expires) {
		return nil, errInvalidCode // a refused request changes nothing; sweep forgets it
	}
	if code.DC != land.Location {
		return nil, errInvalidClient // exchanged at the wrong accounts server
	}
	if code.RedirectURI != "" && p.Get("redirect_uri") != code.RedirectURI {
		return nil, errInvalidRedirectURI
	}
	if code.Challenge != "" && !pkceMatches(code.Challenge, code.ChallengeMode, p.Get("code_verifier")) {
		return nil, errInvalidCode
	}
	if !s.orgAdmits(code.ZUID, land) {
		return nil, s.ipDenied()
	}
	delete(s.st.codes, code.Code) // single use
	var rt *refreshToken
	if code.Offline {
		rt = s.st.mintRefresh(s.cfg, refreshToken{ClientID: c.ID, ZUID: code.ZUID, DC: code.DC, Scopes: code.Scopes}, now)
	}
	at := s.st.mintAccess(s.cfg, accessToken{ClientID: c.ID, ZUID: code.ZUID, OrgID: code.OrgID, DC: code.DC, Scopes: code.Scopes}, rt, now)
	resp := s.grant(land, at)
	if rt != nil {
		resp.RefreshToken = rt.Token
	}
	return resp, nil
}

func (s *Service) refreshAccess(land httpx.Landing, p httpx.Params) (*tokenResponse, error) {
	c, err := s.authenticate(land, p)
	if err != nil {
		return nil, err
	}
	rt := s.st.refresh[p.Get("refresh_token")]
	if rt == nil || rt.ClientID != c.ID {
		return nil, errInvalidCode // revoked, evicted or unknown (reference §4)
	}
	if rt.DC != land.Location {
		return nil, errInvalidClient
	}
	now := s.now()
	if rt.mints.full(now, s.cfg.AccessTokenMints) {
		return nil, s.throttled() // mintAccess records the mint on success
	}
	if !s.orgAdmits(rt.ZUID, land) {
		return nil, s.ipDenied()
	}
	at := s.st.mintAccess(s.cfg, accessToken{ClientID: c.ID, ZUID: rt.ZUID, DC: rt.DC, Scopes: rt.Scopes}, rt, now)
	return s.grant(land, at), nil
}

// clientCredentials serves the Self Client's client_credentials grant, for
// the org named by soid ("ZohoCRM.<org id>") (reference §9).
func (s *Service) clientCredentials(land httpx.Landing, p httpx.Params) (*tokenResponse, error) {
	c, err := s.authenticate(land, p)
	if err != nil {
		return nil, err
	}
	if c.Type != SelfClient {
		return nil, errUnsupportedGrant
	}
	// The org must be the self client's own: tenants are isolated, and a
	// self client acts for its owner's org only.
	_, orgID, ok := strings.Cut(p.Get("soid"), ".")
	org := s.st.orgs[orgID]
	if !ok || org == nil || orgID != c.OrgID || org.DC != land.Location {
		return nil, errMissingOrgInfo
	}
	scopes := splitScopes(p.Get("scope"))
	if checkScopes(scopes) != nil {
		return nil, errInvalidScope
	}
	if !netpolicy.Allowed(org.allow, land.Source) {
		return nil, s.ipDenied()
	}
	at := s.st.mintAccess(s.cfg, accessToken{ClientID: c.ID, OrgID: orgID, DC: org.DC, Scopes: scopes}, nil, s.now())
	return s.grant(land, at), nil
}

// grant is the answer for a minted access token, with s.mu held.
func (s *Service) grant(land httpx.Landing, at *accessToken) *tokenResponse {
	if !slices.Equal(at.Scopes, s.lastScopes) {
		// A refresh grants the scopes the last one granted: join them once.
		s.lastScopes, s.lastScope = slices.Clone(at.Scopes), strings.Join(at.Scopes, " ")
	}
	return &tokenResponse{
		AccessToken: at.Token,
		Scope:       s.lastScope,
		APIDomain:   zohodc.URL(land.Base, at.DC),
		TokenType:   "Bearer",
		ExpiresIn:   int(AccessTokenLifetime / time.Second),
	}
}

// pkceMatches checks a code_verifier against the challenge (RFC 7636).
func pkceMatches(challenge, method, verifier string) bool {
	if verifier == "" {
		return false
	}
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		verifier = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return secretEqual(verifier, challenge)
}
