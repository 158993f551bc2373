package adobeims

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// header is the JOSE header of an IMS access token, in IMS's key order.
type header struct {
	Alg string `json:"alg"`
	X5U string `json:"x5u"` // a bare file name, not a URL, as IMS sends it
	Kid string `json:"kid"`
	Itt string `json:"itt"` // issued token type: "at"
}

// claims are an IMS access token's claims, in the order of real tokens
// (docs/adobe-ims.md "Token"). Times are epoch milliseconds as strings.
type claims struct {
	ID        string `json:"id"`
	Org       string `json:"org"`
	Type      string `json:"type"`
	ClientID  string `json:"client_id"`
	UserID    string `json:"user_id"`
	As        string `json:"as"`
	AAID      string `json:"aa_id"`
	CTP       int    `json:"ctp"`
	ExpiresIn string `json:"expires_in"`
	Scope     string `json:"scope"`
	CreatedAt string `json:"created_at"`
	// Only with Config.RegisteredClaims (RFC 7519, epoch seconds).
	IssuedAt *int64 `json:"iat,omitempty"`
	Expiry   *int64 `json:"exp,omitempty"`
}

var b64 = base64.RawURLEncoding

// sign returns the compact JWS of c: RS256 over header.payload.
func sign(key *rsa.PrivateKey, kid string, c claims) (string, error) {
	h, err := json.Marshal(header{Alg: algRS256, X5U: kid + x5uSuffix, Kid: kid, Itt: tokenTypeAT})
	if err != nil {
		return "", err
	}
	p, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	input := b64.EncodeToString(h) + "." + b64.EncodeToString(p)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return input + "." + b64.EncodeToString(sig), nil
}

// parse checks a compact JWS against pub and returns its header and
// claims. Nothing of the payload is read before the signature holds.
func parse(token string, pub *rsa.PublicKey) (header, claims, error) {
	var h header
	var c claims
	if token == "" || len(token) > maxTokenLen {
		return h, c, ErrTokenMalformed
	}
	hp, sp, ok := strings.Cut(token, ".")
	if !ok {
		return h, c, ErrTokenMalformed
	}
	pp, sp, ok := strings.Cut(sp, ".")
	if !ok || strings.Contains(sp, ".") {
		return h, c, ErrTokenMalformed
	}
	hb, err1 := b64.DecodeString(hp)
	pb, err2 := b64.DecodeString(pp)
	sig, err3 := b64.DecodeString(sp)
	if err1 != nil || err2 != nil || err3 != nil || strictJSON(hb, &h) != nil {
		return h, c, ErrTokenMalformed
	}
	if h.Alg != algRS256 {
		return h, c, ErrTokenSignature // "none", HS256 and the like are never ours
	}
	sum := sha256.Sum256([]byte(token[:len(hp)+1+len(pp)]))
	if rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig) != nil {
		return h, c, ErrTokenSignature
	}
	if strictJSON(pb, &c) != nil {
		return h, c, ErrTokenMalformed
	}
	return h, c, nil
}

// strictJSON decodes exactly one JSON object.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return ErrTokenMalformed
	}
	return nil
}
