package adobeims

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// maxParamsBody bounds a token request body (IMS's limit is UNCONFIRMED).
const maxParamsBody = 64 << 10

// readParams returns the parameters of a token request: "Parameters can
// be sent in the body or as query parameters" (Adobe's S2S API reference),
// so the query string, an urlencoded body and a multipart body (as Adobe's
// own Node clients send it) are merged, query first; the first value of a
// repeated parameter wins and malformed pairs are skipped, so they surface
// as IMS's "missing parameter" errors. A client id and secret in an
// Authorization: Basic header (client_secret_basic, which IMS's discovery
// document lists) fill in what the parameters lack. Any other body, JSON
// included, carries no parameters.
func readParams(r *http.Request) (url.Values, error) {
	body, err := httpx.ReadBody(r, maxParamsBody)
	if errors.Is(err, httpx.ErrTooLarge) {
		return nil, errTooLarge
	}
	// A body that breaks off (err) carries no parameters: body is nil.
	return mergeParams(r.URL.RawQuery, r.Header.Get("Content-Type"), r.Header.Get("Authorization"), body), nil
}

// mergeParams is readParams without the request, for ClientOf, tests and
// fuzzing.
func mergeParams(rawQuery, contentType, authorization string, body []byte) url.Values {
	out := httpx.MergeParams(rawQuery, contentType, body, maxParamsBody)
	if id, secret, ok := parseBasic(authorization); ok {
		if out.Get(ParamClientID) == "" {
			out.Set(ParamClientID, id)
		}
		if out.Get(ParamClientSecret) == "" {
			out.Set(ParamClientSecret, secret)
		}
	}
	return out
}

// parseBasic reads "Basic base64(client_id:client_secret)", each half
// form-urlencoded first (RFC 6749 §2.3.1).
func parseBasic(h string) (id, secret string, ok bool) {
	scheme, cred, found := strings.Cut(h, " ")
	if !found || !strings.EqualFold(scheme, "Basic") {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
	if err != nil {
		return "", "", false
	}
	id, secret, found = strings.Cut(string(raw), ":")
	if !found || id == "" {
		return "", "", false
	}
	return unescape(id), unescape(secret), true
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// splitScopes splits a scope parameter: IMS documents commas; spaces are
// accepted too, as its user-authentication reference allows both. Repeats
// are dropped, order kept.
func splitScopes(s string) []string {
	var out []string
	for _, sc := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out
}
