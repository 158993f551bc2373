package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

// The journal's redaction marks (emulator/internal/redact): a token's
// fingerprint and a masked secret.
var (
	fingerprint = regexp.MustCompile(`sha256(?::|%3A)([0-9a-f]{16})`)
	masked      = []string{"[REDACTED]", "%5BREDACTED%5D"}
)

// Request rebuilds a journal entry's request against base, its secrets
// put back from the bundle's state: each fingerprint becomes the token in
// the state that has it, and a masked client_secret the secret of the
// client_id beside it. A secret the state no longer holds (a revoked
// token) stays a fingerprint, which the emulator refuses as the unknown
// token it now is.
func (b *Bundle) Request(ctx context.Context, e journal.Entry, base string) (*http.Request, error) {
	tokens, secrets := b.secrets()
	resolve := func(s string) string {
		return fingerprint.ReplaceAllStringFunc(s, func(m string) string {
			tok, ok := tokens[fingerprint.FindStringSubmatch(m)[1]]
			if !ok {
				return m
			}
			if strings.Contains(m, "%3A") {
				return url.QueryEscape(tok)
			}
			return tok
		})
	}
	query := unmask(resolve(e.Query), secrets)
	body := resolve(e.Body)
	if strings.Contains(headerValue(e.Header, "Content-Type"), "x-www-form-urlencoded") {
		body = unmask(body, secrets)
	}
	target := strings.TrimRight(base, "/") + e.Path
	if query != "" {
		target += "?" + query
	}
	req, err := http.NewRequestWithContext(ctx, e.Method, target, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	for name, v := range e.Header {
		if strings.EqualFold(name, "Host") || strings.EqualFold(name, "Content-Length") {
			continue
		}
		req.Header.Set(name, resolve(v))
	}
	return req, nil
}

// unmask puts a client's secret back in a form or query whose
// client_secret was masked.
func unmask(form string, secrets map[string]string) string {
	hasMask := false
	for _, m := range masked {
		hasMask = hasMask || strings.Contains(form, m)
	}
	if !hasMask {
		return form
	}
	vals, err := url.ParseQuery(form)
	if err != nil {
		return form
	}
	if s, ok := secrets[vals.Get("client_id")]; ok && vals.Get("client_secret") == masked[0] {
		vals.Set("client_secret", s)
	}
	return vals.Encode()
}

// secrets indexes the state's strings by fingerprint, and its client
// secrets by client id (Zoho clients and IMS credentials alike).
func (b *Bundle) secrets() (tokens, clients map[string]string) {
	tokens, clients = map[string]string{}, map[string]string{}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(b.State))
	dec.UseNumber()
	if dec.Decode(&doc) != nil {
		return
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			id, _ := x["client_id"].(string)
			if secret, ok := x["client_secret"].(string); ok && id != "" {
				clients[id] = secret
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		case string:
			if len(x) >= 16 {
				sum := sha256.Sum256([]byte(x))
				tokens[hex.EncodeToString(sum[:8])] = x
			}
		}
	}
	walk(doc)
	return tokens, clients
}

func headerValue(h map[string]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}
