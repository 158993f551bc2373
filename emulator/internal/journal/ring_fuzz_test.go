package journal

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
)

// FuzzRoundTrip: whatever the strings and times, the ring gives an entry
// back as it went in (the packed headers and violations are
// length-prefixed, so no byte in them can be mistaken for a separator).
func FuzzRoundTrip(f *testing.F) {
	f.Add("zoho-accounts", "Content-Type", "application/json", "grant_type=refresh_token", "must be an integer", int64(1700000000), int32(5), 0)
	f.Add("", "", "", "", "", int64(-62135596800), int32(0), 19800)
	f.Add("\x00\xff", "X-\n", "\x80\x80", "é", "\x01\x02", int64(253402300799), int32(999999999), -3600)
	f.Fuzz(func(t *testing.T, s, name, value, body, message string, sec int64, nsec int32, offset int) {
		if nsec < 0 || nsec >= 1e9 || offset < -86400 || offset > 86400 {
			t.Skip()
		}
		at := time.Unix(sec, int64(nsec)).In(time.FixedZone(s, offset))
		in := Entry{
			Time: at, VirtualTime: at.UTC(), Service: s, Path: s, Body: body, RespBody: body + s,
			Header: map[string]string{name: value, value: name}, RespHeader: map[string]string{s: body},
			Verdict: &contracts.Verdict{Contract: s, Violations: []contracts.Violation{{Side: contracts.Side(name), Rule: value, Where: s, Message: message}}},
		}
		j := New(2)
		for range 3 { // the ring wraps: the first one's strings leave
			j.Add(in)
		}
		got := j.Query(Filter{})
		require.Len(t, got, 2)
		in.Seq = 3
		assert.Equal(t, in, got[1])
	})
}
