package emulator

import (
	"bytes"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// maxQuickParams bounds the query strings and bodies clientOf reads itself.
const maxQuickParams = 4 << 10

// clientOf is zohoaccounts.ClientOf, the client_id of a Zoho Accounts
// request (the query string first, then an urlencoded body), without
// building the merged parameter map for the common requests. Multipart
// and other bodies, and long inputs, go to zohoaccounts.ClientOf.
func clientOf(rawQuery, contentType string, body []byte) string {
	quick := len(rawQuery) <= maxQuickParams && len(body) <= maxQuickParams &&
		(len(body) == 0 || contentType == "application/x-www-form-urlencoded")
	if !quick {
		return zohoaccounts.ClientOf(rawQuery, contentType, body)
	}
	if v, ok := formValue(rawQuery, "client_id"); ok {
		return v
	}
	if v, ok := formBodyValue(body, "client_id"); ok {
		return v
	}
	return ""
}

// formValue returns the first value of key in an urlencoded form, skipping
// the pairs url.ParseQuery would skip.
func formValue(form, key string) (string, bool) {
	for form != "" {
		var kv string
		kv, form, _ = strings.Cut(form, "&")
		if v, ok := pairValue(kv, key); ok {
			return v, true
		}
	}
	return "", false
}

// formBodyValue is formValue of string(form), copying only the pair that
// may be key's.
func formBodyValue(form []byte, key string) (string, bool) {
	for len(form) > 0 {
		var kv []byte
		kv, form, _ = bytes.Cut(form, []byte("&"))
		k, _, _ := bytes.Cut(kv, []byte("="))
		if string(k) != key && bytes.IndexAny(k, "%+") < 0 {
			continue // not key, escaped or not
		}
		if v, ok := pairValue(string(kv), key); ok {
			return v, true
		}
	}
	return "", false
}

// pairValue is the value of an urlencoded pair when its key is key.
func pairValue(kv, key string) (string, bool) {
	if kv == "" || strings.IndexByte(kv, ';') >= 0 {
		return "", false
	}
	k, v, _ := strings.Cut(kv, "=")
	if k, err := httpx.QueryUnescape(k); err != nil || k != key {
		return "", false
	}
	v, err := httpx.QueryUnescape(v)
	return v, err == nil
}

// tokenHolder names the client and org of the Zoho access token in an
// Authorization header ("Zoho-oauthtoken" or "Bearer"), live or expired.
func (e *Emulator) tokenHolder(authorization string) (client, org string) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(authorization), " ")
	if !strings.EqualFold(scheme, "Zoho-oauthtoken") && !strings.EqualFold(scheme, "Bearer") {
		return "", ""
	}
	client, org, _ = e.accounts.Holder(strings.TrimSpace(token))
	return client, org
}
