package zohosource

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Ids of what a run names: deterministic (a hash of what they stand for),
// so that a run of the same flow and window always carries the same ones.

// uuidOf is a lowercase UUID (version 4 form) derived from parts.
func uuidOf(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// crockford is the ULID alphabet.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// batchID is a Catalog batch id: a ULID (26 Crockford base-32 characters,
// reference §5 "01EF01X41KJD82Y9ZX6ET54PCZ"), its time part at, its random
// part derived from parts.
func batchID(at time.Time, parts ...string) string {
	var out [26]byte
	ms := uint64(max(at.UnixMilli(), 0))
	for i := 9; i >= 0; i-- {
		out[i] = crockford[ms&31]
		ms >>= 5
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	for i := range 16 {
		out[10+i] = crockford[sum[i]&31]
	}
	return string(out[:])
}
