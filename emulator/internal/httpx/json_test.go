package httpx

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func encodingJSON(t testing.TB, v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// appended is a body that writes itself, as a token answer does.
type appended struct{ S string }

func (a appended) AppendJSON(b []byte) []byte {
	b = append(b, `{"S":`...)
	return append(AppendString(b, a.S), '}')
}

// TestWriteAppender: an Appender is written as it appends itself, with the
// headers every body gets.
func TestWriteAppender(t *testing.T) {
	wr := Writer{ContentType: "application/json;charset=UTF-8"}
	for _, s := range []string{"plain", "a\"b\\c\n", "<&>", "\xff"} {
		rec := httptest.NewRecorder()
		wr.Write(rec, 201, appended{s})
		want := encodingJSON(t, struct{ S string }{s})
		assert.Equal(t, 201, rec.Code)
		assert.Equal(t, want, rec.Body.String())
		assert.Equal(t, "application/json;charset=UTF-8", rec.Header().Get("Content-Type"))
		assert.Equal(t, len(want), int(rec.Result().ContentLength))
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "a\"b\\c", "\x00\x1f\x7f", "\u2028\u2029", "<>&", "\xff\xfe", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(AppendString([]byte("x"), s)), "x"+encodingJSON(t, s); got != want {
			t.Fatalf("AppendString %q, encoding/json %q", got, want)
		}
	})
}

// TestHeaderValuesAreExact: the shared header values are the values asked
// for, whatever came before (slots collide: 8 and 16 of them).
func TestHeaderValuesAreExact(t *testing.T) {
	types := []string{"application/json", "application/json;charset=UTF-8", "text/html; charset=utf-8", "a", "b", "application/problem+json"}
	for round := range 3 {
		for i := range 40 {
			v := types[(i+round)%len(types)]
			assert.Equal(t, []string{v}, headerValue(v))
			n := (i * 37) % 1000
			assert.Equal(t, []string{strconv.Itoa(n)}, lengthValue(n))
		}
	}
	a, b := headerValue("application/json"), headerValue("application/json")
	assert.Same(t, &a[0], &b[0], "shared while it repeats")
}
