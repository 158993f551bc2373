package zohoaccounts

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/internal/zohodc"
)

// revoke serves POST /oauth/v2/token/revoke?token=...: a refresh token
// takes its access tokens along (reference §6).
func (s *Service) revoke(r *http.Request) (any, error) {
	p, err := readParams(r)
	if err != nil {
		return nil, err
	}
	land := httpx.LandingOf(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	token := p.Get("token")
	dc := ""
	if rt := s.st.refresh[token]; rt != nil {
		dc = rt.DC
	} else if at := s.st.access[token]; at != nil {
		dc = at.DC
	}
	// A token is only known at its own data centre's accounts server.
	if dc != land.Location || !s.st.revoke(token) {
		return nil, errRevokeInvalid
	}
	return httpx.Response{Header: noStore, Body: revokeResponse{"success"}}, nil
}

type revokeResponse struct {
	Status string `json:"status"`
}

// serverInfo serves GET /oauth/serverinfo: every data centre's accounts
// server, each pointing back at the emulator (reference §1; the body's
// exact shape is unconfirmed).
func (s *Service) serverInfo(r *http.Request) (any, error) {
	base := httpx.LandingOf(r).Base
	locations := make(map[string]string, len(zohodc.All))
	for _, dc := range zohodc.All {
		locations[dc.Location] = zohodc.URL(base, dc.Location)
	}
	return serverInfoResponse{Result: "success", Locations: locations}, nil
}

type serverInfoResponse struct {
	Result    string            `json:"result"`
	Locations map[string]string `json:"locations"`
}

// userInfo serves GET /oauth/user/info with a Zoho-oauthtoken (or Bearer)
// access token carrying AaaServer.profile.READ (reference §10). The error
// bodies are unconfirmed; they use the token endpoint's form with 401.
func (s *Service) userInfo(r *http.Request) (any, error) {
	token, ok := accessTokenOf(r)
	if !ok {
		return nil, errUnauthorized
	}
	land := httpx.LandingOf(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	at := s.st.access[token]
	if at == nil || !s.now().Before(at.Expires) || at.DC != land.Location || at.ZUID == "" {
		return nil, errUnauthorized
	}
	if !slices.ContainsFunc(at.Scopes, func(sc string) bool { return strings.EqualFold(sc, scopeProfileRead) }) {
		return nil, errScopeMismatch
	}
	if !s.orgAdmits(at.ZUID, land) {
		return nil, s.ipDenied()
	}
	u := s.st.users[at.ZUID]
	return userInfoResponse{
		FirstName: u.FirstName, Email: u.Email, LastName: u.LastName,
		DisplayName: strings.TrimSpace(u.FirstName + " " + u.LastName), ZUID: json.Number(u.ZUID),
	}, nil
}

type userInfoResponse struct {
	FirstName   string `json:"First_Name"`
	Email       string `json:"Email"`
	LastName    string `json:"Last_Name"`
	DisplayName string `json:"Display_Name"`
	// ZUID is a JSON number: client code calls toString() on it (reference §10).
	ZUID json.Number `json:"ZUID"`
}

var (
	errUnauthorized  = &Error{Code: "invalid_oauthtoken", HTTPStatus: http.StatusUnauthorized}
	errScopeMismatch = &Error{Code: "INVALID_OAUTHSCOPE", HTTPStatus: http.StatusUnauthorized}
)

// accessTokenOf reads "Authorization: Zoho-oauthtoken <token>", or Bearer.
func accessTokenOf(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	for _, scheme := range []string{"Zoho-oauthtoken ", "Bearer "} {
		if len(h) > len(scheme) && strings.EqualFold(h[:len(scheme)], scheme) {
			return strings.TrimSpace(h[len(scheme):]), true
		}
	}
	return "", false
}
