package zohoaccounts

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMergeParams checks the parameter merge directly: query first, first
// value first, malformed pairs skipped (reference §3).
func TestMergeParams(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	mp := "multipart/form-data; boundary=B"
	part := func(name, value string) string {
		return "--B\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n"
	}
	tests := []struct {
		name        string
		query, ct   string
		body        string
		want        url.Values
		wantFirst   map[string]string // key -> first value, when want is nil
		wantMissing []string
	}{
		{name: "empty", want: url.Values{}},
		{name: "query only", query: "a=1&b=2", want: url.Values{"a": {"1"}, "b": {"2"}}},
		{name: "form only", ct: form, body: "a=1&b=%20x", want: url.Values{"a": {"1"}, "b": {" x"}}},
		{name: "query before form", query: "a=q", ct: form, body: "a=f&b=2", want: url.Values{"a": {"q", "f"}, "b": {"2"}}},
		{name: "form with charset", ct: form + "; charset=utf-8", body: "a=1", want: url.Values{"a": {"1"}}},
		{name: "media type in capitals", ct: "Application/X-WWW-Form-Urlencoded", body: "a=1", want: url.Values{"a": {"1"}}},
		{name: "malformed pairs skipped", query: "a=%zz&b=1", ct: form, body: "c=%&d=2;e=3&f=4", want: url.Values{"b": {"1"}, "f": {"4"}}},
		{name: "bad content type", ct: "form;;;", body: "a=1", want: url.Values{}},
		{name: "other media type", ct: "text/plain", body: "a=1", want: url.Values{}},
		{name: "empty body", ct: form, want: url.Values{}},
		{name: "multipart", ct: mp, body: part("a", "1") + part("b", "x y") + "--B--\r\n", want: url.Values{"a": {"1"}, "b": {"x y"}}},
		{name: "multipart after query", query: "a=q", ct: mp, body: part("a", "1") + "--B--\r\n", want: url.Values{"a": {"q", "1"}}},
		{name: "multipart without boundary", ct: "multipart/form-data", body: part("a", "1") + "--B--\r\n", want: url.Values{}},
		{name: "multipart with a file part", ct: mp, body: part("a", "1") +
			"--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n\r\ndata\r\n" + part("b", "2") + "--B--\r\n",
			want: url.Values{"a": {"1"}, "b": {"2"}}},
		{name: "multipart truncated keeps the parts before", ct: mp, body: part("a", "1") + "--B\r\nContent-Disp",
			want: url.Values{"a": {"1"}}},
		{name: "multipart garbage", ct: mp, body: "not multipart at all", want: url.Values{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mergeParams(tt.query, tt.ct, []byte(tt.body))
			assert.Equal(t, tt.want, got)
		})
	}
}

// FuzzMergeParams: mergeParams never panics, and an urlencoded body of one
// pair yields that pair.
func FuzzMergeParams(f *testing.F) {
	f.Add("grant_type=authorization_code", "application/x-www-form-urlencoded", []byte("code=1000.a.b"), "code", "1000.a.b")
	f.Add("", "multipart/form-data; boundary=xyz", []byte("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz--\r\n"), "a", "1")
	f.Add("a=%zz;b", "multipart/form-data; boundary=\"", []byte("--\r\n"), "k", "")
	f.Add("&&=&", "application/x-www-form-urlencoded; charset=\"", []byte("%"), "", "v")
	f.Add("x", "text/plain", []byte{0xff, 0xfe}, "é ;&=", "a b&c=d")
	f.Fuzz(func(t *testing.T, query, contentType string, body []byte, key, value string) {
		_ = mergeParams(query, contentType, body)

		enc := url.Values{key: {value}}.Encode()
		got := mergeParams("", "application/x-www-form-urlencoded", []byte(enc))
		if vs := got[key]; len(vs) != 1 || vs[0] != value {
			t.Fatalf("body %q: got %q, want %q=%q", enc, got, key, value)
		}
		// The query string wins over the body.
		got = mergeParams(enc, "application/x-www-form-urlencoded", []byte(url.Values{key: {"from-body"}}.Encode()))
		if got.Get(key) != value {
			t.Fatalf("query %q: first value %q, want %q", enc, got.Get(key), value)
		}
	})
}

// TestRedirectTo checks the appended parameters: state first, a trailing
// "&", an existing query kept, a fragment last (reference §2).
func TestRedirectTo(t *testing.T) {
	params := [][2]string{{"state", "a b"}, {"code", "1000.x"}, {"accounts-server", "http://127.0.0.1:9595/dc/eu"}}
	const tail = "state=a+b&code=1000.x&accounts-server=http%3A%2F%2F127.0.0.1%3A9595%2Fdc%2Feu&"
	tests := []struct {
		uri, want string
	}{
		{"https://a.example/cb", "https://a.example/cb?" + tail},
		{"https://a.example/cb?", "https://a.example/cb?" + tail},
		{"https://a.example/cb?x=1", "https://a.example/cb?x=1&" + tail},
		{"https://a.example/cb?x=1&", "https://a.example/cb?x=1&" + tail},
		{"https://a.example/cb#frag", "https://a.example/cb?" + tail + "#frag"},
		{"https://a.example/cb?x=1#f?g=h", "https://a.example/cb?x=1&" + tail + "#f?g=h"},
		{"https://a.example/cb?x?", "https://a.example/cb?x?&" + tail},
		{"com.acme.app:/cb", "com.acme.app:/cb?" + tail},
	}
	for _, tt := range tests {
		t.Run(tt.uri, func(t *testing.T) {
			assert.Equal(t, tt.want, redirectTo(tt.uri, params))
		})
	}
	assert.Equal(t, "https://a.example/cb?", redirectTo("https://a.example/cb", nil))
}

// FuzzRedirectTo: redirectTo never panics, keeps the URI before any '#',
// and every appended value comes back from the query.
func FuzzRedirectTo(f *testing.F) {
	f.Add("https://app.example/callback", "st", "1000.abc.def", "http://127.0.0.1:9595")
	f.Add("https://app.example/cb?tenant=7", "a b&c=d", "", "http://127.0.0.1:9595/dc/eu")
	f.Add("https://app.example/cb#frag?x", "#", "%zz", "?&=")
	f.Add("https://app.example/cb?x=%zz;y&", "é", "\x00\xff", "+")
	f.Add("", "", "", "")
	f.Add("?", "&", "=", "#")
	f.Add("??", "0", "0", "0")                        // found by fuzzing: a "?" ending a query is data
	f.Add("https://app.example/cb?x?", "s", "c", "a") // likewise

	f.Fuzz(func(t *testing.T, uri, state, code, server string) {
		params := [][2]string{{"state", state}, {"code", code}, {"location", "eu"}, {"accounts-server", server}}
		got := redirectTo(uri, params)
		before, _, _ := strings.Cut(uri, "#")
		if !strings.HasPrefix(got, before) {
			t.Fatalf("%q does not start with %q", got, before)
		}
		rest, _, _ := strings.Cut(got[len(before):], "#")
		query := rest
		if !strings.Contains(before, "?") {
			if !strings.HasPrefix(rest, "?") {
				t.Fatalf("%q: no '?' before the parameters", got)
			}
			query = rest[1:]
		} else {
			_, q, _ := strings.Cut(before, "?")
			query = q + rest
		}
		if !strings.HasSuffix(rest, "&") {
			t.Fatalf("%q: no trailing '&'", got)
		}
		values, _ := url.ParseQuery(query) // the URI's own pairs may be malformed
		for _, p := range params {
			vs := values[p[0]]
			if len(vs) == 0 || vs[len(vs)-1] != p[1] {
				t.Fatalf("%q: %s = %q, want last value %q", got, p[0], vs, p[1])
			}
		}
	})
}
