package adobeims

import (
	"crypto/rsa"
	"math/big"
	"net/http"
)

// jwks is the JSON Web Key Set of GET /ims/keys.
type jwks struct {
	Keys []jwk `json:"keys"`
}

// jwk is one RSA public key, in the key order of IMS's published set.
// https://developer.adobe.com/developer-console/docs/guides/authentication/UserAuthentication/IMS#id-token-keys
type jwk struct {
	Alg string `json:"alg"`
	Kty string `json:"kty"`
	Use string `json:"use"`
	Kid string `json:"kid"`
	E   string `json:"e"`
	N   string `json:"n"`
}

// publicKeySet is the key set publishing pub under kid.
func publicKeySet(pub *rsa.PublicKey, kid string) jwks {
	return jwks{Keys: []jwk{{
		Alg: algRS256, Kty: "RSA", Use: "sig", Kid: kid,
		E: b64.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		N: b64.EncodeToString(pub.N.Bytes()),
	}}}
}

// keys serves GET /ims/keys: the key that verifies this IMS's access
// tokens. (Real IMS publishes its ID-token keys there; see docs.)
func (s *Service) keys(*http.Request) (any, error) { return s.jwks() }
