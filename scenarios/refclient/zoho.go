package refclient

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/zohoaep/zohoaep/scenarios"
)

// Zoho's US production hosts, which ProductionHosts hard-codes.
const (
	prodAccounts = "accounts.zoho.com"
	prodAPI      = "www.zohoapis.com"
)

// config is the x/oauth2 configuration for the given accounts server.
func config(env scenarios.Env, accounts string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: env.ClientID, ClientSecret: env.ClientSecret, RedirectURL: env.RedirectURI, Scopes: env.Scopes,
		Endpoint: oauth2.Endpoint{AuthURL: env.AccountsURL + "/oauth/v2/auth", TokenURL: accounts + "/oauth/v2/token",
			AuthStyle: oauth2.AuthStyleInParams},
	}
}

// Authorize implements scenarios.ZohoOAuth: offline access, consent
// forced so that Zoho issues a refresh token even to a returning user.
func (s *session) Authorize(_ context.Context, env scenarios.Env) scenarios.Outcome {
	conf := config(env, env.AccountsURL)
	var opts []oauth2.AuthCodeOption
	switch {
	case s.has(OnlineAccess):
	case s.has(NoPromptConsent):
		opts = append(opts, oauth2.AccessTypeOffline)
	default:
		opts = append(opts, oauth2.AccessTypeOffline, oauth2.ApprovalForce)
	}
	out := scenarios.Success()
	out.URL = conf.AuthCodeURL(env.State, opts...)
	// Zoho separates scopes with commas.
	out.URL = strings.Replace(out.URL, "scope="+url.QueryEscape(strings.Join(env.Scopes, " ")), "scope="+url.QueryEscape(strings.Join(env.Scopes, ",")), 1)
	return out
}

// Exchange implements scenarios.ZohoOAuth: the code goes to the
// accounts server the redirect names (the user's data centre).
func (s *session) Exchange(ctx context.Context, env scenarios.Env) scenarios.Outcome {
	cb := env.Callback
	if e := cb.Get("error"); e != "" && !s.has(RetriesInvalidCode) {
		return scenarios.Failure(scenarios.KindAccessDenied, "the redirect carries error="+e)
	}
	if cb.Get("code") == "" && !s.has(RetriesInvalidCode) {
		return scenarios.Failure(scenarios.KindAccessDenied, "no grant code came back: the accounts server did not redirect")
	}
	if cb.Get("state") != env.State && !s.has(RetriesInvalidCode) {
		return scenarios.Failure(scenarios.KindOther, "the redirect's state is not the one sent")
	}
	accounts := cb.Get("accounts-server")
	if accounts == "" || s.has(IgnoresAccountsServer) || s.has(ProductionHosts) {
		accounts = env.AccountsURL
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {cb.Get("code")}, "redirect_uri": {env.RedirectURI}}
	tok, out := s.token(ctx, env, accounts, form)
	if !out.OK {
		return out
	}
	if tok.RefreshToken == "" {
		return scenarios.Failure(scenarios.KindNoRefreshToken, "Zoho issued no refresh token (online access, or consent not forced for a returning user)")
	}
	s.accounts, s.refresh = accounts, tok.RefreshToken
	s.keep(env, tok)
	return scenarios.Success()
}

// keep stores a fresh access token, its expiry on the harness's clock.
func (s *session) keep(env scenarios.Env, tok *oauth2.Token) {
	s.access = tok.AccessToken
	if d, ok := tok.Extra("api_domain").(string); ok && d != "" {
		s.apiDomain = d
	}
	life := time.Hour
	if !tok.Expiry.IsZero() {
		life = time.Until(tok.Expiry).Round(time.Second)
	}
	s.expiry = env.Clock().Add(life)
}

// token calls the token endpoint: with x/oauth2, or by hand for the flaws
// it cannot express.
func (s *session) token(ctx context.Context, env scenarios.Env, accounts string, form url.Values) (*oauth2.Token, scenarios.Outcome) {
	ctx = context.WithValue(ctx, oauth2.HTTPClient, env.Client())
	tries := 1
	if s.has(RetriesInvalidCode) || s.has(IgnoresThrottle) {
		tries = 20
	}
	var out scenarios.Outcome
	for attempt := 0; ; attempt++ {
		var tok *oauth2.Token
		var err error
		if s.has(SecretInQuery) || s.has(ProductionHosts) {
			tok, err = s.manualToken(ctx, env, accounts, form)
		} else {
			conf := config(env, accounts)
			if form.Get("grant_type") == "refresh_token" {
				tok, err = conf.TokenSource(ctx, &oauth2.Token{RefreshToken: form.Get("refresh_token")}).Token()
			} else {
				tok, err = conf.Exchange(ctx, form.Get("code"))
			}
		}
		if err == nil {
			return tok, scenarios.Success()
		}
		out = classify(err)
		transient := out.Kind == scenarios.KindServerError
		switch {
		case attempt+1 < tries:
			continue // the flawed clients hammer on
		case transient && attempt < 2 && !s.has(NoRetry) && !s.has(ShortTimeout):
			time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
			continue
		}
		return nil, out
	}
}

// classify names a token endpoint's refusal.
func classify(err error) scenarios.Outcome {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return scenarios.Failure(scenarios.KindServerError, err.Error())
	}
	code, desc := re.ErrorCode, re.ErrorDescription
	detail := code
	if desc != "" {
		detail += ": " + desc
	}
	switch {
	case re.Response != nil && re.Response.StatusCode >= 500:
		return scenarios.Failure(scenarios.KindServerError, re.Response.Status)
	case code == "invalid_code":
		return scenarios.Failure(scenarios.KindInvalidCode, detail)
	case code == "invalid_client", code == "invalid_client_secret":
		return scenarios.Failure(scenarios.KindInvalidClient, detail)
	case code == "invalid_redirect_uri":
		return scenarios.Failure(scenarios.KindRedirectURI, detail)
	case strings.EqualFold(code, "Access Denied") && strings.Contains(strings.ToLower(desc), "ip"):
		return scenarios.Failure(scenarios.KindIPDenied, detail)
	case strings.EqualFold(code, "Access Denied"):
		return scenarios.Failure(scenarios.KindThrottled, detail)
	}
	return scenarios.Failure(scenarios.KindOther, detail)
}

// manualToken is the token request by hand, parameters in the query
// string (SecretInQuery) or to a hard-coded host (ProductionHosts).
func (s *session) manualToken(ctx context.Context, env scenarios.Env, accounts string, form url.Values) (*oauth2.Token, error) {
	v := url.Values{"client_id": {env.ClientID}, "client_secret": {env.ClientSecret}}
	for k, vs := range form {
		v[k] = vs
	}
	u, body, header := accounts+"/oauth/v2/token", "", http.Header{}
	if s.has(SecretInQuery) {
		u += "?" + v.Encode()
	} else {
		body = v.Encode()
		header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	a := s.do(ctx, env, http.MethodPost, u, strings.NewReader(body), header, prodAccounts)
	if a.err != nil {
		return nil, a.err
	}
	var tj struct {
		Access    string `json:"access_token"`
		Refresh   string `json:"refresh_token"`
		APIDomain string `json:"api_domain"`
		ExpiresIn int    `json:"expires_in"`
		Error     string `json:"error"`
		Desc      string `json:"error_description"`
	}
	_ = a.json(&tj)
	resp := &http.Response{StatusCode: a.status, Status: http.StatusText(a.status)}
	if tj.Access == "" {
		return nil, &oauth2.RetrieveError{Response: resp, Body: a.body, ErrorCode: tj.Error, ErrorDescription: tj.Desc}
	}
	tok := &oauth2.Token{AccessToken: tj.Access, RefreshToken: tj.Refresh, Expiry: time.Now().Add(time.Duration(tj.ExpiresIn) * time.Second)}
	return tok.WithExtra(map[string]any{"api_domain": tj.APIDomain}), nil
}

// refreshNow gets a new access token with the refresh token.
func (s *session) refreshNow(ctx context.Context, env scenarios.Env) scenarios.Outcome {
	if s.refresh == "" {
		return scenarios.Failure(scenarios.KindNoRefreshToken, "no refresh token to refresh with")
	}
	tok, out := s.token(ctx, env, s.accounts, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {s.refresh}})
	if !out.OK {
		if out.Kind == scenarios.KindInvalidCode {
			// Zoho answers invalid_code for a revoked or evicted refresh token.
			out.Kind = scenarios.KindTokenRevoked
		}
		return out
	}
	s.keep(env, tok)
	return out
}

// fresh returns an access token valid now on the harness's clock,
// refreshing at most once.
func (s *session) fresh(ctx context.Context, env scenarios.Env) (string, scenarios.Outcome) {
	if s.access == "" {
		return "", scenarios.Failure(scenarios.KindOther, "no tokens: the grant code was never exchanged")
	}
	stale := !env.Clock().Before(s.expiry.Add(-time.Minute))
	if s.has(RefreshesEveryCall) || (stale && !s.has(NeverRefreshes)) {
		if out := s.refreshNow(ctx, env); !out.OK {
			return "", out
		}
	}
	return s.access, scenarios.Success()
}

// Call implements scenarios.ZohoOAuth: GET /oauth/user/info at the
// accounts server the tokens came from.
func (s *session) Call(ctx context.Context, env scenarios.Env) scenarios.Outcome {
	tries := 2 // one refresh if the token was refused
	if s.has(NeverRefreshes) {
		tries = 1
	}
	if s.has(RefreshOnAny401) {
		tries = 6
	}
	var a answer
	for i := range tries {
		tok, out := s.fresh(ctx, env)
		if !out.OK {
			return out
		}
		a = s.retrying(ctx, func() answer {
			return s.do(ctx, env, http.MethodGet, s.accounts+"/oauth/user/info", nil,
				http.Header{"Authorization": {"Zoho-oauthtoken " + tok}}, prodAccounts)
		})
		if a.status == http.StatusOK {
			return scenarios.Success()
		}
		if a.status != http.StatusUnauthorized || i+1 == tries {
			break
		}
		if !s.has(RefreshOnAny401) && !strings.Contains(strings.ToLower(string(a.body)), "invalid_oauthtoken") {
			break
		}
		if out := s.refreshNow(ctx, env); !out.OK {
			return out
		}
	}
	return zohoFailure(a)
}

// zohoFailure names a failed Zoho API answer.
func zohoFailure(a answer) scenarios.Outcome {
	body := strings.ToLower(string(a.body))
	switch {
	case a.transient():
		return scenarios.Failure(scenarios.KindServerError, describe(a))
	case strings.Contains(body, "scope"):
		return scenarios.Failure(scenarios.KindScopeMismatch, describe(a))
	case strings.Contains(body, "ip address"):
		return scenarios.Failure(scenarios.KindIPDenied, describe(a))
	case a.status == http.StatusTooManyRequests:
		return scenarios.Failure(scenarios.KindCreditsExceeded, describe(a))
	case a.status == http.StatusUnauthorized:
		return scenarios.Failure(scenarios.KindTokenInvalid, describe(a))
	}
	return scenarios.Failure(scenarios.KindOther, describe(a))
}
