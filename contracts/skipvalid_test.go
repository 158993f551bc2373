package contracts

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

var skipValidCases = []string{
	`{}`, `[]`, `""`, `"a\"b"`, `"\u00e9\uD83D"`, `"\u00g0"`, `"\x"`, "\"\x01\"", "\"caf\xc3\xa9\"", "\"\xff\"",
	`0`, `-0`, `01`, `-`, `1.`, `1.5`, `1e5`, `1E+5`, `1e`, `-1.25e-3`, `.5`, `+1`,
	`true`, `tru`, `false`, `null`, `nul`, `nulll`,
	`{"a":1}`, `{"a" : [1, 2 ,{"b":null}] }`, `{"a":1,}`, `{"a"}`, `{"a":}`, `{,}`, `{"a":1 "b":2}`,
	`[1,]`, `[,1]`, `[1 2]`, `[[[]]]`, `[{"data":[{"id":"1","x":{"y":[true,false]}}],"info":{"more_records":true}}]`,
	`{"a":1}x`, "\t{ \"a\" :\n1 }\r\n", `{"a":1`, `[`, `"`,
}

// FuzzSkipValid holds the validating scanner to encoding/json: whatever it
// calls a valid value ending where the document ends, json.Valid accepts,
// and for documents no deeper than its bound it accepts whatever
// json.Valid accepts.
func FuzzSkipValid(f *testing.F) {
	for _, c := range skipValidCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		doc := string(body)
		end, ok := skipValid(doc, skipSpace(doc, 0), 0)
		ours := ok && skipSpace(doc, end) == len(doc)
		if strings.Count(doc, "[")+strings.Count(doc, "{") > maxSkipDepth && !ours {
			return // too deep for us, kin-openapi judges
		}
		assert.Equal(t, json.Valid(body), ours, "%q", body)
	})
}

func TestSkipValidAgreesWithEncodingJSON(t *testing.T) {
	for _, c := range skipValidCases {
		end, ok := skipValid(c, skipSpace(c, 0), 0)
		assert.Equal(t, json.Valid([]byte(c)), ok && skipSpace(c, end) == len(c), "%q", c)
	}
	deep := strings.Repeat("[", maxSkipDepth+2) + strings.Repeat("]", maxSkipDepth+2)
	_, ok := skipValid(deep, 0, 0)
	assert.False(t, ok, "deeper than the bound: left to kin-openapi")
}
