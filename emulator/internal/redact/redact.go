// Package redact removes secrets from what the journal keeps: Zoho-shaped
// tokens and codes anywhere become a fingerprint (so one token can still be
// followed through the journal), and named secrets become "[REDACTED]".
package redact

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash/maphash"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
)

// Mask replaces a named secret.
const Mask = "[REDACTED]"

// IsSecret reports whether a parameter, header or key name holds a secret:
// client_secret, clientsecret, password, code_verifier, authorization,
// access_token, accesstoken, refresh_token, refreshtoken, code, token,
// secret, id_token or dc_secrets, compared case-insensitively.
func IsSecret(name string) bool {
	if len(name) > len("refresh_token") {
		return false // longer than every secret name
	}
	var buf [len("refresh_token")]byte
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(name)]) {
	case "client_secret", "clientsecret", "password", "code_verifier", "authorization", "access_token",
		"accesstoken", "refresh_token", "refreshtoken", "code", "token", "secret", "id_token", "dc_secrets":
		return true
	}
	return false
}

// Fingerprint names a secret without revealing it: "sha256:" + 16 hex.
func Fingerprint(secret string) string {
	var buf [256]byte // a token's bytes on the stack: []byte(secret) is only for 32 or fewer
	sum := sha256.Sum256(append(buf[:0], secret...))
	var b [len("sha256:") + 16]byte
	copy(b[:], "sha256:")
	hex.Encode(b[len("sha256:"):], sum[:8])
	return string(b[:])
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

// Query redacts a raw query string: the result is Values(url.ParseQuery(raw))
// encoded (keys sorted), or Tokens(raw) when raw does not parse.
func Query(raw string) string {
	if raw == "" {
		return ""
	}
	slot := &recentQueries[maphash.String(recentSeed, raw)%uint64(len(recentQueries))]
	if last := slot.Load(); last != nil && last.in == raw {
		return last.out // a client polling the same page, refreshing the same token
	}
	if out, ok := fastQuery(raw); ok {
		slot.Store(&redacted{raw, out})
		return out
	}
	v, err := url.ParseQuery(raw)
	if err != nil {
		return Tokens(raw)
	}
	return Values(v).Encode()
}

// formBody is Query(string(body)) without the copy when the same form
// was redacted recently (a connector refreshing with the same token).
func formBody(body []byte) string {
	slot := &recentQueries[maphash.Bytes(recentSeed, body)%uint64(len(recentQueries))]
	if last := slot.Load(); last != nil && last.in == string(body) {
		return last.out
	}
	return Query(string(body))
}

// maxFastPairs bounds the pairs fastQuery keeps on its stack.
const maxFastPairs = 32

// fastQuery is Query without the url.Values map: the pairs of a query
// that parses, redacted, sorted stably by key (url.Values.Encode's order:
// keys sorted, each key's values in turn). ok is false when raw is not
// plainly parseable; Query then takes the long way.
func fastQuery(raw string) (string, bool) {
	var arr [maxFastPairs][2]string
	pairs := arr[:0]
	for q := raw; q != ""; {
		var kv string
		kv, q, _ = strings.Cut(q, "&")
		if kv == "" {
			continue
		}
		if len(pairs) == maxFastPairs || strings.IndexByte(kv, ';') >= 0 {
			return "", false
		}
		k, v, _ := strings.Cut(kv, "=")
		k, err := url.QueryUnescape(k)
		if err != nil {
			return "", false
		}
		if v, err = url.QueryUnescape(v); err != nil {
			return "", false
		}
		pairs = append(pairs, [2]string{k, value(k, v)})
	}
	if len(pairs) == 0 {
		return "", true
	}
	slices.SortStableFunc(pairs, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	var b strings.Builder
	b.Grow(len(raw) + 16*len(pairs))
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		writeQueryEscaped(&b, p[0])
		b.WriteByte('=')
		writeQueryEscaped(&b, p[1])
	}
	return b.String(), true
}

// writeQueryEscaped writes url.QueryEscape(s) without allocating: letters,
// digits and -_.~ as they are, a space as '+', any other byte %XX.
func writeQueryEscaped(b *strings.Builder, s string) {
	const upperHex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9',
			c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		}
	}
}

// Header redacts secret headers, returning a flat copy.
func Header(h map[string][]string) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		out[k] = HeaderValue(k, vs)
	}
	return out
}

// HeaderValue is one header of Header: its values joined, redacted.
func HeaderValue(name string, values []string) string {
	if len(values) == 1 && strings.EqualFold(name, "authorization") {
		// Fingerprinting costs a SHA-256: the same caller's header again
		// is the same text.
		if last := lastAuthorization.Load(); last != nil && last.in == values[0] {
			return last.out
		}
		out := value(name, values[0])
		lastAuthorization.Store(&redacted{values[0], out})
		return out
	}
	return value(name, strings.Join(values, ", "))
}

// redacted is one input and its redacted form.
type redacted struct{ in, out string }

// The last Authorization header redacted, and recent queries (and form
// bodies) by a hash of their text: both are pure functions of their input,
// and repeat from request to request. A connector refreshes the same
// refresh token with the same form each time; a few connectors at once
// take a slot each. They are held in memory only, as the requests were.
var (
	lastAuthorization atomic.Pointer[redacted]
	recentQueries     [64]atomic.Pointer[redacted]
	recentSeed        = maphash.MakeSeed()
)

// Body redacts a request or response body of the given content type.
func Body(contentType string, body []byte) string {
	switch {
	case len(body) == 0:
		return ""
	case strings.HasPrefix(contentType, "application/x-www-form-urlencoded"):
		return formBody(body)
	case JSONType(contentType):
		return JSON(body)
	case strings.HasPrefix(contentType, "multipart/"):
		return "[multipart body omitted]"
	}
	return Tokens(string(body))
}

// JSONType says whether Body redacts a body of contentType as JSON.
func JSONType(contentType string) bool {
	return !strings.HasPrefix(contentType, "application/x-www-form-urlencoded") && strings.Contains(contentType, "json")
}

// BodyPrefix is Body's answer when only its first n bytes are kept: its
// first n+1 bytes (all of it when shorter) and its whole length. For a
// large JSON document it writes little more than those bytes (treePrefix),
// which is what the journal, keeping 16 KiB of a 59 KB page, needs.
func BodyPrefix(contentType string, body []byte, n int) (prefix string, length int) {
	if len(body) > n && !strings.HasPrefix(contentType, "application/x-www-form-urlencoded") &&
		strings.Contains(contentType, "json") {
		if out, ok := flatJSON(body); ok {
			return out[:min(len(out), n+1)], len(out)
		}
		if out, total, ok := treePrefix(body, n); ok {
			return out, total
		}
	}
	s := Body(contentType, body)
	return s[:min(len(s), n+1)], len(s)
}

// JSON redacts a JSON document by key; invalid JSON is scanned for tokens.
// The result is the document as encoding/json writes it back (keys sorted,
// no spaces), only what comes after the first value is dropped.
func JSON(body []byte) string {
	if out, ok := flatJSON(body); ok {
		return out
	}
	if out, ok := treeJSON(body); ok {
		return out
	}
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
		if IsSecret(key) {
			return Mask // a map of secrets, such as per-DC client secrets
		}
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
		return jsonValue(key, x)
	}
	return v
}

// jsonValue redacts a JSON string member. A "code" in JSON is Zoho CRM's
// and the control API's result or error code ("INVALID_TOKEN"), which the
// journal must keep; a grant code there has a token's shape and still
// becomes its fingerprint.
func jsonValue(key, s string) string {
	if len(key) == len("code") && strings.EqualFold(key, "code") {
		return Tokens(s)
	}
	return value(key, s)
}

// Tokens replaces every Zoho-shaped token ("1000." 32 hex "." 32 hex) in s
// by its fingerprint.
func Tokens(s string) string {
	if len(s) < 70 {
		return s // shorter than a token
	}
	i := strings.Index(s, "1000.")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
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

// maxFlatMembers bounds the members flatJSON keeps on its stack.
const maxFlatMembers = 16

// Member is a member of a flat JSON object, as written: a string's
// Value without its quotes (Quoted), or a literal (number, true, false,
// null).
type Member struct {
	Key, Value string
	Quoted     bool
}

// flatJSON is JSON without decoding into maps, for the common answer: one
// object of at most maxFlatMembers members whose keys and strings are
// printable ASCII without escapes or HTML characters, and whose values are
// strings, numbers, true, false or null. It writes exactly what JSON's
// decode, walk and re-encode would; ok is false for any other document,
// which then takes the long way.
func flatJSON(body []byte) (string, bool) {
	var arr [maxFlatMembers]Member
	members := arr[:0]
	doc := string(body) // one copy; keys and values are views of it
	i := skipSpace(doc, 0)
	if i == len(doc) || doc[i] != '{' {
		return "", false
	}
	i = skipSpace(doc, i+1)
	if i < len(doc) && doc[i] == '}' {
		return "{}", true
	}
	for {
		if len(members) == maxFlatMembers {
			return "", false
		}
		key, j, ok := plainString(doc, i)
		if !ok {
			return "", false
		}
		if i = skipSpace(doc, j); i == len(doc) || doc[i] != ':' {
			return "", false
		}
		i = skipSpace(doc, i+1)
		m := Member{Key: key}
		switch {
		case i == len(doc):
			return "", false
		case doc[i] == '"':
			s, j, ok := plainString(doc, i)
			if !ok {
				return "", false
			}
			m.Value, m.Quoted, i = s, true, j
		default:
			j := literalEnd(doc, i)
			if j == i {
				return "", false
			}
			m.Value, i = doc[i:j], j
		}
		members = append(members, m)
		if i = skipSpace(doc, i); i == len(doc) {
			return "", false
		}
		if doc[i] == '}' {
			break
		}
		if doc[i] != ',' {
			return "", false
		}
		i = skipSpace(doc, i+1)
	}
	return writeObject(members)
}

// Object is JSON's answer for the flat object whose members are given, in
// the order written, without writing the object and reading it back: a
// service that answers a fixed shape (a token) hands the journal its
// members. It is the code flatJSON runs once it has read a document, so
// the two agree by construction; ok is false for anything flatJSON would
// not take (over maxFlatMembers members, a key or string that is not
// plain printable ASCII, a literal that is not one), which the caller
// then redacts the long way. members is sorted in place.
func Object(members []Member) (string, bool) {
	if len(members) == 0 || len(members) > maxFlatMembers {
		return "", false
	}
	for _, m := range members {
		if !plain(m.Key) || m.Quoted && !plain(m.Value) || !m.Quoted && (m.Value == "" || literalEnd(m.Value, 0) != len(m.Value)) {
			return "", false
		}
	}
	return writeObject(members)
}

// plain says whether s may stand between quotes as it is (plainString).
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// writeObject redacts the members' strings by key and writes them as
// encoding/json writes a map: sorted by key, no spaces.
func writeObject(members []Member) (string, bool) {
	size := 2
	for i := range members {
		if m := &members[i]; m.Quoted {
			m.Value = jsonValue(m.Key, m.Value)
		}
		size += len(members[i].Key) + len(members[i].Value) + 6
	}
	slices.SortFunc(members, func(a, b Member) int { return strings.Compare(a.Key, b.Key) })
	var b strings.Builder
	b.Grow(size)
	b.WriteByte('{')
	for n, m := range members {
		if n > 0 {
			if m.Key == members[n-1].Key {
				return "", false // a repeated key: the last one wins, in order
			}
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(m.Key)
		b.WriteString(`":`)
		if m.Quoted {
			b.WriteByte('"')
			b.WriteString(m.Value)
			b.WriteByte('"')
		} else {
			b.WriteString(m.Value)
		}
	}
	b.WriteByte('}')
	return b.String(), true
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// plainString reads the string starting at s[i] when it needs no decoding
// and no escaping on the way out: printable ASCII without '\\', '<', '>'
// or '&'. end is just past the closing quote.
func plainString(s string, i int) (str string, end int, ok bool) {
	if i >= len(s) || s[i] != '"' {
		return "", i, false
	}
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			return s[i+1 : j], j + 1, true
		case c < 0x20 || c > 0x7e || c == '\\' || c == '<' || c == '>' || c == '&':
			return "", i, false
		}
	}
	return "", i, false
}

// literalEnd returns the end of the true, false, null or JSON number at
// s[i], or i when there is none.
func literalEnd(s string, i int) int {
	for _, lit := range []string{"true", "false", "null"} {
		if strings.HasPrefix(s[i:], lit) {
			return i + len(lit)
		}
	}
	j := i
	if j < len(s) && s[j] == '-' {
		j++
	}
	switch {
	case j < len(s) && s[j] == '0':
		j++
	case j < len(s) && s[j] >= '1' && s[j] <= '9':
		j = digits(s, j)
	default:
		return i
	}
	if j < len(s) && s[j] == '.' {
		if k := digits(s, j+1); k > j+1 {
			j = k
		} else {
			return i
		}
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if e := digits(s, k); e > k {
			j = e
		} else {
			return i
		}
	}
	return j
}

func digits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
