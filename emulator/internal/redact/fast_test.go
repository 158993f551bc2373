package redact

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The fast paths of Query and JSON must write exactly what the long ways
// (parse into maps, redact, re-encode) write; these are the long ways.

func queryRef(raw string) string {
	if raw == "" {
		return ""
	}
	v, err := url.ParseQuery(raw)
	if err != nil {
		return Tokens(raw)
	}
	return Values(v).Encode()
}

func jsonRef(body []byte) string {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&doc) != nil {
		return Tokens(string(body))
	}
	out, err := json.Marshal(walk("", doc))
	if err != nil {
		return Mask
	}
	return string(out)
}

var fastSeeds = []string{
	"",
	"grant_type=refresh_token&client_id=1000.ABC&client_secret=0123456789abcdef&refresh_token=" + tok,
	"b=2&a=1&b=1&a=0",
	"a+b=1&a%21b=2&a b=3",
	"x=%zz&code=" + tok,
	"a=1;b=2",
	"&&=&a=&=b",
	"code=" + url.QueryEscape(tok) + "&password=p%20w",
	`{"access_token":"` + tok + `","scope":"ZohoCRM.modules.ALL","api_domain":"http://127.0.0.1:9595","token_type":"Bearer","expires_in":3600}`,
	`{"error":"invalid_code"}`,
	` { "b" : 1 , "a" : -0.5e+3, "c": true, "d": null, "e": false } trailing`,
	`{"a":1,"a":2}`,
	`{"a":"x<y"}`,
	`{"a":"\u0041"}`,
	`{"a":01}`,
	`{"a":1.}`,
	`{"a":{"b":"c"}}`,
	`{}`,
	`{"password":3,"secret":"` + tok + `"}`,
	`{"note":"see ` + tok + ` here"}`,
	`[1,2]`,
	`"` + tok + `"`,
	`{"a":1`,
	`{"a" 1}`,
	`{"a":truex}`,
}

func TestFastPathsMatchTheLongWays(t *testing.T) {
	for _, s := range fastSeeds {
		if got, want := Query(s), queryRef(s); got != want {
			t.Errorf("Query(%q) = %q, want %q", s, got, want)
		}
		if got, want := JSON([]byte(s)), jsonRef([]byte(s)); got != want {
			t.Errorf("JSON(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzQueryFastPath(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Query(s), queryRef(s); got != want {
			t.Fatalf("Query(%q) = %q, want %q", s, got, want)
		}
	})
}

func FuzzJSONFastPath(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := JSON(b), jsonRef(b); got != want {
			t.Fatalf("JSON(%q) = %q, want %q", b, got, want)
		}
	})
}

func FuzzQueryEscape(f *testing.F) {
	for _, s := range []string{"", "a b", "sha256:0123456789abcdef", "1000.x", "é~-_.!*'()", "\x00\xff%+&="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		writeQueryEscaped(&b, s)
		if b.String() != url.QueryEscape(s) {
			t.Fatalf("%q: %q, url.QueryEscape %q", s, b.String(), url.QueryEscape(s))
		}
	})
}

func TestFingerprint(t *testing.T) {
	sum := sha256.Sum256([]byte("1000.secret"))
	assert.Equal(t, "sha256:"+hex.EncodeToString(sum[:8]), Fingerprint("1000.secret"))
	assert.Equal(t, testing.AllocsPerRun(10, func() { _ = Fingerprint("1000.secret") }), 1.0)
}

// A form body redacted recently is found by its bytes, without a copy.
func TestFormBodyRemembered(t *testing.T) {
	form := []byte("grant_type=refresh_token&client_id=1000.ABC&client_secret=s3cr3t&refresh_token=1000.aa.bb")
	first := Body("application/x-www-form-urlencoded", form)
	assert.Equal(t, Query(string(form)), first)
	assert.NotContains(t, first, "s3cr3t")
	var again string
	allocs := testing.AllocsPerRun(100, func() { again = Body("application/x-www-form-urlencoded", form) })
	assert.Equal(t, first, again)
	assert.Zero(t, allocs, "a remembered form is not copied")
}
