package redact

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

const tok = "1000.90be74d31c1b5313923b413dac9b009d.fea754b862ceb19d31e2617cc54676be"

func TestRedact(t *testing.T) {
	fp := Fingerprint(tok)
	assert.Regexp(t, `^sha256:[0-9a-f]{16}$`, fp)

	v := Values(url.Values{"client_secret": {"0123456789abcdef"}, "refresh_token": {tok}, "client_id": {"1000.ABC"}, "note": {"x " + tok}})
	assert.Equal(t, Mask, v.Get("client_secret"))
	assert.Equal(t, fp, v.Get("refresh_token"))
	assert.Equal(t, "1000.ABC", v.Get("client_id"))
	assert.Equal(t, "x "+fp, v.Get("note"), "tokens are found in any value")

	h := Header(map[string][]string{"Authorization": {"Zoho-oauthtoken " + tok}, "Accept": {"*/*"}})
	assert.Equal(t, "Zoho-oauthtoken "+fp, h["Authorization"])
	assert.Equal(t, "*/*", h["Accept"])
	assert.Equal(t, "Basic "+Mask, Header(map[string][]string{"Authorization": {"Basic dXNlcjpwYXNz"}})["Authorization"], "the scheme stays, the credential goes")

	body := JSON([]byte(`{"access_token":"` + tok + `","client_secret":"s3cret","nested":[{"password":"p"}],"n":1}`))
	assert.NotContains(t, body, tok)
	assert.NotContains(t, body, "s3cret")
	assert.NotContains(t, body, `"p"`)
	assert.Contains(t, body, fp)
	assert.Contains(t, body, `"n":1`)
	assert.NotContains(t, JSON([]byte(`{"client_id":"x","dc_secrets":{"eu":"euSecret"}}`)), "euSecret", "maps of secrets go whole")

	loc := "http://127.0.0.1:8000/callback?code=" + tok + "&location=us&"
	assert.Equal(t, strings.Replace(loc, tok, fp, 1), Tokens(loc))
	assert.Equal(t, "1000.short 1000.", Tokens("1000.short 1000."))
	assert.Equal(t, "code="+url.QueryEscape(fp)+"&x=1", Query("code="+tok+"&x=1"))
	assert.Equal(t, "client_secret="+url.QueryEscape(Mask), Body("application/x-www-form-urlencoded", []byte("client_secret=abc")))
}

func FuzzTokens(f *testing.F) {
	f.Add("a " + tok + " b")
	f.Add("1000.1000.")
	f.Fuzz(func(t *testing.T, s string) {
		out := Tokens(s)
		if strings.Contains(s, tok) {
			assert.NotContains(t, out, tok)
		}
	})
}

// The remembered last query and Authorization header answer as the
// functions do, whatever came before.
func TestLastRedactedAreExact(t *testing.T) {
	tok := "1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24"
	queries := []string{"a=1&b=2", "a=1&b=2", "code=x&a=1", "a=1&b=2", "a=%zz", "a=%zz", "a=1&b=2"}
	want := map[string]string{"a=1&b=2": "a=1&b=2", "code=x&a=1": "a=1&code=%5BREDACTED%5D", "a=%zz": "a=%zz"}
	for _, q := range queries {
		assert.Equal(t, want[q], Query(q), q)
	}
	for _, h := range []string{"Zoho-oauthtoken " + tok, "Zoho-oauthtoken " + tok, "Bearer x", "Zoho-oauthtoken " + tok} {
		assert.Equal(t, value("Authorization", h), HeaderValue("Authorization", []string{h}))
		assert.Equal(t, value("authorization", h), HeaderValue("authorization", []string{h}))
	}
	assert.Equal(t, "Zoho-oauthtoken "+Fingerprint(tok), HeaderValue("Authorization", []string{"Zoho-oauthtoken " + tok}))
	assert.Equal(t, value("Authorization", "a, b"), HeaderValue("Authorization", []string{"a", "b"}))
}

// TestJSONKeepsResultCodes: Zoho CRM's and the control API's "code" is a
// result or error code the journal must keep; a grant code under that key
// is token-shaped and becomes its fingerprint, and a code parameter of a
// form or query is still masked.
func TestJSONKeepsResultCodes(t *testing.T) {
	tok := "1000.90be74d31c1b5313923b413dac9b009d.fea754b862ceb19d31e2617cc54676be"
	for _, doc := range []string{
		`{"code":"OAUTH_SCOPE_MISMATCH","details":{},"message":"invalid oauth scope to access this URL","status":"error"}`,
		`{"data":[{"code":"SUCCESS","details":{"id":"1"},"message":"record added","status":"success"}]}`,
		`{"Code":"INVALID_DATA","z":[1,{"a":"b"}]}`,
	} {
		assert.JSONEq(t, doc, JSON([]byte(doc)), doc)
	}
	assert.JSONEq(t, `{"code":"`+Fingerprint(tok)+`","dc":"us"}`, JSON([]byte(`{"code":"`+tok+`","dc":"us"}`)))
	assert.Equal(t, "code=%5BREDACTED%5D", Query("code=abc"))
}

// TestRecentQueriesAreExact: queries remembered by their hash answer as
// redacting them afresh does, however many take turns (more than the
// slots, so they collide and replace each other).
func TestRecentQueriesAreExact(t *testing.T) {
	tok := "1000.2deaf8d0c268e3c85daa2a013a843b10.703adef2bb337b8ca36cfc5d7b83cf24"
	var forms []string
	for i := range 3 * len(recentQueries) {
		forms = append(forms, "grant_type=refresh_token&client_id=c"+strconv.Itoa(i)+"&client_secret=s&refresh_token="+tok[:len(tok)-2]+strconv.Itoa(10+i%90))
	}
	fresh := func(raw string) string {
		if out, ok := fastQuery(raw); ok {
			return out
		}
		t.Fatalf("%q takes the long way", raw)
		return ""
	}
	for round := range 3 {
		for i := range forms {
			raw := forms[(i*7+round)%len(forms)]
			assert.Equal(t, fresh(raw), Query(raw), raw)
		}
	}
	assert.NotContains(t, Query(forms[0]), "703adef2bb")
}
