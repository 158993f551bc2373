package cassette_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts/cassette"
)

func TestParse(t *testing.T) {
	data, err := os.ReadFile("testdata/session.json")
	require.NoError(t, err)
	c, err := cassette.Parse(data)
	require.NoError(t, err)
	require.Len(t, c.Interactions, 2)
	body, err := c.Interactions[1].Response.Bytes()
	require.NoError(t, err)
	assert.Equal(t, []byte{0, 1, 2}, body)

	var out bytes.Buffer
	require.NoError(t, c.Write(&out))
	again, err := cassette.Parse(out.Bytes())
	require.NoError(t, err)
	assert.Equal(t, c, again, "a cassette round-trips")

	bad := []struct{ name, doc string }{
		{"not JSON", `{`},
		{"another version", `{"version":2,"interactions":[]}`},
		{"no method", `{"version":1,"interactions":[{"request":{"path":"/x"},"response":{"status":200}}]}`},
		{"a relative path", `{"version":1,"interactions":[{"request":{"method":"GET","path":"x"},"response":{"status":200}}]}`},
		{"a status out of range", `{"version":1,"interactions":[{"request":{"method":"GET","path":"/x"},"response":{"status":99}}]}`},
		{"broken base64", `{"version":1,"interactions":[{"request":{"method":"GET","path":"/x"},"response":{"status":200,"body":"%%","body_encoding":"base64"}}]}`},
		{"an unknown encoding", `{"version":1,"interactions":[{"request":{"method":"GET","path":"/x","body":"x","body_encoding":"gzip"},"response":{"status":200}}]}`},
		{"a header name with a colon", `{"version":1,"interactions":[{"request":{"method":"GET","path":"/x"},"response":{"status":200,"headers":{"a:b":["c"]}}}]}`},
	}
	for _, tt := range bad {
		_, err := cassette.Parse([]byte(tt.doc))
		assert.Error(t, err, tt.name)
	}
}

// FuzzParse: any input is parsed or refused, never a panic, and what
// parses replays without a 5xx of the replayer's own.
func FuzzParse(f *testing.F) {
	data, err := os.ReadFile("testdata/session.json")
	require.NoError(f, err)
	f.Add(data)
	f.Add([]byte(`{"version":1,"interactions":[]}`))
	f.Add([]byte(`{"version":1,"interactions":[{"request":{"method":"GET","path":"/"},"response":{"status":599}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := cassette.Parse(data)
		if err != nil {
			return
		}
		h := cassette.Handler(c)
		for _, x := range c.Interactions {
			r := httptest.NewRequest(http.MethodGet, "http://replay.invalid/", nil)
			r.Method, r.URL.Path, r.URL.RawQuery = x.Request.Method, x.Request.Path, x.Request.Query
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if want := x.Response.Status; rec.Code != want && want >= 200 {
				// Each recorded request finds a recorded answer to its
				// method, path and query keys (perhaps a later one).
				found := false
				for _, y := range c.Interactions {
					found = found || y.Response.Status == rec.Code
				}
				if !found {
					t.Errorf("%s %s answered %d, which the cassette never recorded", x.Request.Method, x.Request.Path, rec.Code)
				}
			}
		}
	})
}

func TestRedactor(t *testing.T) {
	token := "1000.5e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b.4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d"
	r := cassette.NewRedactor()
	x := cassette.Interaction{
		Request: cassette.Request{Method: "POST", Path: "/oauth/v2/token", Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
			Body: cassette.NewBody([]byte("client_secret=topsecretvalue&code=1000.4dc2ab39e5f0c0e3a7c6f5d4b3a2e1f0.77a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4&email=ann%40example.com"))},
		Response: cassette.Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: cassette.NewBody([]byte(`{"access_token":"` + token + `","code":"SUCCESS","Last_Name":"Lovelace","status":"success"}`))},
	}
	r.Redact(&x)
	y := cassette.Interaction{Request: cassette.Request{Method: "GET", Path: "/crm/v8/Leads", Header: http.Header{"Authorization": {"Zoho-oauthtoken " + token}}},
		Response: cassette.Response{Status: 401}}
	r.Redact(&y)

	for _, secret := range []string{"topsecretvalue", "4dc2ab39", token, "ann%40example.com", "Lovelace"} {
		assert.NotContains(t, x.Request.Text+x.Response.Text+y.Request.Header.Get("Authorization"), secret)
	}
	assert.Contains(t, x.Response.Text, `"code":"SUCCESS"`, "a result code is no secret")
	assert.Contains(t, x.Response.Text, `"status":"success"`)
	assert.Equal(t, 2, y.Seq)
	var access cassette.Placeholder
	for _, p := range r.Placeholders() {
		if p.Kind == "access_token" {
			access = p
		}
	}
	assert.Equal(t, "access_token_1", access.Name)
	assert.Equal(t, "response", access.FirstSide)
	assert.Regexp(t, `^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$`, access.Value, "the pseudonym keeps the token's shape")
	assert.Equal(t, "Zoho-oauthtoken "+access.Value, y.Request.Header.Get("Authorization"), "one value, one pseudonym")
}

func TestReplay(t *testing.T) {
	c := &cassette.Cassette{Version: cassette.Version, Interactions: []cassette.Interaction{
		{Request: cassette.Request{Method: "POST", Path: "/oauth/v2/token"}, Response: cassette.Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: cassette.NewBody([]byte(`{"api_domain":"{{base_url}}"}`))}},
		{Request: cassette.Request{Method: "POST", Path: "/oauth/v2/token"}, Response: cassette.Response{Status: 200, Body: cassette.NewBody([]byte(`{"error":"invalid_code"}`))}},
	}}
	srv := httptest.NewServer(cassette.Handler(c))
	defer srv.Close()
	get := func(method, path string) (int, string) {
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	_, first := get("POST", "/oauth/v2/token")
	assert.Equal(t, `{"api_domain":"`+srv.URL+`"}`, first, "the replay's own address")
	_, second := get("POST", "/oauth/v2/token")
	assert.Equal(t, `{"error":"invalid_code"}`, second, "in recorded order")
	_, third := get("POST", "/oauth/v2/token")
	assert.Equal(t, second, third, "the last answer once used up")
	status, miss := get("GET", "/crm/v8/Leads")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, miss, "not_recorded")
}
