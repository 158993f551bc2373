package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

// crashClient sends the load and remembers what was acknowledged.
type crashClient struct {
	t    *testing.T
	base string
	http *http.Client
}

func (c *crashClient) send(method, path string, header map[string]string, body io.Reader, out any) (int, error) {
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return 0, err
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err // a cut answer is not an acknowledgement
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
	}
	return resp.StatusCode, nil
}

func (c *crashClient) form(path string, v url.Values, out any) (int, error) {
	return c.send(http.MethodPost, path, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, strings.NewReader(v.Encode()), out)
}

// refreshToken makes a self-client code and exchanges it.
func (c *crashClient) refreshToken() (refresh, access string) {
	var code struct{ Code string }
	st, err := c.send(http.MethodPost, "/_emulator/zoho/clients/"+emulator.DemoSelfClientID+"/codes",
		map[string]string{"Content-Type": "application/json"},
		strings.NewReader(`{"user":"`+emulator.DemoUserEmail+`","scopes":["ZohoCRM.modules.ALL"]}`), &code)
	require.NoError(c.t, err)
	require.Equal(c.t, http.StatusCreated, st)
	var tok struct{ RefreshToken, AccessToken string }
	_, err = c.form("/oauth/v2/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {emulator.DemoSelfClientID},
		"client_secret": {emulator.DemoClientSecret}, "code": {code.Code}}, &tokJSON{&tok.RefreshToken, &tok.AccessToken})
	require.NoError(c.t, err)
	require.NotEmpty(c.t, tok.RefreshToken)
	return tok.RefreshToken, tok.AccessToken
}

// tokJSON decodes Zoho's snake_case token answer.
type tokJSON struct{ refresh, access *string }

func (j *tokJSON) UnmarshalJSON(b []byte) error {
	var v struct {
		RefreshToken string `json:"refresh_token"`
		AccessToken  string `json:"access_token"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if j.refresh != nil {
		*j.refresh = v.RefreshToken
	}
	*j.access = v.AccessToken
	return nil
}

func (c *crashClient) imsToken() string {
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_, err := c.form("/ims/token/v3", url.Values{"grant_type": {"client_credentials"}, "client_id": {adobeims.DemoClientID},
		"client_secret": {adobeims.DemoClientSecret}, "scope": {"openid,AdobeID,read_organizations"}}, &tok)
	require.NoError(c.t, err)
	require.NotEmpty(c.t, tok.AccessToken)
	return tok.AccessToken
}

func aepHeaders(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token, "x-api-key": adobeims.DemoClientID,
		"x-gw-ims-org-id": adobeims.DemoOrgID, "x-sandbox-name": "prod", "Content-Type": "application/json"}
}

// acked is what the clients were told succeeded.
type acked struct {
	mu       sync.Mutex
	refresh  []string   // one refresh token per token worker
	access   [][]string // each token worker's access tokens, in order
	leads    []string
	conns    []string
	imsToken string
}

func (a *acked) add(list *[]string, v string) {
	a.mu.Lock()
	*list = append(*list, v)
	a.mu.Unlock()
}

func (a *acked) counts() (tokens, leads, conns int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, l := range a.access {
		tokens += len(l)
	}
	return tokens, len(a.leads), len(a.conns)
}
