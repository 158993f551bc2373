package zohoaccounts

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/emulator/internal/ids"
	"github.com/zohoaep/zohoaep/emulator/internal/netpolicy"
	"github.com/zohoaep/zohoaep/internal/zohodc"
)

// authRequest is the query of GET /oauth/v2/auth (reference §2).
type authRequest struct {
	ClientID, ResponseType, RedirectURI, Scope string
	AccessType, Prompt, State                  string
	Challenge, ChallengeMethod                 string
}

func parseAuthRequest(v url.Values) authRequest {
	return authRequest{
		ClientID: v.Get("client_id"), ResponseType: v.Get("response_type"),
		RedirectURI: v.Get("redirect_uri"), Scope: v.Get("scope"),
		AccessType: v.Get("access_type"), Prompt: v.Get("prompt"), State: v.Get("state"),
		Challenge: v.Get("code_challenge"), ChallengeMethod: v.Get("code_challenge_method"),
	}
}

// fields returns the request as hidden form fields for the sign-in page.
func (a authRequest) fields() [][2]string {
	all := [][2]string{
		{"client_id", a.ClientID}, {"response_type", a.ResponseType}, {"redirect_uri", a.RedirectURI},
		{"scope", a.Scope}, {"access_type", a.AccessType}, {"prompt", a.Prompt}, {"state", a.State},
		{"code_challenge", a.Challenge}, {"code_challenge_method", a.ChallengeMethod},
	}
	return slices.DeleteFunc(all, func(f [2]string) bool { return f[1] == "" })
}

// outcome is how an authorization request ends: a page, or a redirect.
type outcome struct {
	page     *page  // shown instead of redirecting
	redirect string // the client's redirect URI with code or error
}

// authorize serves GET /oauth/v2/auth.
func (s *Service) authorize(w http.ResponseWriter, r *http.Request) {
	req := parseAuthRequest(r.URL.Query())
	s.finish(w, r, s.decide(r, req, nil))
}

// signIn serves POST /oauth/v2/auth: the sign-in and consent form.
func (s *Service) signIn(w http.ResponseWriter, r *http.Request) {
	p, err := readParams(r)
	if err != nil {
		s.finish(w, r, outcome{page: errorPage(http.StatusRequestEntityTooLarge, "invalid_request", "The request is too large.")})
		return
	}
	req := parseAuthRequest(p)
	s.finish(w, r, s.decide(r, req, &signInForm{Email: p.Get("email"), Password: p.Get("password"), Action: p.Get("action")}))
}

type signInForm struct{ Email, Password, Action string }

func (s *Service) finish(w http.ResponseWriter, r *http.Request, o outcome) {
	if o.page != nil {
		o.page.write(w)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, o.redirect, http.StatusFound)
}

// decide checks an authorization request and, given a submitted form or a
// non-interactive consent mode, answers it.
func (s *Service) decide(r *http.Request, req authRequest, form *signInForm) outcome {
	land := httpx.LandingOf(r)
	s.mu.Lock()
	defer s.mu.Unlock()

	// Until the redirect URI is trusted, errors are pages (reference §2).
	c := s.st.clients[req.ClientID]
	if c == nil || !c.enabledIn(land.Location) {
		return outcome{page: errorPage(http.StatusBadRequest, ErrInvalidClient, "The application is not registered with Zoho Accounts in this data centre.")}
	}
	if c.Type == SelfClient || c.Type == NonBrowserMobile {
		return outcome{page: errorPage(http.StatusBadRequest, "unauthorized_client", "This application cannot use the authorization request.")}
	}
	if req.RedirectURI == "" || !slices.Contains(c.RedirectURIs, req.RedirectURI) {
		return outcome{page: errorPage(http.StatusBadRequest, ErrInvalidRedirectURI, "The redirect URI does not match the application's registered redirect URIs.")}
	}
	fail := func(code string) outcome {
		params := [][2]string{}
		if req.State != "" {
			params = append(params, [2]string{"state", req.State})
		}
		params = append(params, [2]string{"error", code})
		return outcome{redirect: redirectTo(req.RedirectURI, params)}
	}
	if req.ResponseType != "code" {
		return fail("unsupported_response_type")
	}
	scopes := splitScopes(req.Scope)
	if checkScopes(scopes) != nil {
		return fail(ErrInvalidScope)
	}
	if req.AccessType != "" && req.AccessType != AccessOnline && req.AccessType != AccessOffline {
		return fail(ErrInvalidRequest)
	}
	if c.public() && req.Challenge == "" || req.ChallengeMethod != "" && req.ChallengeMethod != "S256" && req.ChallengeMethod != "plain" {
		return fail(ErrInvalidRequest) // PKCE is required of public clients
	}

	consent := s.st.consent
	if c.Consent != nil {
		consent = *c.Consent
	}
	var user *User
	switch {
	case form != nil && form.Action == "reject":
		return fail("access_denied")
	case form != nil:
		user = s.st.userByEmail(form.Email)
		if user == nil || !secretEqual(form.Password, user.Password) {
			return outcome{page: s.consentPage(c, req, scopes, form.Email, "Invalid email address or password.")}
		}
	case consent.Mode == ConsentDeny:
		return fail("access_denied")
	case consent.Mode == ConsentApprove:
		user = s.st.userByEmail(consent.User)
		if user == nil {
			return fail("access_denied")
		}
	default:
		return outcome{page: s.consentPage(c, req, scopes, "", "")}
	}

	org := s.st.orgs[user.OrgID]
	if !netpolicy.Allowed(org.allow, land.Source) {
		return outcome{page: errorPage(http.StatusForbidden, "access_denied", ipDeniedDescription)}
	}
	now := s.now()
	mints := s.st.codeMints[c.ID]
	if mints.full(now, s.cfg.CodeMints) {
		return fail("access_denied") // grant-code generation limit (reference §5)
	}
	mints.add(now, s.cfg.CodeMints)
	s.st.codeMints[c.ID] = mints

	k := pair{user.ZUID, c.ID}
	offline := req.AccessType == AccessOffline && (!s.st.consented[k] || req.Prompt == "consent")
	s.st.consented[k] = true
	method := req.ChallengeMethod
	if req.Challenge != "" && method == "" {
		method = "plain"
	}
	code := &grantCode{
		Code: ids.ZohoToken(), ClientID: c.ID, ZUID: user.ZUID, DC: org.DC, Scopes: scopes,
		RedirectURI: req.RedirectURI, Offline: offline, Challenge: req.Challenge, ChallengeMode: method,
		Expires: now.Add(s.cfg.CodeLifetime),
	}
	s.st.codes[code.Code] = code

	// The user's data centre answers: location and accounts-server name
	// where the code must be exchanged (reference §1).
	params := [][2]string{}
	if req.State != "" {
		params = append(params, [2]string{"state", req.State})
	}
	params = append(params,
		[2]string{"code", code.Code},
		[2]string{"location", org.DC},
		[2]string{"accounts-server", zohodc.URL(land.Base, org.DC)})
	return outcome{redirect: redirectTo(req.RedirectURI, params)}
}

// CodeLifetime is how long a grant code from the authorization request lives.
func (s *Service) CodeLifetime() time.Duration { return s.cfg.CodeLifetime }

func (s *Service) consentPage(c *clientRec, req authRequest, scopes []string, email, problem string) *page {
	return &page{
		Status: http.StatusOK, Title: "Sign in to authorize " + c.Name,
		App: c.Name, Scopes: scopes, Email: email, Problem: problem,
		Fields: req.fields(), Offline: req.AccessType == AccessOffline,
	}
}
