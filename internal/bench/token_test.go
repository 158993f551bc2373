package bench

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// tokenAnswers are real answers' shapes and ways they go wrong.
var tokenAnswers = []struct {
	name    string
	body    string
	token   string // "" when not ok
	expires int64
}{
	{"zoho refresh", `{"access_token":"1000.1f2e.3d4c","scope":"ZohoCRM.modules.ALL ZohoCRM.settings.ALL","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600}`, "1000.1f2e.3d4c", 3600},
	{"ims", `{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln","token_type":"bearer","expires_in":86399}`, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", 86399},
	{"bare", string(bareToken), bareRefreshToken, 3600},
	{"white space", " \r\n{ \"expires_in\" : 0 ,\t\"access_token\" : \"t\" }\n", "t", 0},
	{"nested values passed over", `{"a":{"b":[1,-2.5e+3,true,false,null,"x\"y"]},"access_token":"t","expires_in":5,"c":[]}`, "t", 5},
	{"the last of a repeated key", `{"access_token":"old","access_token":"new","expires_in":1,"expires_in":2}`, "new", 2},
	{"escaped token", `{"access_token":"a\/b\u0041","expires_in":1}`, "a/bA", 1},
	{"escaped key", `{"access_\u0074oken":"t","expires_in":1}`, "t", 1},
	{"non-ASCII token", `{"access_token":"é","expires_in":1}`, "é", 1},
	{"deeply nested", `{"x":` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `,"access_token":"t","expires_in":1}`, "t", 1},

	{"zoho throttle", `{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}`, "", 0},
	{"zoho error", `{"error":"invalid_code"}`, "", 0},
	{"ims error", `{"error":"invalid_client","error_description":"invalid client_id parameter"}`, "", 0},
	{"empty token", `{"access_token":"","expires_in":3600}`, "", 0},
	{"token not a string", `{"access_token":123,"expires_in":3600}`, "", 0},
	{"token null", `{"access_token":null,"expires_in":3600}`, "", 0},
	{"no expiry", `{"access_token":"t"}`, "", 0},
	{"expiry a string", `{"access_token":"t","expires_in":"3600"}`, "", 0},
	{"expiry a fraction", `{"access_token":"t","expires_in":3600.5}`, "", 0},
	{"expiry with an exponent", `{"access_token":"t","expires_in":1e3}`, "", 0},
	{"expiry negative", `{"access_token":"t","expires_in":-1}`, "", 0},
	{"expiry too large", `{"access_token":"t","expires_in":9223372036854775808}`, "", 0},
	{"key of another case", `{"Access_Token":"t","expires_in":1}`, "", 0},
	{"truncated", `{"access_token":"t","expires_in":36`, "", 0},
	{"unterminated string", `{"access_token":"t`, "", 0},
	{"trailing bytes", `{"access_token":"t","expires_in":1}x`, "", 0},
	{"two objects", `{"access_token":"t","expires_in":1}{}`, "", 0},
	{"trailing comma", `{"access_token":"t","expires_in":1,}`, "", 0},
	{"bad escape", `{"access_token":"t\x","expires_in":1}`, "", 0},
	{"raw control byte", "{\"access_token\":\"t\x01\",\"expires_in\":1}", "", 0},
	{"bad number elsewhere", `{"access_token":"t","expires_in":1,"n":01}`, "", 0},
	{"an array", `[{"access_token":"t","expires_in":1}]`, "", 0},
	{"null", `null`, "", 0},
	{"empty", ``, "", 0},
	{"HTML", `<html><body>502 Bad Gateway</body></html>`, "", 0},
}

func TestReadToken(t *testing.T) {
	for _, c := range tokenAnswers {
		t.Run(c.name, func(t *testing.T) {
			tok, exp, ok := readToken([]byte(c.body))
			assert.Equal(t, c.token != "", ok)
			assert.Equal(t, c.token, string(tok))
			assert.Equal(t, c.expires, exp)
			// encoding/json agrees.
			want, wantExp, wantOK := referenceToken([]byte(c.body))
			assert.Equal(t, wantOK, ok)
			assert.Equal(t, want, string(tok))
			assert.Equal(t, wantExp, exp)
		})
	}
}

func TestReadTokenTakesTheFastPath(t *testing.T) {
	for _, body := range [][]byte{[]byte(tokenAnswers[0].body), []byte(tokenAnswers[1].body), bareToken} {
		s := tokenScan{b: body}
		assert.Equal(t, scanOK, s.object(), "%s", body)
		assert.Equal(t, 0.0, testing.AllocsPerRun(100, func() { _, _, _ = readToken(body) }), "%s", body)
	}
}

// referenceToken is readToken's contract, by encoding/json alone: a JSON
// object whose "access_token" decodes to a non-empty string and whose
// "expires_in" decodes to an int64 of 0 or more (null is not one).
func referenceToken(body []byte) (string, int64, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return "", 0, false
	}
	var tok string
	var exp *int64
	if json.Unmarshal(m["access_token"], &tok) != nil || tok == "" ||
		json.Unmarshal(m["expires_in"], &exp) != nil || exp == nil || *exp < 0 {
		return "", 0, false
	}
	return tok, *exp, true
}

func FuzzReadToken(f *testing.F) {
	for _, c := range tokenAnswers {
		f.Add([]byte(c.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		orig := bytes.Clone(body)
		tok, exp, ok := readToken(body)
		want, wantExp, wantOK := referenceToken(body)
		if ok != wantOK || string(tok) != want || exp != wantExp {
			t.Fatalf("readToken(%q) = %q, %d, %v; encoding/json: %q, %d, %v", body, tok, exp, ok, want, wantExp, wantOK)
		}
		if !bytes.Equal(body, orig) {
			t.Fatal("readToken changed its input")
		}
	})
}
