package adobeims

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"sync"
)

// Config holds the behaviours where IMS's documents say nothing, and the
// signing key. The zero Config means the defaults.
type Config struct {
	// Key signs the access tokens; its public half is published at
	// /ims/keys. nil means one 2048-bit key generated per process. Inject
	// a key to keep tokens valid across restarts. Never logged: Config
	// prints and marshals without it.
	Key *rsa.PrivateKey `json:"-"`
	// KeyID is the "kid" of the tokens and of the published key (default
	// "ims_na1-key-at-1", the id real access tokens carry).
	KeyID string `json:"key_id,omitempty"`
	// RegisteredClaims adds "iat" and "exp" (RFC 7519) to the tokens, for
	// clients whose JWT library insists. Real IMS access tokens carry
	// neither: their expiry is created_at + expires_in, in milliseconds.
	RegisteredClaims bool `json:"registered_claims,omitempty"`
}

// String describes c without its key.
func (c Config) String() string {
	key := "per-process key"
	if c.Key != nil {
		key = "injected key"
	}
	return fmt.Sprintf("adobeims.Config{%s, KeyID: %q, RegisteredClaims: %t}", key, c.KeyID, c.RegisteredClaims)
}

// GoString is String, so %#v does not print the key either.
func (c Config) GoString() string { return c.String() }

// minKeyBits is the smallest key Verify's callers should trust.
const minKeyBits = 2048

func (c Config) withDefaults() (Config, error) {
	if c.KeyID == "" {
		c.KeyID = DefaultKeyID
	}
	if c.Key == nil {
		return c, nil // the per-process key, generated in the background
	}
	if err := c.Key.Validate(); err != nil {
		return c, fmt.Errorf("adobeims: signing key: %w", err)
	}
	if bits := c.Key.N.BitLen(); bits < minKeyBits {
		return c, fmt.Errorf("adobeims: signing key has %d bits, fewer than %d", bits, minKeyBits)
	}
	return c, nil
}

// processKey is generated once per process: a 2048-bit key takes tens to
// hundreds of milliseconds, and tests build many services. New starts it
// in the background so that start-up does not wait for it.
var processKey = sync.OnceValues(func() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, minKeyBits)
})
