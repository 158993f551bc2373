package contracts

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/openapi"
)

// judgedAfresh is CheckRequest's verdict with nothing remembered.
func judgedAfresh(c *Contract, r *http.Request) Verdict {
	knownRequests.Lock()
	saved := knownRequests.m
	knownRequests.m = map[requestKey]struct{}{}
	knownRequests.Unlock()
	defer func() {
		knownRequests.Lock()
		knownRequests.m = saved
		knownRequests.Unlock()
	}()
	return c.CheckRequest(context.Background(), r).Verdict()
}

func crmGet(target string, header http.Header) *http.Request {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for k, vs := range header {
		r.Header[k] = vs
	}
	return r
}

func TestKnownRequestsAreExact(t *testing.T) {
	c, err := Load(openapi.ZohoCRM)
	require.NoError(t, err)
	good := "/crm/v8/Leads?fields=Last_Name,Email&per_page=200&page=3"
	since := http.Header{"If-Modified-Since": {"2026-03-02T10:00:00+05:30"}}
	for range 2 {
		v := c.CheckRequest(context.Background(), crmGet(good, since)).Verdict()
		require.True(t, v.OK(), v.Summary())
	}
	r := crmGet(good, since)
	route, _, err := c.findRoute(r)
	require.NoError(t, err)
	key, ok := requestKeyOf(route, r, nil)
	require.True(t, ok)
	assert.True(t, requestKnown(key), "a valid request is remembered")

	for _, tt := range []struct {
		name   string
		target string
		header http.Header
	}{
		{"another query", "/crm/v8/Leads?fields=Last_Name,Email&per_page=abc&page=3", since},
		{"another header", good, http.Header{"If-Modified-Since": {"yesterday"}}},
		{"the header twice", good, http.Header{"If-Modified-Since": {"2026-03-02T10:00:00+05:30", "x"}}},
		{"another path", "/crm/v8/Le%20ads?fields=Last_Name,Email&per_page=200&page=3", since},
		{"another method", good, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := func() *http.Request {
				r := crmGet(tt.target, tt.header)
				if tt.name == "another method" {
					r.Method = http.MethodPatch
				}
				return r
			}
			assert.Equal(t, judgedAfresh(c, req()), c.CheckRequest(context.Background(), req()).Verdict())
		})
	}
}

// FuzzKnownRequestsAgreeWithKin: a request judged once (and remembered if
// valid) is judged the same the second time, and as with nothing
// remembered.
func FuzzKnownRequestsAgreeWithKin(f *testing.F) {
	for _, s := range []struct{ path, query, since string }{
		{"/crm/v8/Leads", "fields=Last_Name&per_page=200&page=3", "2026-03-02T10:00:00+05:30"},
		{"/crm/v2/Contacts", "per_page=0", ""},
		{"/crm/v8/Leads", "page_token=abc&sort_order=up", "x"},
		{"/crm/v8/Leads/123", "fields=a,b", ""},
		{"/crm/v8/settings/fields", "module=Leads", ""},
		{"/crm/v8/users", "type=AllUsers&page=1", ""},
	} {
		f.Add(s.path, s.query, s.since)
	}
	c, err := Load(openapi.ZohoCRM)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, path, query, since string) {
		u, err := url.Parse("http://127.0.0.1:9595" + path)
		if err != nil || u.Path == "" || u.Host != "127.0.0.1:9595" {
			return
		}
		u.RawQuery = query
		req := func() *http.Request {
			r := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:9595/", nil)
			r.URL = u
			if since != "" {
				r.Header.Set("If-Modified-Since", since)
			}
			return r
		}
		first := c.CheckRequest(context.Background(), req()).Verdict()
		second := c.CheckRequest(context.Background(), req()).Verdict()
		assert.Equal(t, first, second)
		assert.Equal(t, judgedAfresh(c, req()), second)
	})
}

func TestKnownRoutes(t *testing.T) {
	c, err := Load(openapi.ZohoCRM)
	require.NoError(t, err)
	for range 2 { // the second time from the remembered routes
		for _, tt := range []struct {
			method, path, op string
			params           map[string]string
		}{
			{http.MethodGet, "/crm/v8/Leads", "listRecords", map[string]string{"version": "v8", "module_api_name": "Leads"}},
			{http.MethodGet, "/crm/v2/Contacts", "listRecords", map[string]string{"version": "v2", "module_api_name": "Contacts"}},
			{http.MethodPut, "/crm/v2/Contacts", "updateRecords", map[string]string{"version": "v2", "module_api_name": "Contacts"}},
			{http.MethodGet, "/crm/v8/Leads/123", "getRecord", nil},
		} {
			route, params, err := c.routeOf(httptest.NewRequest(tt.method, tt.path, nil))
			require.NoError(t, err, tt.path)
			assert.Equal(t, tt.op, route.Operation.OperationID, tt.path)
			for k, v := range tt.params {
				assert.Equal(t, v, params[k], "%s %s", tt.path, k)
			}
		}
	}
	_, _, err = c.routeOf(httptest.NewRequest(http.MethodGet, "/nowhere/at/all", nil))
	assert.Error(t, err)
}

// TestKnownRequestsWithBodies: a token request sent again (a connector
// refreshing with the same refresh token) is remembered by its body's
// hash, and any other body, content type or a body cut short is judged
// afresh.
func TestKnownRequestsWithBodies(t *testing.T) {
	c, err := Load(openapi.ZohoAccounts)
	require.NoError(t, err)
	form := "grant_type=refresh_token&client_id=1000.X&client_secret=s3cr3t&refresh_token=1000.a.b"
	post := func(body, ct string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:9595/oauth/v2/token", strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		return r
	}
	const formType = "application/x-www-form-urlencoded"
	for range 2 {
		r := post(form, formType)
		v := c.CheckRequestBody(context.Background(), r, []byte(form)).Verdict()
		require.True(t, v.OK(), v.Summary())
	}
	r := post(form, formType)
	route, _, err := c.findRoute(r)
	require.NoError(t, err)
	key, ok := requestKeyOf(route, r, []byte(form))
	require.True(t, ok)
	assert.True(t, requestKnown(key), "a valid request with a body is remembered")
	assert.NotContains(t, key.req, "s3cr3t", "by its hash, not its secrets")

	for _, tt := range []struct{ name, body, ct string }{
		{"another body", "grant_type=nope", formType},
		{"no body", "", formType},
		{"another content type", form, "application/json"},
		{"broken encoding", form + "&%zz", formType},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, judgedAfresh(c, post(tt.body, tt.ct)),
				c.CheckRequestBody(context.Background(), post(tt.body, tt.ct), []byte(tt.body)).Verdict())
		})
	}
	_, ok = requestKeyOf(route, r, make([]byte, maxKeyedBody+1))
	assert.False(t, ok, "a large body is not hashed")
}

// FuzzKnownBodiesAgreeWithKin: a token request judged once (and
// remembered if valid) is judged the same the second time, and as with
// nothing remembered.
func FuzzKnownBodiesAgreeWithKin(f *testing.F) {
	f.Add("grant_type=refresh_token&client_id=1000.X&client_secret=s&refresh_token=1000.a.b", "application/x-www-form-urlencoded")
	f.Add("grant_type=authorization_code&code=1000.c&client_id=x", "application/x-www-form-urlencoded; charset=utf-8")
	f.Add("grant_type=refresh_token&grant_type=x", "application/x-www-form-urlencoded")
	f.Add(`{"grant_type":"refresh_token"}`, "application/json")
	f.Add("%zz", "text/plain")
	c, err := Load(openapi.ZohoAccounts)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, body, ct string) {
		req := func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:9595/oauth/v2/token", strings.NewReader(body))
			r.Header.Set("Content-Type", ct)
			return r
		}
		first := c.CheckRequestBody(context.Background(), req(), []byte(body)).Verdict()
		second := c.CheckRequestBody(context.Background(), req(), []byte(body)).Verdict()
		assert.Equal(t, first, second)
		assert.Equal(t, judgedAfresh(c, req()), second)
	})
}
