package console_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/console"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// ui is the console of one emulator, served on loopback.
type ui struct {
	t *testing.T
	e *emulator.Emulator
}

// noRedirect lets a test see a form's 303 and where it leads.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// get fetches a console page; path is after the console's prefix.
func (u *ui) get(path string) (int, string) {
	u.t.Helper()
	resp, err := noRedirect.Get(u.e.URL() + console.Prefix + path)
	require.NoError(u.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(u.t, err)
	return resp.StatusCode, string(b)
}

// page fetches a page that must answer 200.
func (u *ui) page(path string) string {
	u.t.Helper()
	status, body := u.get(path)
	require.Equal(u.t, http.StatusOK, status, "%s: %s", path, problem(body))
	return body
}

// post submits a form; it returns the status, the redirect (console path
// and query) and the body.
func (u *ui) post(path string, form url.Values) (int, string, string) {
	u.t.Helper()
	resp, err := noRedirect.PostForm(u.e.URL()+console.Prefix+path, form)
	require.NoError(u.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(u.t, err)
	return resp.StatusCode, strings.TrimPrefix(resp.Header.Get("Location"), console.Prefix), string(b)
}

// act submits a form that must succeed; it returns where it leads.
func (u *ui) act(path string, form url.Values) string {
	u.t.Helper()
	status, to, body := u.post(path, form)
	require.Equal(u.t, http.StatusSeeOther, status, "%s: %s", path, problem(body))
	return to
}

// problem is the error a page shows, for failure messages.
func problem(body string) string {
	_, after, ok := strings.Cut(body, `id="problem">`)
	if !ok {
		return "(no problem shown)"
	}
	msg, _, _ := strings.Cut(after, "<")
	return msg
}

// demoTenant is the demo's IMS org and sandbox as the forms carry them.
func demoTenant() url.Values {
	return url.Values{"org": {adobeims.DemoOrgID}, "sandbox": {"prod"}}
}

func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Add(kv[i], kv[i+1])
	}
	return out
}

type zohoTokens struct{ access, refresh string }

// selfClientTokens generates a self-client code for the demo admin and
// exchanges it over HTTP, as Zoho's API console and a script would.
func selfClientTokens(t *testing.T, e *emulator.Emulator) zohoTokens {
	t.Helper()
	code, err := e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{ClientID: emulator.DemoSelfClientID,
		User: emulator.DemoUserEmail, Scopes: []string{"ZohoCRM.modules.ALL"}})
	require.NoError(t, err)
	resp, err := http.PostForm(e.URL()+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"},
		"client_id": {emulator.DemoSelfClientID}, "client_secret": {emulator.DemoClientSecret}, "code": {code.Code}})
	require.NoError(t, err)
	defer resp.Body.Close()
	var tok struct {
		Access  string `json:"access_token"`
		Refresh string `json:"refresh_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	require.NotEmpty(t, tok.Refresh)
	return zohoTokens{access: tok.Access, refresh: tok.Refresh}
}

func journalAll() journal.Filter { return journal.Filter{} }

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
