// Package ids mints the identifiers and secrets the emulated vendors hand
// out, in their shapes, from crypto/rand.
package ids

import (
	"crypto/rand"
	"encoding/hex"
)

// ZohoToken returns a Zoho grant code, access or refresh token:
// "1000." + 32 hex + "." + 32 hex (70 characters), as Zoho mints them.
func ZohoToken() string {
	var b [32]byte
	rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	buf := make([]byte, 0, 70)
	buf = append(buf, "1000."...)
	buf = hex.AppendEncode(buf, b[:16])
	buf = append(buf, '.')
	return string(hex.AppendEncode(buf, b[16:]))
}

// ZohoClientID returns a client id: "1000." + 30 characters of [A-Z0-9].
func ZohoClientID() string {
	return "1000." + upperAlnum(30)
}

// ZohoClientSecret returns a client secret: 42 lowercase hex characters.
func ZohoClientSecret() string {
	var b [21]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Hex returns n random bytes as lowercase hex.
func Hex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func upperAlnum(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		// 256 % 36 != 0 gives a slight bias, harmless for identifiers.
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	return string(b)
}
