package zohoaccounts

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/internal/redact"
)

// encodingJSON is what httpx.Writer wrote for an answer before it was an
// httpx.Appender: encoding/json, HTML escaping off, without the newline.
func encodingJSON(t testing.TB, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

type plainTokenResponse tokenResponse // the same fields, without AppendJSON

func TestTokenAnswerJSON(t *testing.T) {
	tok := "1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef"
	tests := []struct {
		name string
		resp tokenResponse
	}{
		{"refresh", tokenResponse{AccessToken: tok, Scope: "ZohoCRM.modules.ALL ZohoCRM.settings.READ", APIDomain: "https://www.zohoapis.com", TokenType: "Bearer", ExpiresIn: 3600}},
		{"code exchange", tokenResponse{AccessToken: tok, RefreshToken: tok, Scope: "openid", APIDomain: "http://127.0.0.1:9595/dc/eu", TokenType: "Bearer", ExpiresIn: 3600}},
		{"empty", tokenResponse{}},
		{"escapes", tokenResponse{AccessToken: "a\"b\\c\n\t\x01", Scope: "<&>", APIDomain: "ünï\u2028\xff", ExpiresIn: -7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := encodingJSON(t, plainTokenResponse(tt.resp))
			assert.Equal(t, string(want), string(tt.resp.AppendJSON(nil)))
			assert.Equal(t, string(want), string(tt.resp.AppendJSON([]byte("x"))[1:]), "appends")
			if got, ok := tt.resp.Redacted(); ok {
				assert.Equal(t, redact.Body(writer.ContentType, want), got)
			} else {
				assert.Equal(t, "escapes", tt.name, "only answers with strings to escape go the long way")
			}
		})
	}
}

func FuzzTokenAnswerJSON(f *testing.F) {
	f.Add("1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef", "", "ZohoCRM.modules.ALL", "https://www.zohoapis.com", "Bearer", 3600)
	f.Add("a\"b", "c\\d", "\x00\x1f\x7f", "\u2028\u2029", "<>&", -1)
	f.Add("\xff\xfe", "é", "", "", "", 0)
	f.Fuzz(func(t *testing.T, access, refresh, scope, domain, typ string, expires int) {
		resp := tokenResponse{AccessToken: access, RefreshToken: refresh, Scope: scope, APIDomain: domain, TokenType: typ, ExpiresIn: expires}
		want := encodingJSON(t, plainTokenResponse(resp))
		if got := resp.AppendJSON(nil); !bytes.Equal(want, got) {
			t.Fatalf("AppendJSON %q, encoding/json %q", got, want)
		}
	})
}

// FuzzTokenAnswerRedacted: the journal's form a token answer gives is
// redact.Body of the answer it writes.
func FuzzTokenAnswerRedacted(f *testing.F) {
	f.Add("1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef", "1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef", "ZohoCRM.modules.ALL", "https://www.zohoapis.com", "Bearer", 3600)
	f.Add("not a token", "", "openid email", "http://127.0.0.1:9595/dc/eu", "Bearer", 3600)
	f.Add("a<b", "", "a\"b", "\xff", "", -5)
	f.Fuzz(func(t *testing.T, access, refresh, scope, domain, typ string, expires int) {
		resp := tokenResponse{AccessToken: access, RefreshToken: refresh, Scope: scope, APIDomain: domain, TokenType: typ, ExpiresIn: expires}
		got, ok := resp.Redacted()
		if !ok {
			return
		}
		if want := redact.Body(writer.ContentType, resp.AppendJSON(nil)); got != want {
			t.Fatalf("Redacted %q, redact.Body %q", got, want)
		}
	})
}

// Refreshes repeating all but their access token reuse the redacted rest,
// and still write what redact.Body writes.
func TestRefreshAnswersRedactedInTurn(t *testing.T) {
	tokens := []string{
		"1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef",
		"1000.fedcba9876543210fedcba9876543210.fedcba9876543210fedcba9876543210",
		"not a token",
	}
	for _, domain := range []string{"https://www.zohoapis.com", "https://www.zohoapis.com", "https://www.zohoapis.eu"} {
		for _, access := range tokens {
			resp := tokenResponse{AccessToken: access, Scope: "ZohoCRM.modules.ALL", APIDomain: domain, TokenType: "Bearer", ExpiresIn: 3600}
			got, ok := resp.Redacted()
			require.True(t, ok)
			assert.Equal(t, redact.Body(writer.ContentType, resp.AppendJSON(nil)), got)
			assert.NotContains(t, got, access[min(5, len(access)):])
		}
	}
}

// BenchmarkRefreshAnswerRedacted is the journal's redaction of a refresh's
// answer, a new access token each time.
func BenchmarkRefreshAnswerRedacted(b *testing.B) {
	resp := tokenResponse{AccessToken: "1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef",
		Scope: "ZohoCRM.modules.ALL ZohoCRM.settings.ALL AaaServer.profile.READ", APIDomain: "http://127.0.0.1:9595",
		TokenType: "Bearer", ExpiresIn: 3600}
	token := []byte(resp.AccessToken)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		token[5+i%32] = "0123456789abcdef"[i%16]
		resp.AccessToken = string(token)
		if _, ok := resp.Redacted(); !ok {
			b.Fatal("not redacted")
		}
	}
}
