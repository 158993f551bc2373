package bundle_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/bundle"
)

const accessToken = "1000.90be74d31c1b5313923b413dac9b009d.fea754b862ceb19d31e2617cc54676be"

func fingerprint(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:8])
}

func small(t testing.TB) []byte {
	data, err := os.ReadFile("testdata/small.json")
	require.NoError(t, err)
	return bytes.ReplaceAll(data, []byte("sha256:4f0d5c1b2a3e6f78"), []byte(fingerprint(accessToken)))
}

func TestParseAndRequest(t *testing.T) {
	b, err := bundle.Parse(small(t))
	require.NoError(t, err)
	require.Len(t, b.Journal, 2)
	assert.Len(t, b.Failures(), 1)

	var gz bytes.Buffer
	require.NoError(t, b.Write(&gz))
	again, err := bundle.Parse(gz.Bytes())
	require.NoError(t, err, "gzip-compressed")
	assert.JSONEq(t, string(b.State), string(again.State))
	assert.Equal(t, b.Journal, again.Journal)

	crm, err := b.Request(context.Background(), b.Journal[1], "http://laptop.invalid")
	require.NoError(t, err)
	assert.Equal(t, "http://laptop.invalid/crm/v8/Leads?fields=Last_Name", crm.URL.String())
	assert.Equal(t, "Zoho-oauthtoken "+accessToken, crm.Header.Get("Authorization"))

	token, err := b.Request(context.Background(), b.Journal[0], "http://laptop.invalid")
	require.NoError(t, err)
	require.NoError(t, token.ParseForm())
	assert.Equal(t, "0123456789abcdef0123456789abcdef0123456789", token.PostForm.Get("client_secret"), "the client's secret, from the state")
	assert.Equal(t, "sha256:0011223344556677", token.PostForm.Get("code"), "a code the state no longer has stays a fingerprint")

	for _, tt := range []struct{ name, doc string }{
		{"not JSON", `{`},
		{"another version", `{"version":3,"state":{}}`},
		{"a state that is no object", `{"version":1,"state":[1]}`},
		{"no state", `{"version":1}`},
		{"a journal entry without a path", `{"version":1,"state":{},"journal":[{"method":"GET","path":""}]}`},
		{"broken gzip", "\x1f\x8b\x08garbage"},
	} {
		_, err := bundle.Parse([]byte(tt.doc))
		assert.Error(t, err, tt.name)
	}
}

// FuzzParse: any input is a bundle or an error, never a panic; every
// journal entry of a bundle that parses can be rebuilt as a request or
// refused.
func FuzzParse(f *testing.F) {
	f.Add(small(f))
	f.Add([]byte(`{"version":1,"state":{},"journal":[{"method":"POST","path":"/x","query":"client_secret=%5BREDACTED%5D&client_id=a","request_body":"sha256%3A0011223344556677"}]}`))
	var gz bytes.Buffer
	b, err := bundle.Parse(small(f))
	require.NoError(f, err)
	require.NoError(f, b.Write(&gz))
	f.Add(gz.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := bundle.Parse(data)
		if err != nil {
			return
		}
		for _, e := range b.Journal {
			r, err := b.Request(context.Background(), e, "http://laptop.invalid")
			if err == nil && !strings.HasPrefix(r.URL.String(), "http://laptop.invalid") {
				t.Errorf("request went to %s", r.URL)
			}
		}
	})
}
