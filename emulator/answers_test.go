package emulator

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sharedAnswer(part []byte, tail string, status int, header http.Header) *recorder {
	rec := newRecorder()
	for k, v := range header {
		rec.header[k] = v
	}
	rec.WriteHeader(status)
	_, _ = rec.WriteShared(part)
	_, _ = rec.Write([]byte(tail))
	return rec
}

func TestKnownAnswersAreExact(t *testing.T) {
	part := []byte(`{"data":[{"id":"1"}`)
	json := http.Header{"Content-Type": {"application/json"}}
	rec := sharedAnswer(part, `],"info":{}}`, 200, json)
	k, ok := answerKeyOf(rec, http.MethodGet, nil)
	require.True(t, ok)
	_, known := answerKnown(k)
	require.False(t, known)
	rememberAnswer(k, part, "journaled")
	got, known := answerKnown(k)
	require.True(t, known)
	assert.Equal(t, "journaled", got)

	for _, tt := range []struct {
		name   string
		rec    *recorder
		method string
		known  bool
	}{
		{"the same answer", sharedAnswer(part, `],"info":{}}`, 200, json), http.MethodGet, true},
		{"another tail", sharedAnswer(part, `],"info":{"x":1}}`, 200, json), http.MethodGet, false},
		{"another status", sharedAnswer(part, `],"info":{}}`, 201, json), http.MethodGet, false},
		{"another header value", sharedAnswer(part, `],"info":{}}`, 200, http.Header{"Content-Type": {"text/plain"}}), http.MethodGet, false},
		{"one more header", sharedAnswer(part, `],"info":{}}`, 200, http.Header{"Content-Type": {"application/json"}, "X-Api-Credits-Remaining": {"5"}}), http.MethodGet, false},
		{"another method", sharedAnswer(part, `],"info":{}}`, 200, json), http.MethodHead, false},
		{"equal bytes, another part", sharedAnswer(bytes.Clone(part), `],"info":{}}`, 200, json), http.MethodGet, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			k, ok := answerKeyOf(tt.rec, tt.method, nil)
			require.True(t, ok)
			_, known := answerKnown(k)
			assert.Equal(t, tt.known, known)
		})
	}

	plain := newRecorder()
	_, _ = plain.Write(part)
	_, ok = answerKeyOf(plain, http.MethodGet, nil)
	assert.False(t, ok, "a body written by copy is not known by identity")
}

// A shared part is kept by reference until the whole body is asked for;
// what is sent is the same either way.
func TestRecorderSharedPart(t *testing.T) {
	part := []byte(`{"data":[1,2,3]`)
	for _, join := range []bool{false, true} {
		rec := newRecorder()
		rec.header.Set("Content-Type", "application/json")
		_, _ = rec.WriteShared(part)
		_, _ = rec.Write([]byte(`,"info":{}}`))
		want := `{"data":[1,2,3],"info":{}}`
		if join {
			assert.Equal(t, want, string(rec.bytes()))
			assert.Equal(t, want, string(rec.bytes()), "joined once")
		}
		assert.Equal(t, `,"info":{}}`, string(rec.rest()))
		assert.Equal(t, len(want), rec.size())
		out := newRecorder()
		rec.flush(out)
		assert.Equal(t, want, out.body.String())
		assert.Equal(t, "26", out.header.Get("Content-Length"))
		assert.Equal(t, `{"data":[1,2,3]`, string(part), "the part is never written to")
		rec.release()
	}
}
