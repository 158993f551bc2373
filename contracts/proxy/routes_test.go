package proxy_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts/proxy"
)

// fakeVendors answers for the vendors' production hosts in memory (tests
// send nothing off the machine), as each would: absolute URLs name the
// vendor's own hosts.
type fakeVendors struct {
	mu  sync.Mutex
	got []string // "host path?query", in order
}

func (f *fakeVendors) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.got = append(f.got, r.URL.Host+" "+r.URL.RequestURI())
	f.mu.Unlock()
	w := httptest.NewRecorder()
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	switch r.URL.Host + " " + r.URL.Path {
	case "accounts.zoho.eu /oauth/v2/token":
		fmt.Fprint(w, `{"access_token":"1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef","api_domain":"https://www.zohoapis.eu","token_type":"Bearer","expires_in":3600}`)
	case "accounts.zoho.com /oauth/v2/auth":
		w.Header().Set("Location", "https://accounts.zoho.com/signin?serviceurl="+url.QueryEscape("https://accounts.zoho.com/oauth/v2/auth"))
		w.WriteHeader(http.StatusFound)
	case "www.zohoapis.com.au /crm/v8/Leads":
		fmt.Fprint(w, `{"data":[],"info":{"next_page_token":null,"more_records":false},"see":"https://www.zohoapis.com.au/crm/v8/Leads"}`)
	case "ims-na1.adobelogin.com /ims/token/v3":
		fmt.Fprint(w, `{"access_token":"eyJ","token_type":"bearer","expires_in":86399}`)
	case "platform.adobe.io /data/foundation/flowservice/connections":
		fmt.Fprint(w, `{"items":[]}`)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
	return w.Result(), nil
}

// TestVendorRoutes: one proxy in front of every vendor, by the emulator's
// URL layout; answers name the proxy (with the data centre's prefix)
// instead of the vendors, and one cassette holds the session in order.
func TestVendorRoutes(t *testing.T) {
	vendors := &fakeVendors{}
	p, err := proxy.New(proxy.Options{Upstream: proxy.Vendors, Client: &http.Client{
		Transport:     vendors,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}})
	require.NoError(t, err)
	front := httptest.NewServer(p)
	defer front.Close()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(method, path, body string) (*http.Response, string) {
		req, err := http.NewRequest(method, front.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		if body != "" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := noRedirect.Do(req)
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		return resp, string(b)
	}

	_, token := send(http.MethodPost, "/dc/eu/oauth/v2/token", "grant_type=refresh_token&client_id=1000.X&client_secret=s&refresh_token=1000.r.t")
	var answer struct {
		APIDomain string `json:"api_domain"`
	}
	require.NoError(t, json.Unmarshal([]byte(token), &answer))
	assert.Equal(t, front.URL+"/dc/eu", answer.APIDomain, "the EU API domain is the proxy's /dc/eu")

	resp, _ := send(http.MethodGet, "/oauth/v2/auth?client_id=1000.X&response_type=code&scope=ZohoCRM.modules.ALL&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb", "")
	assert.Equal(t, front.URL+"/signin?serviceurl="+url.QueryEscape(front.URL+"/oauth/v2/auth"), resp.Header.Get("Location"),
		"the sign-in redirect stays behind the proxy, raw and escaped")

	_, page := send(http.MethodGet, "/dc/au/crm/v8/Leads?fields=Email", "")
	assert.Contains(t, page, `"see":"`+front.URL+`/dc/au/crm/v8/Leads"`, "accounts.zoho.com.au is not accounts.zoho.com")
	send(http.MethodPost, "/ims/token/v3", "grant_type=client_credentials&client_id=c&client_secret=s&scope=openid")
	send(http.MethodGet, "/data/foundation/flowservice/connections", "")
	send(http.MethodGet, "/signin", "")

	assert.Equal(t, []string{
		"accounts.zoho.eu /oauth/v2/token",
		"accounts.zoho.com /oauth/v2/auth?client_id=1000.X&response_type=code&scope=ZohoCRM.modules.ALL&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb",
		"www.zohoapis.com.au /crm/v8/Leads?fields=Email",
		"ims-na1.adobelogin.com /ims/token/v3",
		"platform.adobe.io /data/foundation/flowservice/connections",
		"accounts.zoho.com /signin",
	}, vendors.got)

	c := p.Cassette()
	assert.Equal(t, proxy.Vendors, c.Upstream)
	var origins, paths []string
	for _, x := range c.Interactions {
		origins = append(origins, x.Upstream)
		paths = append(paths, x.Request.Path)
	}
	assert.Equal(t, []string{"https://accounts.zoho.eu", "https://accounts.zoho.com", "https://www.zohoapis.com.au",
		"https://ims-na1.adobelogin.com", "https://platform.adobe.io", "https://accounts.zoho.com"}, origins)
	assert.Equal(t, []string{"/dc/eu/oauth/v2/token", "/oauth/v2/auth", "/dc/au/crm/v8/Leads", "/ims/token/v3",
		"/data/foundation/flowservice/connections", "/signin"}, paths, "as the client sent them: replay serves the same layout")
	assert.NotContains(t, c.Interactions[0].Response.Text, "zohoapis.eu", "the cassette names the base URL, not the vendor")
}

func TestRoutes(t *testing.T) {
	_, err := proxy.New(proxy.Options{Routes: []proxy.Route{{Prefix: "/eu", Upstream: "https://accounts.zoho.eu", Strip: "/dc"}}})
	assert.ErrorContains(t, err, "starts with / and with what it strips")
	_, err = proxy.New(proxy.Options{Routes: []proxy.Route{{Prefix: "/", Upstream: "ftp://x"}}})
	assert.ErrorContains(t, err, "want an http or https URL")

	// A path no route takes is refused in the proxy's own envelope.
	p, err := proxy.New(proxy.Options{Routes: []proxy.Route{{Prefix: "/crm/", Upstream: "http://127.0.0.1:1"}}})
	require.NoError(t, err)
	front := httptest.NewServer(p)
	defer front.Close()
	resp, err := http.Get(front.URL + "/oauth/v2/token")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, string(body), `"error":"zohoaep_proxy"`)

	// The longer of two origins where one starts the other is rewritten
	// first, whatever the order of the routes.
	answer := roundTripper(func(r *http.Request) (*http.Response, error) {
		w := httptest.NewRecorder()
		fmt.Fprint(w, `{"a":"https://x.test.au/p","b":"https://x.test/q"}`)
		return w.Result(), nil
	})
	p, err = proxy.New(proxy.Options{Client: &http.Client{Transport: answer}, Routes: []proxy.Route{
		{Prefix: "/long/prefix/", Upstream: "https://x.test", Strip: "/long"},
		{Prefix: "/au/", Upstream: "https://x.test.au", Strip: "/au"},
	}})
	require.NoError(t, err)
	front2 := httptest.NewServer(p)
	defer front2.Close()
	resp, err = http.Get(front2.URL + "/au/x")
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.JSONEq(t, `{"a":"`+front2.URL+`/au/p","b":"`+front2.URL+`/long/q"}`, string(body))

	var prefixes []string
	for _, r := range proxy.VendorRoutes() {
		prefixes = append(prefixes, r.Prefix+" "+r.Upstream)
	}
	assert.Contains(t, prefixes, "/dc/jp/crm/ https://www.zohoapis.jp")
	assert.Contains(t, prefixes, "/dc/ca/ https://accounts.zohocloud.ca")
	assert.Contains(t, prefixes, "/ https://accounts.zoho.com")
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
