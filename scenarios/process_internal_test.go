package scenarios

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLastJSON(t *testing.T) {
	for _, tc := range []struct {
		name, out string
		want      Outcome
		err       string
	}{
		{"one line", `{"ok":true}`, Outcome{OK: true}, ""},
		{"the last object wins", "{\"ok\":false}\nlog line\n{\"ok\":true,\"records\":3}\n", Outcome{OK: true, Records: 3}, ""},
		{"noise around", "starting\n{\"ok\":false,\"kind\":\"throttled\"}\nbye\n", Outcome{Kind: "throttled"}, ""},
		{"nothing", "hello\n", Outcome{}, "no JSON object"},
		{"broken", "{\"ok\":tru\n", Outcome{}, "invalid character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var o Outcome
			err := lastJSON([]byte(tc.out), &o)
			if tc.err != "" {
				assert.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, o)
		})
	}
}

// FuzzLastJSON feeds the process protocol's outcome reader arbitrary
// stdout: an outcome or an error, never a panic.
func FuzzLastJSON(f *testing.F) {
	f.Add([]byte(`{"ok":true,"url":"http://x"}`))
	f.Add([]byte("log\n{\"ok\":false,\"kind\":\"invalid_code\",\"detail\":\"x\"}\n"))
	f.Add([]byte("{\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var o Outcome
		_ = lastJSON(data, &o)
	})
}
