package zohocrm

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzParseVersion holds the API version reader (the path segment and the
// configuration's text form) to: no panic; a version read writes back as
// the same text; the two readers agree.
func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"v2", "v2.1", "v8", "v9", "V2", "v2.", "", "v", "2", "v8\x00", "v2.1.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseVersion(s)
		var fromText Version
		err := fromText.UnmarshalText([]byte(s))
		if !ok {
			if s != "" {
				assert.Error(t, err, "%q", s)
			}
			return
		}
		require.NoError(t, err)
		assert.Equal(t, v, fromText)
		assert.Equal(t, s, v.String())
		b, err := v.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, s, string(b))
	})
}
