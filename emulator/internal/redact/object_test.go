package redact

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// document writes members as a JSON object, as a service would answer them.
func document(members []Member) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + m.Key + `":`)
		if m.Quoted {
			b.WriteString(`"` + m.Value + `"`)
		} else {
			b.WriteString(m.Value)
		}
	}
	b.WriteByte('}')
	return b.String()
}

const zohoToken = "1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef"

func TestObjectIsJSONOfTheDocument(t *testing.T) {
	tests := []struct {
		name    string
		members []Member
		ok      bool
	}{
		{"a token answer", []Member{{"access_token", zohoToken, true}, {"scope", "ZohoCRM.modules.ALL", true},
			{"api_domain", "https://www.zohoapis.com", true}, {"token_type", "Bearer", true}, {"expires_in", "3600", false}}, true},
		{"with a refresh token", []Member{{"access_token", zohoToken, true}, {"refresh_token", zohoToken, true}, {"expires_in", "-1.5e3", false}}, true},
		{"a secret that is no token", []Member{{"client_secret", "abc", true}, {"code", "INVALID_TOKEN", true}, {"ok", "true", false}}, true},
		{"empty strings", []Member{{"", "", true}, {"access_token", "", true}}, true},
		{"a string to escape", []Member{{"scope", `a"b`, true}}, false},
		{"HTML", []Member{{"scope", "<b>", true}}, false},
		{"not ASCII", []Member{{"scope", "é", true}}, false},
		{"a bad literal", []Member{{"n", "1x", false}}, false},
		{"an empty literal", []Member{{"n", "", false}}, false},
		{"a repeated key", []Member{{"a", "1", false}, {"a", "2", false}}, false},
		{"none", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := document(tt.members)
			got, ok := Object(append([]Member(nil), tt.members...))
			require.Equal(t, tt.ok, ok)
			if ok {
				assert.Equal(t, JSON([]byte(doc)), got)
				assert.NotContains(t, got, zohoToken)
			}
		})
	}
}

// FuzzObjectAgreesWithJSON: whenever Object answers, it is JSON's answer
// for the document of those members; whenever flatJSON takes the document,
// Object answers.
func FuzzObjectAgreesWithJSON(f *testing.F) {
	f.Add("access_token", zohoToken, true, "expires_in", "3600", false, "scope", "A.b.C", true)
	f.Add("refresh_token", "x", true, "password", "y", true, "n", "null", false)
	f.Add("a", "<", true, "b", `\`, true, "c", "1.", false)
	f.Fuzz(func(t *testing.T, k1, v1 string, q1 bool, k2, v2 string, q2 bool, k3, v3 string, q3 bool) {
		members := []Member{{k1, v1, q1}, {k2, v2, q2}, {k3, v3, q3}}
		doc := []byte(document(members))
		flat, flatOK := flatJSON(doc)
		got, ok := Object(append([]Member(nil), members...))
		if ok {
			if want := JSON(doc); got != want {
				t.Fatalf("Object %q, JSON %q", got, want)
			}
		}
		trimmed := true // Object refuses a literal with anything around it
		for _, m := range members {
			trimmed = trimmed && (m.Quoted || m.Value != "" && literalEnd(m.Value, 0) == len(m.Value))
		}
		if flatOK && !ok && trimmed && !strings.ContainsAny(k1+v1+k2+v2+k3+v3, `"`) {
			t.Fatalf("flatJSON took %q (%q), Object did not", doc, flat)
		}
	})
}
