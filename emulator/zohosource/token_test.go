package zohosource

import (
	"errors"
	"net/http"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// TestTokenWriteBack: a refreshed access token goes back into the base
// connection as the platform's change (UNCONFIRMED, reference §9), and
// the next call uses it without refreshing.
func TestTokenWriteBack(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	before := w.conn(t)
	ok, err := w.eng.Test(t.Context(), before)
	require.NoError(t, err)
	assert.True(t, ok)
	after := w.conn(t)
	assert.Equal(t, "1000.access0001", after.Auth.Params["accessToken"])
	assert.NotEqual(t, before.Etag, after.Etag)
	assert.Equal(t, flowservice.System, after.UpdatedBy)
	assert.Equal(t, "1000.rt", after.Auth.Params["refreshToken"], "Zoho's refresh answer has no refresh token")

	ok, err = w.eng.Test(t.Context(), after)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, 1, w.zoho.Minted())
	assert.Equal(t, after.Etag, w.conn(t).Etag)
}

// TestTokenNoWriteBack: with SkipTokenWriteBack the connection keeps its
// stale token, and the engine its refreshed one (one refresh in all).
func TestTokenNoWriteBack(t *testing.T) {
	w := newWorld(t, Config{SkipTokenWriteBack: true}, demo())
	before := w.conn(t)
	for range 3 {
		ok, err := w.eng.Test(t.Context(), w.conn(t))
		require.NoError(t, err)
		assert.True(t, ok)
	}
	assert.Equal(t, before, w.conn(t))
	assert.Equal(t, 1, w.zoho.Minted())

	// A client's new refresh token makes the remembered access token moot.
	w.setParams(t, map[string]any{"refreshToken": "1000.rt2"})
	w.zoho.Set(func(z *FakeZoho) { z.Refresh["1000.rt2"] = true })
	ok, err := w.eng.Test(t.Context(), w.conn(t))
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, 2, w.zoho.Minted())
}

// TestTokenRefreshOnce: an access token refused even after a refresh is
// not refreshed again in the same call.
func TestTokenRefreshOnce(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	calls := 0
	w.zoho.Set(func(z *FakeZoho) {
		z.Fail = func(r *http.Request) (int, string, error) {
			if r.URL.Path == "/crm/v2/settings/modules" {
				calls++
				return 401, `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}`, nil
			}
			return 0, "", nil
		}
	})
	ok, err := w.eng.Test(t.Context(), w.conn(t))
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, 1, w.zoho.Minted())
	assert.Equal(t, 2, calls)
	assert.Contains(t, w.logs.String(), "INVALID_TOKEN")
}

// TestTokenMissing: no access token refreshes first; no refresh token
// either is a connection that cannot work.
func TestTokenMissing(t *testing.T) {
	d := demo()
	d.AccessToken = ""
	w := newWorld(t, Config{}, d)
	ok, err := w.eng.Test(t.Context(), w.conn(t))
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Len(t, w.zoho.Requests("/crm/"), 1)

	w.setParams(t, map[string]any{"accessToken": "", "refreshToken": ""})
	s, err := w.eng.session(w.conn(t))
	require.NoError(t, err)
	s.token = ""
	_, err = s.get(t.Context(), "/settings/modules", nil, nil)
	var f *Failure
	require.ErrorAs(t, err, &f)
	assert.Equal(t, KindConfig, f.Kind)
	assert.Equal(t, "The connection has no refreshToken: its access token cannot be refreshed.", f.Error())
}

// TestConnectionTest: Zoho's refusals are false, never an error.
func TestConnectionTest(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(z *FakeZoho)
		conn map[string]any
		ok   bool
	}{
		{"good", nil, nil, true},
		{"revoked refresh token", func(z *FakeZoho) { z.Refresh["1000.rt"] = false }, nil, false},
		{"wrong secret", nil, map[string]any{"clientSecret": "wrong-secret"}, false},
		{"throttled", func(z *FakeZoho) { z.Throttled = true }, nil, false},
		{"IP not allowed", func(z *FakeZoho) { z.Allowed = []netip.Prefix{netip.MustParsePrefix("13.69.67.192/28")} }, nil, false},
		{"IP allowed", func(z *FakeZoho) { z.Allowed = []netip.Prefix{netip.MustParsePrefix("20.42.2.0/23")} }, nil, true},
		{"reset", func(z *FakeZoho) {
			z.Fail = func(*http.Request) (int, string, error) { return 0, "", errors.New("connection reset by peer") }
		}, nil, false},
		{"5xx", func(z *FakeZoho) {
			z.Fail = func(*http.Request) (int, string, error) { return 500, `{"code":"INTERNAL_ERROR"}`, nil }
		}, nil, false},
		{"accounts URL not absolute", nil, map[string]any{"accountsUrl": "accounts.zoho.com"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, Config{}, demo())
			if tc.set != nil {
				w.zoho.Set(tc.set)
			}
			if tc.conn != nil {
				w.setParams(t, tc.conn)
			}
			ok, err := w.eng.Test(t.Context(), w.conn(t))
			require.NoError(t, err)
			assert.Equal(t, tc.ok, ok)
			for _, secret := range []string{"s3cr3t-client-secret", "1000.rt\"", "1000.stale-access-token", "wrong-secret"} {
				assert.NotContains(t, w.logs.String(), secret)
			}
		})
	}
}

// TestAPIDomainOfRefresh: the api_domain of a refresh is where the CRM
// calls go next; an absolute endpoint wins over both.
func TestAPIDomainOfRefresh(t *testing.T) {
	w := newWorld(t, Config{}, demo())
	w.zoho.Set(func(z *FakeZoho) { z.APIDomain = "https://www.zohoapis.eu" })
	ok, err := w.eng.Test(t.Context(), w.conn(t))
	require.NoError(t, err)
	require.True(t, ok)
	reqs := w.zoho.Requests("/crm/")
	assert.Equal(t, "www.zohoapis.com", reqs[0].Host)
	assert.Equal(t, "www.zohoapis.eu", reqs[1].Host)
	_, err = w.eng.Explore(t.Context(), w.conn(t), query("root", "", false))
	require.NoError(t, err)
	reqs = w.zoho.Requests("/crm/")
	assert.Equal(t, "www.zohoapis.eu", reqs[len(reqs)-1].Host, "remembered for later calls")

	w.setParams(t, map[string]any{"endpoint": "http://127.0.0.1:9595/dc/in/crm/private"})
	_, err = w.eng.Explore(t.Context(), w.conn(t), query("root", "", false))
	require.NoError(t, err)
	reqs = w.zoho.Requests("/crm/")
	assert.Equal(t, "127.0.0.1:9595", reqs[len(reqs)-1].Host)
	assert.Equal(t, "/dc/in/crm/v2/settings/modules", reqs[len(reqs)-1].Path)
}
