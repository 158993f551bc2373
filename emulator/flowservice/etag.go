package flowservice

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// newUUID returns a lowercase UUID version 4 from crypto/rand, the form of
// every Flow Service id (reference §3).
func newUUID() string {
	var b [16]byte
	rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var buf [36]byte
	hex.Encode(buf[0:8], b[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], b[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], b[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], b[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:], b[10:])
	return string(buf[:])
}

// newHexID returns n random bytes as lowercase hex: Catalog dataset ids
// are 24 hex digits, Data Prep mapping set ids 32 (reference §5).
func newHexID(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// newEtag returns an etag as Flow Service sends it (a Cosmos DB etag):
// the JSON string value holds the double quotes, "<8 hex>-0000-0200-0000-
// <12 hex>", whose last 12 digits are the write's Unix seconds in hex and
// four zeros, e.g. "\"10033e77-0000-0200-0000-5e96785b0000\"".
func newEtag(now time.Time) string {
	var b [4]byte
	rand.Read(b[:])
	return fmt.Sprintf("\"%08x-0000-0200-0000-%08x0000\"", binary.BigEndian.Uint32(b[:]), uint32(now.Unix()))
}

// etagPattern is the shape of an etag, quotes included.
var etagPattern = regexp.MustCompile(`^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$`)

// uuidPattern is the shape of a Flow Service id.
var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// bareEtag strips an If-Match value or an etag to its token: the quotes
// (clients send the etag quoted, as the JSON value holds it, or unquoted,
// as the tutorials show), a weak-validator prefix and surrounding space.
func bareEtag(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "W/")
	for len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	s = strings.ReplaceAll(s, `\"`, "")
	return strings.Trim(s, `"`)
}

// ifMatch checks a PATCH's If-Match against the current etag: missing is
// 1403-400, another version 1404-412.
func ifMatch(header []string, current string) error {
	if len(header) == 0 || strings.TrimSpace(header[0]) == "" {
		return errIfMatchMissing()
	}
	if got := bareEtag(header[0]); got != bareEtag(current) {
		return errStale(got, bareEtag(current))
	}
	return nil
}
