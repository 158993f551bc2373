package contracts

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
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
	key, ok := requestKeyOf(route, r)
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
