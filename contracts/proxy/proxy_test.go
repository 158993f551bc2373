package proxy_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts/cassette"
	"github.com/zohoaep/zohoaep/contracts/proxy"
)

func TestProxy(t *testing.T) {
	var upstream *httptest.Server
	var got *http.Request
	var gotBody string
	upstream = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Header().Set("Location", upstream.URL+"/next")
		fmt.Fprintf(w, `{"access_token":"1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef","api_domain":"%s","token_type":"Bearer","expires_in":3600,"scope":"ZohoCRM.modules.ALL"}`, upstream.URL)
	}))
	defer upstream.Close()

	p, err := proxy.New(proxy.Options{Upstream: upstream.URL + "/base"})
	require.NoError(t, err)
	front := httptest.NewServer(p)
	defer front.Close()

	req, err := http.NewRequest(http.MethodPost, front.URL+"/oauth/v2/token?x=1", strings.NewReader("grant_type=refresh_token&client_secret=hush-hush-secret"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Proxy-Authorization", "Basic abc")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()

	assert.Equal(t, "/base/oauth/v2/token", got.URL.Path, "the upstream's path prefix")
	assert.Equal(t, "x=1", got.URL.RawQuery)
	assert.Empty(t, got.Header.Get("Proxy-Authorization"), "hop-by-hop headers stay")
	assert.Equal(t, "grant_type=refresh_token&client_secret=hush-hush-secret", gotBody)
	assert.Contains(t, string(body), `"api_domain":"`+front.URL+`"`, "the client stays behind the proxy")
	assert.Equal(t, front.URL+"/next", resp.Header.Get("Location"))

	c := p.Cassette()
	require.Len(t, c.Interactions, 1)
	x := c.Interactions[0]
	assert.Equal(t, "zoho-accounts", x.Contract)
	assert.Equal(t, "token", x.Operation)
	require.NotNil(t, x.Verdict)
	assert.Contains(t, x.Response.Text, `"api_domain":"{{base_url}}"`)
	assert.NotContains(t, x.Request.Text, "hush-hush-secret")
	assert.NotContains(t, x.Response.Text, "0123456789abcdef0123456789abcdef")
	assert.Equal(t, cassette.BaseURL+"/next", x.Response.Header.Get("Location"))

	upstream.Close()
	resp, err = http.Get(front.URL + "/crm/v8/org")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)

	for _, bad := range []string{"", "ftp://x", "http://", "::"} {
		_, err := proxy.New(proxy.Options{Upstream: bad})
		assert.Error(t, err, bad)
	}
}

// TestProxyEscapedAddress: Zoho's consent redirect names the accounts
// server URL-escaped (accounts-server=https%3A%2F%2F...); the client must
// stay behind the proxy there too, and the replay put its own address in.
func TestProxyEscapedAddress(t *testing.T) {
	var upstream *httptest.Server
	upstream = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "http://127.0.0.1:8000/callback?code=x&accounts-server="+url.QueryEscape(upstream.URL))
		w.WriteHeader(http.StatusFound)
	}))
	defer upstream.Close()
	p, err := proxy.New(proxy.Options{Upstream: upstream.URL})
	require.NoError(t, err)
	front := httptest.NewServer(p)
	defer front.Close()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	resp, err := noFollow.Get(front.URL + "/oauth/v2/auth?client_id=a")
	require.NoError(t, err)
	_ = resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, front.URL, loc.Query().Get("accounts-server"), "the client stays behind the proxy")

	replay := httptest.NewServer(cassette.Handler(p.Cassette()))
	defer replay.Close()
	resp, err = noFollow.Get(replay.URL + "/oauth/v2/auth?client_id=a")
	require.NoError(t, err)
	_ = resp.Body.Close()
	loc, err = url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, replay.URL, loc.Query().Get("accounts-server"), "the replay's own address")
}
