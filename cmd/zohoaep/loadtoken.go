package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// selfClientRefreshToken gets a refresh token from an in-process emulator
// as a Self Client user does: a code from the console, exchanged over HTTP.
func selfClientRefreshToken(ctx context.Context, e *emulator.Emulator, tr http.RoundTripper) (string, error) {
	code, err := e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{
		ClientID: emulator.DemoSelfClientID, User: emulator.DemoUserEmail,
		Scopes: []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"},
	})
	if err != nil {
		return "", err
	}
	return exchangeCode(ctx, tr, e.URL(), url.Values{
		"grant_type": {zohoaccounts.GrantAuthorizationCode}, "client_id": {emulator.DemoSelfClientID},
		"client_secret": {emulator.DemoClientSecret}, "code": {code.Code},
	})
}

// demoRefreshToken signs in to the demo world at base as its admin, with
// offline access, and exchanges the code, as a browser and an app would.
func demoRefreshToken(ctx context.Context, tr http.RoundTripper, base, client, secret string) (string, error) {
	auth := url.Values{
		"client_id": {client}, "response_type": {"code"}, "redirect_uri": {emulator.DemoRedirectURI},
		"scope": {"ZohoCRM.modules.ALL"}, "access_type": {"offline"}, "prompt": {"consent"},
	}
	hc := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/oauth/v2/auth?"+auth.Encode(), nil)
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode == http.StatusOK { // the sign-in page: sign in and consent
		form := url.Values{"email": {emulator.DemoUserEmail}, "password": {emulator.DemoUserPassword}, "action": {"accept"}}
		for k, v := range auth {
			form[k] = v
		}
		req, _ = http.NewRequestWithContext(ctx, http.MethodPost, base+"/oauth/v2/auth", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if resp, err = hc.Do(req); err != nil {
			return "", err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
	if resp.StatusCode != http.StatusFound {
		return "", fmt.Errorf("authorization request: %s", resp.Status)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		return "", err
	}
	code := loc.Query().Get("code")
	if code == "" {
		return "", fmt.Errorf("authorization request: no code in %s", loc.Redacted())
	}
	return exchangeCode(ctx, tr, base, url.Values{
		"grant_type": {zohoaccounts.GrantAuthorizationCode}, "client_id": {client}, "client_secret": {secret},
		"redirect_uri": {emulator.DemoRedirectURI}, "code": {code},
	})
}

func exchangeCode(ctx context.Context, tr http.RoundTripper, base string, form url.Values) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/oauth/v2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tok struct {
		RefreshToken string `json:"refresh_token"`
		Error        string `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil {
		return "", fmt.Errorf("code exchange: %s: %w", resp.Status, err)
	}
	if tok.RefreshToken == "" {
		return "", fmt.Errorf("code exchange: %s %s: no refresh token", resp.Status, tok.Error)
	}
	return tok.RefreshToken, nil
}
