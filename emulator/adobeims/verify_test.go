package adobeims_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

// TestVerifyExpiry: a token lives 24 hours on the virtual clock, to the
// millisecond.
func TestVerifyExpiry(t *testing.T) {
	w := newWorld(t, adobeims.Config{})
	tok := w.mustToken(grant(acmeCred))

	tests := []struct {
		at   time.Duration // after minting
		want error
	}{
		{0, nil},
		{time.Hour, nil},
		{23*time.Hour + 59*time.Minute + 59*time.Second + 999*time.Millisecond, nil},
		{24 * time.Hour, adobeims.ErrTokenExpired},
		{48 * time.Hour, adobeims.ErrTokenExpired},
	}
	for _, tt := range tests {
		w.clk.Set(t0.Add(tt.at))
		got, err := w.s.Verify(tok)
		if tt.want != nil {
			assert.ErrorIs(t, err, tt.want, "at +%s", tt.at)
			assert.Zero(t, got)
			continue
		}
		require.NoError(t, err, "at +%s", tt.at)
		assert.Equal(t, t0.Add(24*time.Hour), got.Expires)
	}

	// A fresh token after expiry is good for another day.
	w.clk.Set(t0.Add(25 * time.Hour))
	got, err := w.s.Verify(w.mustToken(grant(acmeCred)))
	require.NoError(t, err)
	assert.Equal(t, t0.Add(49*time.Hour), got.Expires)
}

// TestVerifyRefuses: anything but a live token of this IMS is refused,
// with the reason.
func TestVerifyRefuses(t *testing.T) {
	w := newWorld(t, adobeims.Config{})
	good := w.mustToken(grant(acmeCred))
	parts := strings.Split(good, ".")

	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	foreign, err := adobeims.New(adobeims.Config{Key: otherKey}, w.clk.Now)
	require.NoError(t, err)
	require.NoError(t, foreign.Seed(seed()))
	fw := &world{t: t, clk: w.clk, s: foreign}

	renamed, err := adobeims.New(adobeims.Config{KeyID: "ims_na1-key-at-2"}, w.clk.Now)
	require.NoError(t, err)
	require.NoError(t, renamed.Seed(seed()))
	rw := &world{t: t, clk: w.clk, s: renamed}

	seg := func(v any) string {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		return b64.EncodeToString(b)
	}
	var claims map[string]any
	decodeSegment(t, good, 1, &claims)
	with := func(k string, v any) string {
		c := map[string]any{}
		for key, val := range claims {
			c[key] = val
		}
		c[k] = v
		return seg(c)
	}

	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"empty", "", adobeims.ErrTokenMalformed},
		{"not a JWT", "1000.90be74d31c1b5313923b413dac9b009d.fea754b862ceb19d31e2617cc54676be", adobeims.ErrTokenMalformed},
		{"two segments", parts[0] + "." + parts[1], adobeims.ErrTokenMalformed},
		{"four segments", good + ".x", adobeims.ErrTokenMalformed},
		{"padded base64", parts[0] + "=." + parts[1] + "." + parts[2], adobeims.ErrTokenMalformed},
		{"header not JSON", b64.EncodeToString([]byte("{")) + "." + parts[1] + "." + parts[2], adobeims.ErrTokenMalformed},
		{"too long", strings.Repeat("a", 20<<10), adobeims.ErrTokenMalformed},
		{"alg none", seg(map[string]string{"alg": "none"}) + "." + parts[1] + ".", adobeims.ErrTokenSignature},
		{"alg HS256", seg(map[string]string{"alg": "HS256", "kid": "ims_na1-key-at-1"}) + "." + parts[1] + "." + parts[2], adobeims.ErrTokenSignature},
		{"payload changed", parts[0] + "." + with("scope", "openid,AdobeID,admin") + "." + parts[2], adobeims.ErrTokenSignature},
		{"org changed", parts[0] + "." + with("org", otherOrg) + "." + parts[2], adobeims.ErrTokenSignature},
		{"signature cut", parts[0] + "." + parts[1] + "." + parts[2][:40], adobeims.ErrTokenSignature},
		{"no signature", parts[0] + "." + parts[1] + ".", adobeims.ErrTokenSignature},
		{"signed by another key", fw.mustToken(grant(acmeCred)), adobeims.ErrTokenSignature},
		{"another key id", rw.mustToken(grant(acmeCred)), adobeims.ErrTokenSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.s.Verify(tt.token)
			assert.ErrorIs(t, err, tt.want)
			assert.Zero(t, got)
		})
	}

	t.Run("credential deleted", func(t *testing.T) {
		w := newWorld(t, adobeims.Config{})
		tok := w.mustToken(grant(acmeCred))
		other := w.mustToken(grant(otherCred))
		require.NoError(t, w.s.DeleteCredential(acmeCred.ClientID))
		_, err := w.s.Verify(tok)
		assert.ErrorIs(t, err, adobeims.ErrTokenRevoked)
		_, err = w.s.Verify(other)
		assert.NoError(t, err, "other tenants are untouched")

		require.NoError(t, w.s.Reset(acmeOrg))
		_, err = w.s.Verify(tok)
		assert.NoError(t, err, "the seed brings the credential back")
	})
	t.Run("org deleted", func(t *testing.T) {
		w := newWorld(t, adobeims.Config{})
		tok := w.mustToken(grant(otherCred))
		require.NoError(t, w.s.DeleteOrg(otherOrg))
		_, err := w.s.Verify(tok)
		assert.ErrorIs(t, err, adobeims.ErrTokenRevoked)
	})
	t.Run("credential moved to another org", func(t *testing.T) {
		w := newWorld(t, adobeims.Config{})
		tok := w.mustToken(grant(acmeCred))
		_, err := w.s.UpdateCredential(adobeims.Credential{ClientID: acmeCred.ClientID, OrgID: otherOrg})
		require.NoError(t, err)
		_, err = w.s.Verify(tok)
		assert.ErrorIs(t, err, adobeims.ErrTokenRevoked)
	})
	t.Run("secret rotated: tokens live on", func(t *testing.T) {
		w := newWorld(t, adobeims.Config{})
		tok := w.mustToken(grant(acmeCred))
		_, err := w.s.UpdateCredential(adobeims.Credential{ClientID: acmeCred.ClientID, Secret: "p8e-rotated"})
		require.NoError(t, err)
		_, err = w.s.Verify(tok)
		assert.NoError(t, err)
		imsError(t, w.token(grant(acmeCred)), http.StatusBadRequest, "invalid_client", "invalid client_secret parameter")
		w.mustToken(grant(acmeCred, "client_secret", "p8e-rotated"))
	})
}

// TestTokenVerifiesIndependently checks a token as a client would, with
// golang-jwt and the key set of GET /ims/keys: the signature proves it
// was minted by this IMS and by no one else.
func TestTokenVerifiesIndependently(t *testing.T) {
	for _, registered := range []bool{false, true} {
		w := newWorld(t, adobeims.Config{RegisteredClaims: registered})
		rec := w.serve(httptest.NewRequest(http.MethodGet, adobeims.PathKeys, nil))
		require.Equal(t, http.StatusOK, rec.Code)
		assert.Equal(t, jsonType, rec.Header().Get("Content-Type"))

		var set struct {
			Keys []map[string]string `json:"keys"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &set))
		require.Len(t, set.Keys, 1)
		k := set.Keys[0]
		assert.Equal(t, []string{"keys"}, jsonKeys(t, rec.Body.Bytes()))
		assert.Equal(t, "RSA", k["kty"])
		assert.Equal(t, "sig", k["use"])
		assert.Equal(t, "RS256", k["alg"])
		assert.Equal(t, "ims_na1-key-at-1", k["kid"])
		assert.Equal(t, "AQAB", k["e"])
		pub := jwkPublicKey(t, k)
		assert.Equal(t, 2048, pub.N.BitLen())

		keyfunc := func(tok *jwt.Token) (any, error) {
			if tok.Header["kid"] != k["kid"] {
				return nil, jwt.ErrTokenUnverifiable
			}
			return pub, nil
		}
		clockNow := func() time.Time { return w.clk.Now() }
		parser := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(clockNow))

		minted := w.mustToken(grant(acmeCred, "scope", "openid,session"))
		parsed, err := parser.Parse(minted, keyfunc)
		require.NoError(t, err)
		require.True(t, parsed.Valid)
		c := parsed.Claims.(jwt.MapClaims)
		assert.Equal(t, acmeCred.ClientID, c["client_id"])
		assert.Equal(t, "openid,session", c["scope"])
		assert.Equal(t, acmeOrg, c["org"])

		// Tampering breaks it for golang-jwt as well.
		parts := strings.Split(minted, ".")
		forged := parts[0] + "." + b64.EncodeToString([]byte(`{"client_id":"evil","type":"access_token"}`)) + "." + parts[2]
		_, err = parser.Parse(forged, keyfunc)
		assert.ErrorIs(t, err, jwt.ErrTokenSignatureInvalid)

		// Expiry: golang-jwt sees it only through the registered claims.
		w.clk.Advance(24 * time.Hour)
		_, err = parser.Parse(minted, keyfunc)
		if registered {
			assert.ErrorIs(t, err, jwt.ErrTokenExpired)
		} else {
			assert.NoError(t, err, "real IMS tokens carry no exp: only Verify knows they expired")
		}
		_, err = w.s.Verify(minted)
		assert.ErrorIs(t, err, adobeims.ErrTokenExpired)
	}
}

// jwkPublicKey builds an RSA public key from a JWK, as a client would.
func jwkPublicKey(t *testing.T, k map[string]string) *rsa.PublicKey {
	t.Helper()
	n, err := b64.DecodeString(k["n"])
	require.NoError(t, err)
	e, err := b64.DecodeString(k["e"])
	require.NoError(t, err)
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
}

// TestInjectedKey: an injected key signs and is published; weak or broken
// keys are refused at New, and the key never prints.
func TestInjectedKey(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	s, err := adobeims.New(adobeims.Config{Key: key}, func() time.Time { return t0 })
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, adobeims.PathKeys, nil))
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &set))
	assert.True(t, key.PublicKey.Equal(jwkPublicKey(t, set.Keys[0])))

	// Without a key, every service of the process shares one.
	a, err := adobeims.New(adobeims.Config{}, nil)
	require.NoError(t, err)
	b, err := adobeims.New(adobeims.Config{}, nil)
	require.NoError(t, err)
	assert.Same(t, a.Config().Key, b.Config().Key)

	weak, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	_, err = adobeims.New(adobeims.Config{Key: weak}, nil)
	assert.ErrorContains(t, err, "1024 bits")
	broken := *key
	broken.D = big.NewInt(3)
	_, err = adobeims.New(adobeims.Config{Key: &broken}, nil)
	assert.Error(t, err)

	cfg := adobeims.Config{Key: key}
	secretDigits := key.D.String()[:20]
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, sprintf(format, cfg), secretDigits, format)
		assert.NotContains(t, sprintf(format, struct{ C adobeims.Config }{cfg}), secretDigits, format)
	}
	j, err := json.Marshal(cfg)
	require.NoError(t, err)
	assert.NotContains(t, string(j), secretDigits)
	assert.NotContains(t, string(j), `"D"`)
}
