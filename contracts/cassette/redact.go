package cassette

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// Redactor replaces secrets, tokens and personal data in interactions with
// pseudonyms of the same shape (a Zoho token stays a Zoho-shaped token, an
// e-mail address an address), so that replayed answers still keep the
// contracts; one value gets one pseudonym throughout a cassette.
type Redactor struct {
	byValue map[string]int // original value -> index in list
	list    []Placeholder
	values  []string // pseudonyms, by index
	counts  map[string]int
	seq     int
}

// NewRedactor returns a redactor with nothing seen yet.
func NewRedactor() *Redactor {
	return &Redactor{byValue: map[string]int{}, counts: map[string]int{}}
}

// secretKinds maps parameter, header and JSON key names (lower case) to
// the kind of secret they hold.
var secretKinds = map[string]string{
	"client_secret": "client_secret", "clientsecret": "client_secret", "password": "password",
	"code_verifier": "code_verifier", "access_token": "access_token", "accesstoken": "access_token",
	"refresh_token": "refresh_token", "refreshtoken": "refresh_token", "code": "code", "token": "token",
	"secret": "secret", "id_token": "id_token", "client_assertion": "assertion", "assertion": "assertion",
	"dc_secrets": "secret",
}

// personalKeys name the JSON keys and parameters that hold personal data
// (compared in lower case): CRM record fields and user profiles.
var personalKeys = map[string]bool{
	"email": true, "secondary_email": true, "phone": true, "mobile": true, "home_phone": true,
	"other_phone": true, "fax": true, "first_name": true, "last_name": true, "full_name": true,
	"street": true, "mailing_street": true, "zip_code": true, "mailing_zip": true, "skype_id": true,
	"twitter": true, "date_of_birth": true, "display_name": true, "user_name": true,
}

var (
	zohoToken = regexp.MustCompile(`1000\.[0-9a-f]{32}\.[0-9a-f]{32}`)
	jwtToken  = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`)
	email     = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
)

// Redact numbers x and redacts it in place: first every secret and
// personal value is found (by name in headers, parameters and JSON, by
// shape anywhere), then replaced everywhere in the interaction.
func (r *Redactor) Redact(x *Interaction) {
	r.seq++
	x.Seq = r.seq
	r.harvestRequest(&x.Request)
	r.harvestResponse(&x.Response)
	x.Request.Query = r.replace(x.Request.Query)
	x.Request.Path = r.replace(x.Request.Path)
	replaceHeader(r, x.Request.Header)
	replaceHeader(r, x.Response.Header)
	if x.Request.Encoding == "" {
		x.Request.Text = r.replace(x.Request.Text)
	}
	if x.Response.Encoding == "" {
		x.Response.Text = r.replace(x.Response.Text)
	}
}

// Text puts the pseudonyms of the values already known into s, without
// learning new ones (for text that quotes a request, such as a violation).
func (r *Redactor) Text(s string) string { return r.replace(s) }

// Placeholders lists the values redacted so far, in order of first sight.
func (r *Redactor) Placeholders() []Placeholder { return append([]Placeholder(nil), r.list...) }

func (r *Redactor) harvestRequest(q *Request) {
	side := "request"
	if vals, err := url.ParseQuery(q.Query); err == nil {
		r.harvestValues(vals, side)
	}
	r.harvestHeader(q.Header, side)
	if q.Encoding == "" {
		r.harvestBody(q.Header.Get("Content-Type"), q.Text, side)
	}
}

func (r *Redactor) harvestResponse(p *Response) {
	side := "response"
	r.harvestHeader(p.Header, side)
	if loc := p.Header.Get("Location"); loc != "" {
		if u, err := url.Parse(loc); err == nil {
			r.harvestValues(u.Query(), side)
		}
	}
	if p.Encoding == "" {
		r.harvestBody(p.Header.Get("Content-Type"), p.Text, side)
	}
}

func (r *Redactor) harvestHeader(h map[string][]string, side string) {
	for name, vs := range h {
		lower := strings.ToLower(name)
		for _, v := range vs {
			switch {
			case lower == "authorization":
				scheme, cred, ok := strings.Cut(v, " ")
				switch {
				case !ok:
					r.see(v, "authorization", side)
				case strings.EqualFold(scheme, "basic"):
					r.see(cred, "basic_credentials", side)
				default:
					r.see(cred, "access_token", side)
				}
			case lower == "cookie" || lower == "set-cookie":
				r.see(v, "cookie", side)
			case secretKinds[lower] != "":
				r.see(v, secretKinds[lower], side)
			}
			r.harvestShapes(v, side)
		}
	}
}

func (r *Redactor) harvestValues(vals url.Values, side string) {
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range vals[k] {
			r.named(k, v, side)
			r.harvestShapes(v, side)
		}
	}
}

func (r *Redactor) harvestBody(contentType, text, side string) {
	if text == "" {
		return
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case strings.Contains(mt, "json") || strings.HasPrefix(strings.TrimSpace(text), "{") || strings.HasPrefix(strings.TrimSpace(text), "["):
		var doc any
		if json.Unmarshal([]byte(text), &doc) == nil {
			r.walk("", doc, side)
		}
	case mt == "application/x-www-form-urlencoded":
		if vals, err := url.ParseQuery(text); err == nil {
			r.harvestValues(vals, side)
		}
	}
	r.harvestShapes(text, side)
}

func (r *Redactor) walk(key string, v any, side string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			r.walk(k, x[k], side)
		}
	case []any:
		for _, e := range x {
			r.walk(key, e, side)
		}
	case string:
		if !strings.EqualFold(key, "code") { // in JSON, Zoho's error and result codes; grant codes have a token's shape
			r.named(key, x, side)
		}
	}
}

// named sees a value under a name that may mark it secret or personal.
func (r *Redactor) named(name, v string, side string) {
	lower := strings.ToLower(name)
	switch {
	case secretKinds[lower] != "":
		r.see(v, secretKinds[lower], side)
	case personalKeys[lower]:
		r.see(v, "pii", side)
	}
}

func (r *Redactor) harvestShapes(s, side string) {
	for _, m := range zohoToken.FindAllString(s, -1) {
		r.see(m, "token", side)
	}
	for _, m := range jwtToken.FindAllString(s, -1) {
		r.see(m, "jwt", side)
	}
	for _, m := range email.FindAllString(s, -1) {
		r.see(m, "pii", side)
	}
}

// minRedacted is the shortest value redacted: shorter ones ("1", "us")
// are no secret and would match everywhere.
const minRedacted = 4

func (r *Redactor) see(v, kind, side string) {
	if len(v) < minRedacted || strings.HasPrefix(v, "{{") {
		return
	}
	if _, ok := r.byValue[v]; ok {
		return
	}
	for _, known := range r.values {
		if v == known {
			return // a pseudonym seen again (a replayed session)
		}
	}
	r.counts[kind]++
	name := fmt.Sprintf("%s_%d", kind, r.counts[kind])
	r.byValue[v] = len(r.list)
	r.list = append(r.list, Placeholder{Name: name, Kind: kind, FirstSide: side, Interaction: r.seq, Value: pseudonym(name, v)})
	r.values = append(r.values, r.list[len(r.list)-1].Value)
}

// replace puts every known value's pseudonym in s, longest value first,
// raw and URL-escaped.
func (r *Redactor) replace(s string) string {
	if s == "" || len(r.byValue) == 0 {
		return s
	}
	originals := make([]string, 0, len(r.byValue))
	for v := range r.byValue {
		originals = append(originals, v)
	}
	sort.Slice(originals, func(i, j int) bool {
		if len(originals[i]) != len(originals[j]) {
			return len(originals[i]) > len(originals[j])
		}
		return originals[i] < originals[j]
	})
	pairs := make([]string, 0, 4*len(originals))
	for _, v := range originals {
		p := r.list[r.byValue[v]].Value
		pairs = append(pairs, v, p)
		if esc := url.QueryEscape(v); esc != v {
			pairs = append(pairs, esc, url.QueryEscape(p))
		}
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

func replaceHeader(r *Redactor, h map[string][]string) {
	for name, vs := range h {
		for i, v := range vs {
			vs[i] = r.replace(v)
		}
		h[name] = vs
	}
}

// keptPrefixes are the fixed starts of token shapes, kept so that a
// pseudonym still has the shape: Zoho's "1000." and a JWT segment's "eyJ".
var keptPrefixes = []string{"1000.", "eyJ"}

// pseudonym is a value shaped like v (letters stay letters of the same
// case and hex-ness, digits digits, the rest as is, fixed token prefixes
// kept), derived from the placeholder's name alone, so it reveals nothing
// of v.
func pseudonym(name, v string) string {
	parts := strings.Split(v, ".")
	if strings.HasPrefix(v, "eyJ") && len(parts) == 3 {
		for i, p := range parts {
			parts[i] = keepPrefix(name+"/"+string(rune('0'+i)), p)
		}
		return strings.Join(parts, ".")
	}
	return keepPrefix(name, v)
}

func keepPrefix(name, v string) string {
	for _, p := range keptPrefixes {
		if strings.HasPrefix(v, p) {
			return p + shaped(name, v[len(p):])
		}
	}
	return shaped(name, v)
}

func shaped(name, v string) string {
	var out strings.Builder
	stream := sha256.Sum256([]byte(name))
	n := 0
	next := func(mod int) int {
		if n == len(stream) {
			stream = sha256.Sum256(stream[:])
			n = 0
		}
		b := int(stream[n])
		n++
		return b % mod
	}
	for _, c := range v {
		switch {
		case c >= '0' && c <= '9':
			out.WriteByte(byte('0' + next(10)))
		case c >= 'a' && c <= 'f':
			out.WriteByte(byte('a' + next(6)))
		case c >= 'g' && c <= 'z':
			out.WriteByte(byte('g' + next(20)))
		case c >= 'A' && c <= 'F':
			out.WriteByte(byte('A' + next(6)))
		case c >= 'G' && c <= 'Z':
			out.WriteByte(byte('G' + next(20)))
		case c > 127:
			out.WriteByte(byte('a' + next(26)))
		default:
			out.WriteRune(c)
		}
	}
	return out.String()
}
