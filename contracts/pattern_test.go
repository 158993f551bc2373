package contracts

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var fuzzPatterns = []string{
	`^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$`,
	`^https?://[^\s/?#]+(/[^\s?#]*)?$`,
	`^[0-9]{1,19}$`,
	`^[A-Z][a-z]\.x$`,
	`^[^a]b$`,
	`^(?i)ab$`,
	`ab`,
	`^a.c$`,
	`^é$`,
	`^[a-é]$`,
}

func TestFixedPatterns(t *testing.T) {
	p, err := compilePattern(fuzzPatterns[0])
	require.NoError(t, err)
	assert.Len(t, p.fixed, 70, "a Zoho token is matched byte by byte")
	assert.True(t, p.match(fastToken))
	assert.False(t, p.match(fastToken[:69]+"G"))
	for _, expr := range []string{`ab`, `^a.c$`, `^(?i)ab$`, `^[0-9]{1,19}$`} {
		p, err := compilePattern(expr)
		require.NoError(t, err)
		assert.Nil(t, p.fixed, expr)
	}
}

// FuzzPatternAgreesWithRegexp: the shortcuts answer as Go's regexp does.
func FuzzPatternAgreesWithRegexp(f *testing.F) {
	for i := range fuzzPatterns {
		f.Add(uint8(i), fastToken)
		f.Add(uint8(i), "http://127.0.0.1:9595")
		f.Add(uint8(i), "Ab.x")
		f.Add(uint8(i), "é")
	}
	f.Fuzz(func(t *testing.T, i uint8, s string) {
		expr := fuzzPatterns[int(i)%len(fuzzPatterns)]
		p, err := compilePattern(expr)
		require.NoError(t, err)
		want := regexp.MustCompile(expr).MatchString(s)
		for range 2 { // the second time through the memo
			if got := p.match(s); got != want {
				t.Fatalf("%s on %q: %v, regexp says %v", expr, s, got, want)
			}
		}
	})
}
