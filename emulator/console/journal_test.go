package console_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/console"
)

// rowSeqs are the sequence numbers of a journal page's rows, in order.
func rowSeqs(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<details class="entry[^"]*" id="e(\d+)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestJournalFilters(t *testing.T) {
	e := fullJournal(t, 10000) // entry i has sequence number i+1
	h := e.Handler()
	get := func(path string) string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, console.Prefix+path, nil))
		require.Equal(t, http.StatusOK, rec.Code, path)
		return rec.Body.String()
	}
	for _, tc := range []struct {
		path  string
		first []string // the newest rows, in order
		count int
	}{
		// The newest 200, the console's polls (i%8 == 3, seq%8 == 4) left out.
		{"journal", []string{"10000", "9999", "9998", "9997", "9995"}, 200},
		{"journal?console=on", []string{"10000", "9999", "9998", "9997", "9996"}, 200},
		// Zoho's {"error":"invalid_code"} in a 200 is a failure: i%40 == 2.
		{"journal?failed=on", []string{"9963", "9923", "9883"}, 200},
		{"journal?failed=on&q=oauth&limit=1000", []string{"9963"}, 250},
		{"journal?service=zoho-accounts&limit=3", []string{"9999", "9995", "9991"}, 3},
		{"journal?violations=on&limit=1000", []string{"9901", "9801"}, 100},
		{"journal?q=listruns&console=on&limit=5", []string{"10000", "9996", "9992", "9988", "9984"}, 5},
		{"journal/rows?after=9998", []string{"10000", "9999"}, 2},
		{"journal/rows?after=10000", nil, 0},
	} {
		t.Run(tc.path, func(t *testing.T) {
			seqs := rowSeqs(get(tc.path))
			assert.Len(t, seqs, tc.count)
			if tc.first != nil {
				require.GreaterOrEqual(t, len(seqs), len(tc.first))
				assert.Equal(t, tc.first, seqs[:len(tc.first)])
			}
		})
	}
	poll := get("journal/rows?after=9990")
	assert.Contains(t, poll, `class="journal-last" data-last="10000"`, "the live view goes on from the newest entry looked at")

	entry := get("journal/9901")
	assert.Contains(t, entry, "Contract violations")
	assert.Contains(t, entry, "/data/0/Email")
	assert.Contains(t, entry, "string doesn&#39;t match the format")
	assert.Contains(t, get("journal/9963"), `&#34;error&#34;: &#34;invalid_code&#34;`)
	assert.True(t, strings.Contains(get("journal?violations=on&limit=1"), `<span class="pill bad">contract</span>`))
}
