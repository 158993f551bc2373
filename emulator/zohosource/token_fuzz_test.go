package zohosource

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

// FuzzReadToken holds the runtime's reading of a Zoho token answer to: no
// panic on any body; what it reads from a JSON object is what
// encoding/json reads.
func FuzzReadToken(f *testing.F) {
	for _, s := range []string{
		`{"access_token":"1000.a.b","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600}`,
		`{"error":"invalid_code"}`, `{"error":"Access Denied","error_description":"You have made too many requests continuously. Please try again after some time.","status":"failure"}`,
		`{"access_token":1}`, `[]`, `null`, ``, `{"access_token":"a","access_token":"b"}`, `{"ACCESS_TOKEN":"x"}`, `{"api_domain":"\u0000"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got := readToken(body)
		var want tokenResponse
		if json.Unmarshal(body, &want) == nil {
			assert.Equal(t, want, got)
		}
	})
}
