package scenarios

// The other actors of a scenario, played by the harness: the user's
// browser, an admin revoking tokens, a colleague editing a connection,
// other installations of the app and a second worker sharing the
// client's refresh token.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// revoke revokes every live Zoho token of a kind ("refresh", "access").
func (w *world) revoke(ctx context.Context, kind string) error {
	var list struct {
		Tokens []struct {
			ID       string `json:"id"`
			Kind     string `json:"kind"`
			ClientID string `json:"client_id"`
		} `json:"tokens"`
	}
	if err := w.control(ctx, http.MethodGet, "/_emulator/zoho/tokens", nil, &list); err != nil {
		return err
	}
	for _, t := range list.Tokens {
		if t.Kind == kind && (t.ClientID == w.id.ServerID || t.ClientID == w.id.SelfID) { // the scenario's clients' alone
			if err := w.control(ctx, http.MethodPost, "/_emulator/zoho/tokens/revoke", map[string]string{"token": t.ID}, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// touch renames the newest Zoho CRM base connection as a colleague would,
// so the etag a client holds goes stale.
func (w *world) touch(ctx context.Context, env Env) error {
	var tok struct {
		Access string `json:"access_token"`
	}
	if _, err := w.call(ctx, http.MethodPost, w.base+"/ims/token/v3", url.Values{"grant_type": {"client_credentials"},
		"client_id": {env.IMSClientID}, "client_secret": {env.IMSClientSecret}, "scope": {"openid,AdobeID,read_organizations"}}, &tok, nil); err != nil {
		return err
	}
	h := http.Header{}
	h.Set("Authorization", "Bearer "+tok.Access)
	h.Set("x-api-key", env.IMSClientID)
	h.Set("x-gw-ims-org-id", env.IMSOrg)
	h.Set("x-sandbox-name", env.Sandbox)
	var list struct {
		Items []struct {
			ID        string `json:"id"`
			Etag      string `json:"etag"`
			CreatedAt int64  `json:"createdAt"`
		} `json:"items"`
	}
	api := w.base + "/data/foundation/flowservice/connections"
	if _, err := w.call(ctx, http.MethodGet, api, nil, &list, h); err != nil {
		return err
	}
	if len(list.Items) == 0 {
		return fmt.Errorf("harness: no connection to touch")
	}
	newest := list.Items[0]
	for _, c := range list.Items {
		if c.CreatedAt > newest.CreatedAt {
			newest = c
		}
	}
	h.Set("If-Match", newest.Etag)
	patch, _ := json.Marshal([]map[string]any{{"op": "replace", "path": "/name", "value": "Zoho CRM (renamed by a colleague)"}})
	_, err := w.call(ctx, http.MethodPatch, api+"/"+newest.ID, patch, nil, h)
	return err
}

// browse follows an authorization URL as the user's browser would, with
// the consent mode deciding, and returns the redirect to the app (nil
// when the accounts server showed a page instead).
func (w *world) browse(ctx context.Context, authURL string) (url.Values, string, error) {
	u, err := url.Parse(authURL)
	if err != nil || u.Host == "" {
		return nil, "", fmt.Errorf("the authorization URL %q does not parse", authURL)
	}
	base, _ := url.Parse(w.base)
	host := u.Host
	if !strings.EqualFold(u.Host, base.Host) {
		if !strings.HasPrefix(strings.ToLower(u.Host), "accounts.zoho") {
			return nil, "", fmt.Errorf("the authorization URL points at %s, not at the accounts server %s", u.Host, w.base)
		}
		u.Scheme, u.Host = base.Scheme, base.Host // a real Zoho host: the emulator answers for it
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", err
	}
	req.Host = host
	req.Header.Set("User-Agent", browserAgent) // the user's browser: its request is the client's URL, journaled
	hc := *w.hc
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Do(req)
	if err != nil {
		return nil, "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return nil, fmt.Sprintf("the accounts server answered %s instead of redirecting", resp.Status), nil
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		return nil, "", err
	}
	return loc.Query(), "redirected to " + loc.Scheme + "://" + loc.Host + loc.Path, nil
}

// reconsent has the user consent n more times to the client, offline with
// prompt=consent, exchanging each code; every ten codes it waits out
// Zoho's ten-codes-per-ten-minutes limit on the virtual clock.
func (w *world) reconsent(ctx context.Context, env Env, n int) error {
	waited := false
	for i := 0; i < n; i++ {
		q := url.Values{"client_id": {env.ClientID}, "response_type": {"code"}, "access_type": {"offline"}, "prompt": {"consent"},
			"redirect_uri": {env.RedirectURI}, "scope": {strings.Join(DefaultScopes, ",")}, "state": {"harness"}}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.base+"/oauth/v2/auth?"+q.Encode(), nil)
		if err != nil {
			return err
		}
		req.Header.Set("User-Agent", harnessAgent)
		hc := *w.hc
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		code := ""
		if loc != nil {
			code = loc.Query().Get("code")
		}
		if code == "" && loc != nil && loc.Query().Get("error") == "access_denied" && !waited {
			waited = true // Zoho's limit on codes per client: wait it out
			if err := w.control(ctx, http.MethodPost, "/_emulator/clock/advance", map[string]string{"by": "10m1s"}, nil); err != nil {
				return err
			}
			i--
			continue
		}
		waited = false
		if code == "" {
			return fmt.Errorf("harness: consent %d gave no code (%s)", i+1, resp.Status)
		}
		var tok struct {
			Refresh string `json:"refresh_token"`
			Error   string `json:"error"`
		}
		if _, err := w.call(ctx, http.MethodPost, loc.Query().Get("accounts-server")+"/oauth/v2/token", url.Values{
			"grant_type": {"authorization_code"}, "client_id": {env.ClientID}, "client_secret": {w.id.ServerSecret},
			"redirect_uri": {env.RedirectURI}, "code": {code}}, &tok, nil); err != nil {
			return err
		}
		if tok.Refresh == "" {
			return fmt.Errorf("harness: consent %d gave no refresh token (%s)", i+1, tok.Error)
		}
	}
	return nil
}

// mint has another worker that shares the client's refresh token (the
// newest of the server-based client's, read from the state export)
// refresh n times, as a second instance of the app would. Each refresh
// mints an access token: the 11th within ten minutes meets Zoho's
// throttle, which the worker waits out on the virtual clock; the 16th
// live one evicts the oldest.
func (w *world) mint(ctx context.Context, env Env, n int) error {
	var state struct {
		Zoho struct {
			RefreshTokens []struct {
				Token    string `json:"token"`
				ClientID string `json:"client_id"`
				DC       string `json:"dc"`
				Issued   string `json:"issued"`
			} `json:"refresh_tokens"`
		} `json:"zoho"`
	}
	if err := w.control(ctx, http.MethodGet, "/_emulator/state", nil, &state); err != nil {
		return err
	}
	token, dc, issued := "", "", ""
	for _, t := range state.Zoho.RefreshTokens {
		if t.ClientID == env.ClientID && t.Issued >= issued {
			token, dc, issued = t.Token, t.DC, t.Issued
		}
	}
	if token == "" {
		return fmt.Errorf("harness: the client holds no refresh token to share")
	}
	accounts := w.base
	if dc != "" && dc != "us" {
		accounts += "/dc/" + dc
	}
	for i := 0; i < n; i++ {
		var tok struct {
			Access string `json:"access_token"`
			Error  string `json:"error"`
		}
		_, err := w.call(ctx, http.MethodPost, accounts+"/oauth/v2/token", url.Values{"grant_type": {"refresh_token"},
			"client_id": {env.ClientID}, "client_secret": {w.secretOf(env.ClientID)}, "refresh_token": {token}}, &tok, nil)
		throttled := tok.Error == "Access Denied" || (err != nil && strings.Contains(err.Error(), "Access Denied"))
		switch {
		case throttled:
			if err := w.control(ctx, http.MethodPost, "/_emulator/clock/advance", map[string]string{"by": "10m1s"}, nil); err != nil {
				return err
			}
			i--
		case err != nil:
			return err
		case tok.Access == "":
			return fmt.Errorf("harness: the shared refresh token minted nothing (%s)", tok.Error)
		}
	}
	return nil
}

// secretOf is the secret of one of the scenario's Zoho clients.
func (w *world) secretOf(clientID string) string {
	if clientID == w.id.SelfID {
		return w.id.SelfSecret
	}
	return w.id.ServerSecret
}
