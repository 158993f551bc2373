// Package redact removes secrets from what the journal keeps: Zoho-shaped
// tokens and codes anywhere become a fingerprint (so one token can still be
// followed through the journal), and named secrets become "[REDACTED]".
package redact

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strings"
)

// Mask replaces a named secret.
const Mask = "[REDACTED]"

// secretNames are parameter, header and JSON key names whose values are
// secrets, compared case-insensitively.
var secretNames = map[string]bool{
	"client_secret": true, "clientsecret": true, "password": true, "code_verifier": true,
	"authorization": true, "access_token": true, "accesstoken": true, "refresh_token": true,
	"refreshtoken": true, "code": true, "token": true, "secret": true, "id_token": true,
}

// IsSecret reports whether a parameter, header or key name holds a secret.
func IsSecret(name string) bool { return secretNames[strings.ToLower(name)] }

// Fingerprint names a secret without revealing it: "sha256:" + 16 hex.
func Fingerprint(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// Values redacts url.Values: secrets by name, Zoho tokens anywhere.
func Values(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		red := make([]string, len(vs))
		for i, s := range vs {
			red[i] = value(k, s)
		}
		out[k] = red
	}
	return out
}

// value redacts one named value: a Zoho token keeps its fingerprint so it
// can be followed; any other secret is masked.
func value(name, s string) string {
	if s == "" {
		return s
	}
	if IsSecret(name) {
		if isZohoToken(s) {
			return Fingerprint(s)
		}
		if scheme, tok, ok := strings.Cut(s, " "); ok && strings.EqualFold(name, "authorization") {
			return scheme + " " + value("token", tok)
		}
		return Mask
	}
	return Tokens(s)
}

// Query redacts a raw query string.
func Query(raw string) string {
	if raw == "" {
		return ""
	}
	v, err := url.ParseQuery(raw)
	if err != nil {
		return Tokens(raw)
	}
	return Values(v).Encode()
}

// Header redacts secret headers, returning a flat copy.
func Header(h map[string][]string) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		out[k] = value(k, strings.Join(vs, ", "))
	}
	return out
}

// Body redacts a request or response body of the given content type.
func Body(contentType string, body []byte) string {
	switch {
	case len(body) == 0:
		return ""
	case strings.HasPrefix(contentType, "application/x-www-form-urlencoded"):
		return Query(string(body))
	case strings.Contains(contentType, "json"):
		return JSON(body)
	case strings.HasPrefix(contentType, "multipart/"):
		return "[multipart body omitted]"
	}
	return Tokens(string(body))
}

// JSON redacts a JSON document by key; invalid JSON is scanned for tokens.
func JSON(body []byte) string {
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

func walk(key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = walk(k, e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = walk(key, e)
		}
		return x
	case string:
		return value(key, x)
	}
	return v
}

// Tokens replaces every Zoho-shaped token ("1000." 32 hex "." 32 hex) in s
// by its fingerprint.
func Tokens(s string) string {
	i := strings.Index(s, "1000.")
	if i < 0 {
		return s
	}
	var b strings.Builder
	for i >= 0 {
		if i+70 <= len(s) && isZohoToken(s[i:i+70]) {
			b.WriteString(s[:i])
			b.WriteString(Fingerprint(s[i : i+70]))
			s = s[i+70:]
		} else {
			b.WriteString(s[:i+5])
			s = s[i+5:]
		}
		i = strings.Index(s, "1000.")
	}
	b.WriteString(s)
	return b.String()
}

func isZohoToken(s string) bool {
	if len(s) != 70 || s[:5] != "1000." || s[37] != '.' {
		return false
	}
	for i := 5; i < 70; i++ {
		if i == 37 {
			continue
		}
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
