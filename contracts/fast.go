package contracts

import (
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// The fast path. Most answers are small flat JSON objects under simple
// schemas (a token, a Zoho error), and kin-openapi spends most of an
// exchange's time decoding them into maps and visiting every oneOf
// alternative twice. surelyValid checks such a body against a compiled
// form of its schema instead. It only ever says "valid" when kin-openapi
// would: for any body or schema outside the subset it understands, and for
// any body that breaks a rule, it answers false and kin-openapi judges the
// exchange as before, so verdicts and their violations are unchanged
// (FuzzFastPathAgreesWithKin holds it to that).

// shape is a schema of the subset: a string (enum, pattern, lengths), an
// integer (minimum, maximum), a flat object (properties, required,
// additionalProperties true or false) or a oneOf of those.
type shape struct {
	kind     byte // 's' string, 'i' integer, 'o' object, 'u' oneOf
	enum     []string
	pattern  *pattern
	minLen   uint64
	maxLen   *uint64
	min, max *float64
	props    map[string]*shape
	required []string
	closed   bool // additionalProperties: false
	alts     []*shape
	// The tree walk's additions (tree.go): 'b' booleans, 'a' arrays, null
	// where nullable, and an index of the names an object's walk tracks.
	nullable     bool
	items        *shape
	minItems     uint64
	maxItems     *uint64
	index        map[string]int // props and required, by position
	requiredMask uint64
}

// shapes caches compiled schemas by schema; nil means outside the subset.
type shapes struct{ m sync.Map } // *openapi3.Schema -> *shape (nil: unsupported)

func (c *shapes) of(s *openapi3.Schema) *shape {
	if v, ok := c.m.Load(s); ok {
		return v.(*shape)
	}
	sh, ok := compileShape(s, map[*openapi3.Schema]bool{})
	if !ok {
		sh = nil
	}
	c.m.Store(s, sh)
	return sh
}

// annotations are the fields of a schema that constrain nothing.
func clearAnnotations(s *openapi3.Schema) {
	s.Extensions, s.Origin = nil, nil
	s.Title, s.Description, s.Example, s.Examples, s.ExternalDocs = "", "", nil, nil, nil
	s.Deprecated, s.XML, s.Comment = false, nil, ""
}

// patRewriteCodepoints is kin-openapi's rewrite of ECMA-262 \uXXXX
// escapes into Go's \x{XXXX} before it compiles a pattern.
var patRewriteCodepoints = regexp.MustCompile(`(?P<replaced_with_slash_x>\\u)(?P<code>[0-9A-F]{4})`)

func compileShape(s *openapi3.Schema, visiting map[*openapi3.Schema]bool) (*shape, bool) {
	if s == nil || visiting[s] {
		return nil, false
	}
	visiting[s] = true
	defer delete(visiting, s)
	rest := *s
	clearAnnotations(&rest)
	sh := &shape{}
	if s.Nullable {
		sh.nullable, rest.Nullable = true, false
	}
	switch {
	case len(s.OneOf) > 0:
		if s.Type != nil || s.Discriminator != nil {
			return nil, false
		}
		sh.kind = 'u'
		for _, ref := range s.OneOf {
			if ref == nil {
				return nil, false
			}
			alt, ok := compileShape(ref.Value, visiting)
			if !ok {
				return nil, false
			}
			sh.alts = append(sh.alts, alt)
		}
		rest.OneOf = nil
	case s.Type != nil && len(*s.Type) == 1 && s.Type.Is(openapi3.TypeString):
		sh.kind = 's'
		for _, v := range s.Enum {
			str, ok := v.(string)
			if !ok {
				return nil, false
			}
			sh.enum = append(sh.enum, str)
		}
		if s.Pattern != "" {
			p, err := compilePattern(patRewriteCodepoints.ReplaceAllString(s.Pattern, `\x{${code}}`))
			if err != nil {
				return nil, false
			}
			sh.pattern = p
		}
		sh.minLen, sh.maxLen = s.MinLength, s.MaxLength
		rest.Type, rest.Enum, rest.Pattern, rest.MinLength, rest.MaxLength = nil, nil, "", 0, nil
	case s.Type != nil && len(*s.Type) == 1 && s.Type.Is(openapi3.TypeInteger):
		sh.kind = 'i'
		sh.min, sh.max = s.Min, s.Max
		rest.Type, rest.Min, rest.Max = nil, nil, nil
	case s.Type != nil && len(*s.Type) == 1 && s.Type.Is(openapi3.TypeBoolean):
		sh.kind = 'b'
		rest.Type = nil
	case s.Type != nil && len(*s.Type) == 1 && s.Type.Is(openapi3.TypeArray):
		if s.Items == nil || s.UniqueItems {
			return nil, false
		}
		items, ok := compileShape(s.Items.Value, visiting)
		if !ok {
			return nil, false
		}
		sh.kind, sh.items, sh.minItems, sh.maxItems = 'a', items, s.MinItems, s.MaxItems
		rest.Type, rest.Items, rest.MinItems, rest.MaxItems = nil, nil, 0, nil
	case s.Type != nil && len(*s.Type) == 1 && s.Type.Is(openapi3.TypeObject):
		if s.AdditionalProperties.Schema != nil {
			return nil, false
		}
		sh.kind = 'o'
		sh.props = make(map[string]*shape, len(s.Properties))
		for name, ref := range s.Properties {
			if ref == nil {
				return nil, false
			}
			p, ok := compileShape(ref.Value, visiting)
			if !ok {
				return nil, false
			}
			sh.props[name] = p
		}
		sh.required = s.Required
		sh.index = map[string]int{}
		for name := range s.Properties {
			sh.index[name] = len(sh.index)
		}
		for _, name := range s.Required {
			if _, ok := sh.index[name]; !ok {
				sh.index[name] = len(sh.index)
			}
			sh.requiredMask |= 1 << uint(sh.index[name]%64)
		}
		if len(sh.index) > 64 {
			sh.index = nil // too many for the tree walk's mask
		}
		sh.closed = s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
		rest.Type, rest.Properties, rest.Required, rest.AdditionalProperties = nil, nil, nil, openapi3.AdditionalProperties{}
	default:
		return nil, false
	}
	// Anything left (formats, nullable, readOnly, defaults, bounds the
	// subset does not know, OpenAPI 3.1 keywords) is kin-openapi's to judge.
	if !reflect.DeepEqual(rest, openapi3.Schema{}) {
		return nil, false
	}
	return sh, true
}

// member is one member of a flat JSON object.
type member struct {
	key, val string
	kind     byte // 's' string (val unquoted), 'n' number (val the literal), 'b' true or false
}

// maxMembers bounds the members flatObject reads.
const maxMembers = 32

// flatObject reads a JSON document that is one object whose keys and
// string values are printable ASCII without escapes and whose values are
// strings, numbers, true or false. ok is false for anything else.
func flatObject(doc string, into []member) ([]member, bool) {
	i := skipSpace(doc, 0)
	if i == len(doc) || doc[i] != '{' {
		return nil, false
	}
	if i = skipSpace(doc, i+1); i < len(doc) && doc[i] == '}' {
		return into, skipSpace(doc, i+1) == len(doc)
	}
	for {
		if len(into) == maxMembers {
			return nil, false
		}
		key, j, ok := plainString(doc, i)
		if !ok {
			return nil, false
		}
		if i = skipSpace(doc, j); i == len(doc) || doc[i] != ':' {
			return nil, false
		}
		i = skipSpace(doc, i+1)
		m := member{key: key}
		switch {
		case i == len(doc):
			return nil, false
		case doc[i] == '"':
			if m.val, i, ok = plainString(doc, i); !ok {
				return nil, false
			}
			m.kind = 's'
		case strings.HasPrefix(doc[i:], "true"):
			m.val, m.kind, i = "true", 'b', i+4
		case strings.HasPrefix(doc[i:], "false"):
			m.val, m.kind, i = "false", 'b', i+5
		default:
			j := integerEnd(doc, i)
			if j == i {
				return nil, false
			}
			m.val, m.kind, i = doc[i:j], 'n', j
		}
		for _, prev := range into {
			if prev.key == m.key {
				return nil, false // repeated names: kin-openapi's decoders differ on them
			}
		}
		into = append(into, m)
		if i = skipSpace(doc, i); i == len(doc) {
			return nil, false
		}
		if doc[i] == '}' {
			return into, skipSpace(doc, i+1) == len(doc)
		}
		if doc[i] != ',' {
			return nil, false
		}
		i = skipSpace(doc, i+1)
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// plainString reads the JSON string at s[i] when it is printable ASCII
// without escapes, so its bytes are its value.
func plainString(s string, i int) (str string, end int, ok bool) {
	if i >= len(s) || s[i] != '"' {
		return "", i, false
	}
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			return s[i+1 : j], j + 1, true
		case c < 0x20 || c > 0x7e || c == '\\':
			return "", i, false
		}
	}
	return "", i, false
}

// integerEnd returns the end of the JSON integer at s[i] (at most 15
// digits, so that it is exact as a float64), or i when there is none.
func integerEnd(s string, i int) int {
	j := i
	if j < len(s) && s[j] == '-' {
		j++
	}
	start := j
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	n := j - start
	if n == 0 || n > 15 || n > 1 && s[start] == '0' {
		return i
	}
	if j < len(s) && (s[j] == '.' || s[j] == 'e' || s[j] == 'E') {
		return i
	}
	return j
}

// matchObject reports whether the members satisfy sh, as kin-openapi would
// find them to.
func (sh *shape) matchObject(ms []member) bool {
	switch sh.kind {
	case 'u':
		n := 0
		for _, alt := range sh.alts {
			if alt.matchObject(ms) {
				n++
			}
		}
		return n == 1
	case 'o':
		for _, m := range ms {
			p := sh.props[m.key]
			if p == nil {
				if sh.closed {
					return false
				}
				continue
			}
			if !p.matchValue(m) {
				return false
			}
		}
	required:
		for _, k := range sh.required {
			for _, m := range ms {
				if m.key == k {
					continue required
				}
			}
			return false
		}
		return true
	}
	return false
}

func (sh *shape) matchValue(m member) bool {
	switch {
	case sh.kind == 'u':
		n := 0
		for _, alt := range sh.alts {
			if alt.matchValue(m) {
				n++
			}
		}
		return n == 1
	case sh.kind == 's' && m.kind == 's':
		if len(sh.enum) > 0 && !contains(sh.enum, m.val) {
			return false
		}
		// m.val is ASCII: its length in UTF-16 units is its length.
		n := uint64(len(m.val))
		if n < sh.minLen || sh.maxLen != nil && n > *sh.maxLen {
			return false
		}
		return sh.pattern == nil || sh.pattern.match(m.val)
	case sh.kind == 'i' && m.kind == 'n':
		v, err := strconv.ParseFloat(m.val, 64)
		return err == nil && (sh.min == nil || *sh.min <= v) && (sh.max == nil || *sh.max >= v)
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// skippedStatuses are the statuses kin-openapi never validates.
func skippedStatus(status int) bool {
	switch status {
	case http.StatusNotModified, http.StatusPermanentRedirect, http.StatusTemporaryRedirect, http.StatusMovedPermanently:
		return true
	}
	return false
}

var jsonDecoderPtr = reflect.ValueOf(openapi3filter.JSONBodyDecoder).Pointer()

// surelyValid reports whether kin-openapi would find the response valid,
// when that is quick to tell; false means "judge it in full".
func (c *Contract) surelyValid(route *routers.Route, method string, status int, header http.Header, body []byte) bool {
	if method == http.MethodHead || skippedStatus(status) || route.Spec.IsOpenAPI31OrLater() {
		return false // rare: let kin-openapi say
	}
	ref := route.Operation.Responses.Status(status)
	if ref == nil {
		ref = route.Operation.Responses.Default()
	}
	if ref == nil || ref.Value == nil || len(ref.Value.Content) == 0 {
		return false
	}
	if !c.headersSurelyValid(ref.Value.Headers, header) {
		return false
	}
	ct := header.Get("Content-Type")
	media := ref.Value.Content.Get(ct)
	if media == nil || media.Schema == nil || media.Schema.Value == nil || media.Encoding[""] != nil {
		return false
	}
	mediaType, _, _ := strings.Cut(ct, ";")
	if !strings.EqualFold(strings.TrimSpace(mediaType), "application/json") {
		return false
	}
	if d := openapi3filter.RegisteredBodyDecoder("application/json"); d == nil || reflect.ValueOf(d).Pointer() != jsonDecoderPtr {
		return false
	}
	sh := c.shapes.of(media.Schema.Value)
	if sh == nil {
		return false
	}
	return bodyValid(sh, body)
}

// headersSurelyValid reports whether kin-openapi would accept the
// response headers: each declared one a plain string (or an enum or
// pattern of ASCII), present or not required.
func (c *Contract) headersSurelyValid(declared openapi3.Headers, header http.Header) bool {
	for name, ref := range declared {
		if name == "Content-Type" {
			continue // kin-openapi leaves it to the content lookup
		}
		if ref == nil || ref.Value == nil || ref.Value.Content != nil || ref.Value.Style != "" && ref.Value.Style != openapi3.SerializationSimple {
			return false
		}
		h := ref.Value
		values, present := header[http.CanonicalHeaderKey(name)]
		if !present {
			if h.Required {
				return false
			}
			continue
		}
		if h.Schema == nil || len(values) == 0 || !printableASCII(values[0]) {
			return false
		}
		sh := c.shapes.of(h.Schema.Value)
		if sh == nil || sh.kind != 's' || !sh.matchValue(member{kind: 's', val: values[0]}) {
			return false
		}
	}
	return true
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

var urlencodedDecoderPtr = reflect.ValueOf(openapi3filter.UrlencodedBodyDecoder).Pointer()

// maxFastPairs bounds the form pairs formParses looks at.
const maxFastPairs = 256

// surelyValidBody reports whether kin-openapi would find the request body
// valid, when that is quick to tell: an urlencoded form under an object
// schema whose properties are all plain strings, which kin-openapi
// accepts whenever the form parses. False means "judge it in full".
func (c *Contract) surelyValidBody(route *routers.Route, header http.Header, body []byte) bool {
	rb := route.Operation.RequestBody
	if rb == nil || rb.Value == nil || route.Spec.IsOpenAPI31OrLater() {
		return false
	}
	if len(body) == 0 {
		return !rb.Value.Required
	}
	if len(rb.Value.Content) == 0 {
		return false
	}
	ct := header.Get("Content-Type")
	media := rb.Value.Content.Get(ct)
	if media == nil || media.Schema == nil || media.Schema.Value == nil || len(media.Encoding) > 0 {
		return false
	}
	mediaType, _, _ := strings.Cut(ct, ";")
	if !strings.EqualFold(strings.TrimSpace(mediaType), "application/x-www-form-urlencoded") {
		return false
	}
	if d := openapi3filter.RegisteredBodyDecoder("application/x-www-form-urlencoded"); d == nil || reflect.ValueOf(d).Pointer() != urlencodedDecoderPtr {
		return false
	}
	sh := c.shapes.of(media.Schema.Value)
	if sh == nil || sh.kind != 'o' || sh.closed || len(sh.required) > 0 {
		return false
	}
	for _, p := range sh.props {
		if p.kind != 's' || len(p.enum) > 0 || p.pattern != nil || p.minLen > 0 || p.maxLen != nil {
			return false
		}
	}
	return formParses(string(body))
}

// formParses reports whether url.ParseQuery reads form without an error:
// no pair holds a semicolon, and every '%' starts an escape.
func formParses(form string) bool {
	if strings.Count(form, "&") >= maxFastPairs {
		return false
	}
	for i := 0; i < len(form); i++ {
		switch form[i] {
		case ';':
			return false
		case '%':
			if i+2 >= len(form) || !isHex(form[i+1]) || !isHex(form[i+2]) {
				return false
			}
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
