package console

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// helperFields are the authorization helper's form: the Zoho client, the
// user who consents, and the scopes.
type helperFields struct {
	ClientID, Email, Scopes string
}

// authorizeHelper runs Zoho's authorization code flow against the
// emulator for the new-account form, as a person would in a browser: the
// authorization request, the sign-in and consent form (Accept), the
// redirect with the code, and the code's exchange at the accounts server
// the redirect names. It shows the account form again, filled in.
func (c *Console) authorizeHelper(r *http.Request) (*view, error) {
	r.Body = http.MaxBytesReader(nil, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return nil, badRequest("the form could not be read")
	}
	f := r.PostForm
	t, _, err := c.tenantOf(f)
	if err != nil {
		return nil, err
	}
	d, err := c.accountData(r, t)
	if err != nil {
		return nil, err
	}
	h := helperFields{ClientID: f.Get("clientId"), Email: f.Get("email"), Scopes: f.Get("scopes")}
	d.Helper = h
	secret := f.Get("clientSecret")
	g, err := c.authorize(r.Context(), h, f.Get("password"), secret)
	if err != nil {
		return nil, err
	}
	d.Fields.ClientID, d.Fields.ClientSecret = h.ClientID, secret
	d.Fields.AccessToken, d.Fields.RefreshToken, d.Fields.AccountsURL = g.access, g.refresh, g.accountsURL
	d.Helped = fmt.Sprintf("%s consented; the tokens are filled in below.", h.Email)
	if g.refresh == "" {
		d.Helped += " Zoho sent no refresh token (the consent was not offline): the dataflow cannot refresh its access."
	}
	return &view{Page: "account", Title: "Connect Zoho CRM", Data: d}, nil
}

type zohoGrant struct{ access, refresh, accountsURL string }

func (c *Console) authorize(ctx context.Context, h helperFields, password, secret string) (zohoGrant, error) {
	cl, err := c.deps.Accounts.GetClient(h.ClientID)
	if err != nil || len(cl.RedirectURIs) == 0 {
		return zohoGrant{}, badRequest("client %q is not a server-based client with a redirect URI", h.ClientID)
	}
	base := c.deps.BaseURL()
	auth := url.Values{"client_id": {h.ClientID}, "response_type": {"code"}, "access_type": {"offline"},
		"prompt": {"consent"}, "redirect_uri": {cl.RedirectURIs[0]}, "scope": {h.Scopes}, "state": {rand.Text()}}
	client := *c.deps.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	// The authorization request: a sign-in page, or at once a redirect when
	// the consent mode approves or denies.
	loc, err := c.zohoStep(ctx, &client, http.MethodGet, base+"/oauth/v2/auth?"+auth.Encode(), nil)
	if err != nil {
		return zohoGrant{}, err
	}
	if loc == "" {
		form := url.Values{"email": {h.Email}, "password": {password}, "action": {"accept"}}
		for k, v := range auth {
			form[k] = v
		}
		if loc, err = c.zohoStep(ctx, &client, http.MethodPost, base+"/oauth/v2/auth", form); err != nil {
			return zohoGrant{}, err
		}
		if loc == "" {
			return zohoGrant{}, badRequest("Zoho Accounts did not accept the sign-in of %q: wrong e-mail or password?", h.Email)
		}
	}
	cb, err := url.Parse(loc)
	if err != nil {
		return zohoGrant{}, badRequest("Zoho Accounts redirected to an unreadable URL")
	}
	q := cb.Query()
	if e := q.Get("error"); e != "" {
		return zohoGrant{}, badRequest("Zoho Accounts refused the authorization: %s", e)
	}
	server := q.Get("accounts-server")
	if !strings.HasPrefix(server, base) {
		server = base // never a production host
	}
	tok := url.Values{"grant_type": {"authorization_code"}, "client_id": {h.ClientID}, "client_secret": {secret},
		"redirect_uri": {cl.RedirectURIs[0]}, "code": {q.Get("code")}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, server+"/oauth/v2/token", strings.NewReader(tok.Encode()))
	if err != nil {
		return zohoGrant{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(ConsoleHeader, "step")
	resp, err := client.Do(req)
	if err != nil {
		return zohoGrant{}, err
	}
	defer resp.Body.Close()
	var out struct {
		Access  string `json:"access_token"`
		Refresh string `json:"refresh_token"`
		Error   string `json:"error"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&out); err != nil {
		return zohoGrant{}, &apiError{Method: http.MethodPost, Path: "/oauth/v2/token", Status: resp.StatusCode, Message: "unreadable answer"}
	}
	if out.Error != "" || out.Access == "" {
		return zohoGrant{}, badRequest("the code's exchange failed: %s (wrong client secret?)", cmp.Or(out.Error, "no access token"))
	}
	return zohoGrant{access: out.Access, refresh: out.Refresh, accountsURL: server}, nil
}

// zohoStep sends one step of the flow; loc is the redirect, empty when
// Zoho Accounts answered with a page.
func (c *Console) zohoStep(ctx context.Context, client *http.Client, method, u string, form url.Values) (loc string, err error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return "", err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set(ConsoleHeader, "step")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	switch {
	case resp.StatusCode == http.StatusFound:
		return resp.Header.Get("Location"), nil
	case resp.StatusCode == http.StatusOK:
		return "", nil
	}
	return "", &apiError{Method: method, Path: "/oauth/v2/auth", Status: resp.StatusCode,
		Message: "Zoho Accounts refused the authorization request (is the client enabled in this data centre?)"}
}
