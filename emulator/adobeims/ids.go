package adobeims

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/internal/ids"
)

// newOrgID mints an org id: 24 uppercase hex digits and "@AdobeOrg".
func newOrgID() string { return strings.ToUpper(ids.Hex(12)) + orgSuffix }

// newTechAccountID mints a technical account id of the same shape.
func newTechAccountID() string { return strings.ToUpper(ids.Hex(12)) + techAcctSuffix }

// newClientID mints a client id (API key): 32 lowercase hex digits.
func newClientID() string { return ids.Hex(16) }

// newSecret mints a client secret shaped like the Developer Console's:
// "p8e-" and 32 characters (shape UNCONFIRMED).
func newSecret() string { return "p8e-" + ids.Hex(16) }

// newUUID mints a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return formatUUID(b[:], 0x40)
}

// formatUUID sets the version and variant bits of 16 bytes and formats
// them.
func formatUUID(b []byte, version byte) string {
	b[6] = b[6]&0x0f | version
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:])
}

// nameUUID derives a stable UUID from a name (version 8, RFC 9562 §5.8:
// the first 16 bytes of its SHA-256).
func nameUUID(name string) string {
	sum := sha256.Sum256([]byte(name))
	return formatUUID(sum[:16], 0x80)
}

// prodSandbox is an org's default production sandbox.
func prodSandbox(orgID string) Sandbox {
	return Sandbox{Name: ProdSandbox, ID: nameUUID(orgID + "/sandbox/" + ProdSandbox), Title: "Prod", Type: SandboxProduction}
}

// validUUID accepts a UUID in its canonical text form, any case.
func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHexDigit(c) {
				return false
			}
		}
	}
	return true
}

func isHexDigit(c rune) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// validIMSID accepts "<letters and digits>@<suffix>", the shape of org and
// technical account ids.
func validIMSID(s, suffix string) bool {
	local, ok := strings.CutSuffix(s, suffix)
	if !ok || local == "" || len(local) > 64 {
		return false
	}
	for _, c := range local {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
