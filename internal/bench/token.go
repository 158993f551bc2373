package bench

import (
	"bytes"
	"encoding/json"
)

// readToken reads a token answer (Zoho's, IMS's, the bare handler's): ok
// only when body is one valid JSON object whose "access_token" is a
// non-empty string and whose "expires_in" is a whole number of seconds,
// 0 or more. Keys match exactly and the last of a repeated key counts, as
// encoding/json decoding into a map has it; the answer is encoding/json's
// in every case (FuzzReadToken).
//
// It scans without decoding: every answer the services send takes the
// fast path, and the token is a slice of body. A top-level key or the
// token written with escapes or bytes outside printable ASCII, or nesting
// deeper than maxTokenDepth, is left to encoding/json.
func readToken(body []byte) (token []byte, expiresIn int64, ok bool) {
	s := tokenScan{b: body}
	switch s.object() {
	case scanOK:
		if len(s.token) == 0 || !s.hasExpiry || s.expiresIn < 0 {
			return nil, 0, false
		}
		return s.token, s.expiresIn, true
	case scanSlow:
		return decodeToken(body)
	}
	return nil, 0, false
}

// decodeToken is readToken by encoding/json, for what the scan leaves.
func decodeToken(body []byte) ([]byte, int64, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return nil, 0, false
	}
	var tok string
	if raw, has := m["access_token"]; !has || json.Unmarshal(raw, &tok) != nil || tok == "" {
		return nil, 0, false
	}
	var exp int64
	if raw, has := m["expires_in"]; !has || bytes.Equal(raw, []byte("null")) || json.Unmarshal(raw, &exp) != nil || exp < 0 {
		return nil, 0, false
	}
	return []byte(tok), exp, true
}

type scanResult int

const (
	scanBad  scanResult = iota // not valid JSON, or not an object
	scanOK                     // valid; the fields are read
	scanSlow                   // valid so far, but for encoding/json to read
)

// maxTokenDepth bounds the scan's recursion; encoding/json allows more.
const maxTokenDepth = 64

// tokenScan is one pass over a token answer.
type tokenScan struct {
	b []byte
	i int
	// token is the last "access_token" if it was a plain string (nil when
	// absent or not a string).
	token     []byte
	expiresIn int64
	hasExpiry bool // the last "expires_in" was a whole number
	slow      bool // encoding/json must read it
	deep      bool // nested deeper than maxTokenDepth: not scanned
}

func (s *tokenScan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// object scans the top-level object and what follows it.
func (s *tokenScan) object() scanResult {
	r := s.members()
	if r == scanBad && s.deep {
		return scanSlow
	}
	return r
}

func (s *tokenScan) members() scanResult {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '{' {
		return scanBad // null too: it decodes to no token
	}
	s.i++
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return s.end()
	}
	for {
		s.ws()
		start := s.i
		plain, ok := s.str()
		if !ok {
			return scanBad
		}
		key := s.b[start+1 : s.i-1]
		if !plain {
			s.slow = true // an escaped key may spell either name
		}
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != ':' {
			return scanBad
		}
		s.i++
		s.ws()
		switch {
		case plain && string(key) == "access_token":
			if !s.tokenValue() {
				return scanBad
			}
		case plain && string(key) == "expires_in":
			if !s.expiryValue() {
				return scanBad
			}
		default:
			if !s.value(1) {
				return scanBad
			}
		}
		s.ws()
		if s.i >= len(s.b) {
			return scanBad
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			return s.end()
		default:
			return scanBad
		}
	}
}

// end checks that only white space follows the object.
func (s *tokenScan) end() scanResult {
	s.ws()
	switch {
	case s.i != len(s.b):
		return scanBad
	case s.slow:
		return scanSlow
	}
	return scanOK
}

func (s *tokenScan) tokenValue() bool {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		s.token = nil
		return s.value(1)
	}
	start := s.i
	plain, ok := s.str()
	if !ok {
		return false
	}
	if !plain {
		s.slow = true
	}
	s.token = s.b[start+1 : s.i-1]
	return true
}

func (s *tokenScan) expiryValue() bool {
	start := s.i
	if !s.value(1) {
		return false
	}
	s.expiresIn, s.hasExpiry = wholeNumber(s.b[start:s.i])
	return true
}

// wholeNumber reads a JSON number that is an int64 (no fraction, no
// exponent), as encoding/json decodes one into an int64.
func wholeNumber(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (1<<63)/10 {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case neg && n <= 1<<63:
		return -int64(n), true
	case !neg && n < 1<<63:
		return int64(n), true
	}
	return 0, false
}

// str scans a string at s.i; plain is whether it holds only printable
// ASCII and no escape, so that its bytes are its value.
func (s *tokenScan) str() (plain, ok bool) {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return false, false
	}
	plain = true
	for j := s.i + 1; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			s.i = j + 1
			return plain, true
		case c < 0x20:
			return false, false
		case c >= 0x7f:
			plain = false
		case c == '\\':
			plain = false
			j++
			if j >= len(s.b) {
				return false, false
			}
			switch s.b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(s.b) || !isHex(s.b[j+1]) || !isHex(s.b[j+2]) || !isHex(s.b[j+3]) || !isHex(s.b[j+4]) {
					return false, false
				}
				j += 4
			default:
				return false, false
			}
		}
	}
	return false, false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// value skips any JSON value at s.i, checking its syntax.
func (s *tokenScan) value(depth int) bool {
	if depth > maxTokenDepth {
		s.deep = true
		return false
	}
	if s.i >= len(s.b) {
		return false
	}
	switch c := s.b[s.i]; {
	case c == '"':
		_, ok := s.str()
		return ok
	case c == '{':
		return s.container(depth, '}', true)
	case c == '[':
		return s.container(depth, ']', false)
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	}
	return false
}

// container skips an object (keyed) or an array after its opening byte.
func (s *tokenScan) container(depth int, closing byte, keyed bool) bool {
	s.i++
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == closing {
		s.i++
		return true
	}
	for {
		s.ws()
		if keyed {
			if _, ok := s.str(); !ok {
				return false
			}
			s.ws()
			if s.i >= len(s.b) || s.b[s.i] != ':' {
				return false
			}
			s.i++
			s.ws()
		}
		if !s.value(depth + 1) {
			return false
		}
		s.ws()
		if s.i >= len(s.b) {
			return false
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case closing:
			s.i++
			return true
		default:
			return false
		}
	}
}

func (s *tokenScan) literal(lit string) bool {
	if !bytes.HasPrefix(s.b[s.i:], []byte(lit)) {
		return false
	}
	s.i += len(lit)
	return true
}

// number skips a number in JSON's grammar.
func (s *tokenScan) number() bool {
	b, i := s.b, s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return false
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return false
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	s.i = i
	return true
}
