package httpx

import (
	"bytes"
	"mime"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// mergeParamsRef is MergeParams as first written: url.ParseQuery and
// mime.ParseMediaType, then the maps merged.
func mergeParamsRef(rawQuery, contentType string, body []byte, limit int) url.Values {
	out := url.Values{}
	add := func(v url.Values) {
		for k, vs := range v {
			out[k] = append(out[k], vs...)
		}
	}
	q, _ := url.ParseQuery(rawQuery)
	add(q)
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || len(body) == 0 {
		return out
	}
	switch mediaType {
	case "application/x-www-form-urlencoded":
		f, _ := url.ParseQuery(string(body))
		add(f)
	case "multipart/form-data":
		if params["boundary"] != "" {
			add(multipartValues(body, params["boundary"], limit))
		}
	}
	return out
}

func TestMergeParams(t *testing.T) {
	for _, tt := range []struct {
		name, query, ct, body string
		want                  url.Values
	}{
		{"form", "", formType, "grant_type=refresh_token&client_id=a", url.Values{"grant_type": {"refresh_token"}, "client_id": {"a"}}},
		{"query first", "a=1", "Application/X-WWW-Form-Urlencoded", "a=2&b=%20x+y", url.Values{"a": {"1", "2"}, "b": {" x y"}}},
		{"charset", "", formType + "; charset=utf-8", "a=1", url.Values{"a": {"1"}}},
		{"bad pairs skipped", "x=%zz&y=1;2&z", formType, "a=%4", url.Values{"z": {""}}},
		{"json body carries none", "a=1", "application/json", `{"a":2}`, url.Values{"a": {"1"}}},
		{"bad content type", "a=1", "form/;", "a=2", url.Values{"a": {"1"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := MergeParams(tt.query, tt.ct, []byte(tt.body), 1<<10)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, mergeParamsRef(tt.query, tt.ct, []byte(tt.body), 1<<10), got)
		})
	}
}

func FuzzMergeParams(f *testing.F) {
	f.Add("a=1&b=2", formType, []byte("a=3&c=%41&d=x+y"))
	f.Add("", "APPLICATION/x-www-form-urlencoded", []byte("k;v=1&=&&x=%"))
	f.Add("q=%", "multipart/form-data; boundary=XX", []byte("--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XX--\r\n"))
	f.Add("", " application/x-www-form-urlencoded ", []byte("a=1"))
	f.Add("", "text/plain", []byte("a=1"))
	f.Fuzz(func(t *testing.T, query, ct string, body []byte) {
		want := mergeParamsRef(query, ct, bytes.Clone(body), 64)
		got := MergeParams(query, ct, body, 64)
		params := ParamsOf(query, ct, body, 64)
		for k := range want {
			assert.Equal(t, want.Get(k), params.Get(k), "Params.Get(%q)", k)
		}
		assert.Equal(t, want.Get("absent\x00"), params.Get("absent\x00"))
		if len(want) == 0 {
			assert.Empty(t, got)
			return
		}
		assert.Equal(t, want, got)
	})
}

func TestMergeParamsOverLimit(t *testing.T) {
	many := strings.Repeat("a=1&", 10_000) + "b=2"
	assert.Equal(t, mergeParamsRef(many, formType, []byte(many), 64), MergeParams(many, formType, []byte(many), 64))
	assert.Empty(t, MergeParams(many, formType, []byte(many), 64), "url.ParseQuery's limit")
	some := strings.Repeat("a=1&", 100) + "b=2"
	assert.Equal(t, mergeParamsRef(some, formType, []byte(some), 64), MergeParams(some, formType, []byte(some), 64))
}

// QueryUnescape's shortcut answers as url.QueryUnescape does.
func FuzzQueryUnescape(f *testing.F) {
	for _, s := range []string{"", "1000.abc", "a+b", "a%20b", "%zz", "%", "refresh_token", "x%2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := QueryUnescape(s)
		want, wantErr := url.QueryUnescape(s)
		if got != want || (err == nil) != (wantErr == nil) {
			t.Fatalf("QueryUnescape(%q) = %q, %v; url.QueryUnescape: %q, %v", s, got, err, want, wantErr)
		}
	})
}
