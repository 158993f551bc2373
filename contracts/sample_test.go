package contracts

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFromPattern(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{`^[0-9]{1,19}$`, "1"},
		{`^[a-f]{2}$`, "aa"},
		{`^[A-Za-z][A-Za-z0-9_]*$`, "A"},
		{`^(user_hidden|system_hidden)(,(user_hidden|system_hidden))*$`, "user_hidden"},
		{`^1000\.[a-f0-9]{32}\.[a-f0-9]{32}$`, "1000." + strings.Repeat("1", 32) + "." + strings.Repeat("1", 32)},
		{`^[^@]+@[^@]+$`, "1@1"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			got, err := fromPattern(tt.pattern)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Regexp(t, regexp.MustCompile(tt.pattern), got)
		})
	}
	_, err := fromPattern(`(`)
	assert.Error(t, err)
}

// FuzzFromPattern: a pattern that parses never panics the generator, and a
// pattern anchored only at its ends matches what it generates.
func FuzzFromPattern(f *testing.F) {
	for _, seed := range []string{`^[0-9]{1,19}$`, `a+b*c?`, `(x|y){3}`, `[^a-z]`, `\d\w\s`, `.{2,5}`, `^$`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		re, err := regexp.Compile(pattern)
		if err != nil {
			return
		}
		got, err := fromPattern(pattern)
		if err != nil {
			return
		}
		inner := strings.TrimSuffix(strings.TrimPrefix(pattern, "^"), "$")
		if strings.ContainsAny(inner, "^$") || strings.Contains(inner, `\b`) || strings.Contains(inner, `\B`) ||
			strings.Contains(inner, `\A`) || strings.Contains(inner, `\z`) || strings.Contains(pattern, `(?`) {
			return
		}
		if !re.MatchString(got) {
			t.Errorf("pattern %q generated %q, which it does not match", pattern, got)
		}
	})
}
