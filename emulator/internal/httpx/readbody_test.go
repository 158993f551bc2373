package httpx

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
)

// readBodyRef is ReadBody as first written: io.ReadAll of limit+1 bytes.
func readBodyRef(r *http.Request, limit int) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > limit {
		return nil, ErrTooLarge
	}
	return b, nil
}

// TestReadBodyDeclared: a body that declares its length reads as
// io.ReadAll reads it, whether the declaration holds or not.
func TestReadBodyDeclared(t *testing.T) {
	const limit = 10
	for _, tt := range []struct {
		name     string
		body     string
		declared int64
		broken   bool
		oneByte  bool
	}{
		{"declared", "a=1&b=2", 7, false, false},
		{"declared, one byte at a time", "a=1&b=2", 7, false, true},
		{"undeclared", "a=1&b=2", -1, false, false},
		{"at the limit", strings.Repeat("x", limit), limit, false, false},
		{"over the limit", strings.Repeat("x", limit+5), limit + 5, false, false},
		{"more than declared, within the limit", "a=1&b=2&c", 3, false, false},
		{"more than declared, over the limit", strings.Repeat("x", 3*limit), 3, false, true},
		{"exactly the limit past a short declaration", strings.Repeat("x", limit), 2, false, false},
		{"one past the limit past a short declaration", strings.Repeat("x", limit+1), 2, false, false},
		{"less than declared", "a=1", 8, false, false},
		{"breaks off", "a=1&b=2", 7, true, false},
		{"breaks off after the declared length", "a=1&b=2", 3, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := func() *http.Request {
				r, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/", nil)
				var rd io.Reader = strings.NewReader(tt.body)
				if tt.broken {
					rd = io.MultiReader(strings.NewReader(tt.body[:5]), iotest.ErrReader(io.ErrUnexpectedEOF))
				}
				if tt.oneByte {
					rd = iotest.OneByteReader(rd)
				}
				r.Body, r.ContentLength = io.NopCloser(rd), tt.declared
				return r
			}
			want, wantErr := readBodyRef(req(), limit)
			got, err := ReadBody(req(), limit)
			assert.True(t, errors.Is(err, wantErr) || err == wantErr, "error %v, want %v", err, wantErr)
			assert.True(t, bytes.Equal(want, got), "%q, want %q", got, want)
		})
	}
}

// takenBody is a body read into memory already, as the front door's is.
type takenBody struct {
	*bytes.Reader
	b []byte
}

func (t takenBody) Take() []byte {
	rest := t.b[len(t.b)-t.Len():]
	_, _ = t.Seek(0, io.SeekEnd)
	return rest
}

// TestReadBodyTakesWhatWasReadAlready: a body read already is handed over,
// not copied, within the same limit, and is then at its end.
func TestReadBodyTakesWhatWasReadAlready(t *testing.T) {
	const limit = 10
	for _, tt := range []struct {
		name, body string
		tooLarge   bool
	}{
		{"empty", "", false},
		{"within the limit", "a=1&b=2", false},
		{"at the limit", strings.Repeat("x", limit), false},
		{"over the limit", strings.Repeat("x", limit+1), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.body)
			r, _ := http.NewRequest(http.MethodPost, "/", nil)
			r.Body = struct {
				ReadAlready
				io.Closer
			}{takenBody{bytes.NewReader(b), b}, io.NopCloser(nil)}
			got, err := ReadBody(r, limit)
			want, wantErr := readBodyRef(&http.Request{Body: io.NopCloser(strings.NewReader(tt.body))}, limit)
			assert.Equal(t, wantErr, err)
			assert.Equal(t, string(want), string(got))
			if tt.tooLarge {
				assert.ErrorIs(t, err, ErrTooLarge)
				return
			}
			if len(b) > 0 {
				assert.Same(t, &b[0], &got[0], "handed over, not copied")
			}
			n, err := r.Body.Read(make([]byte, 1))
			assert.Equal(t, 0, n)
			assert.ErrorIs(t, err, io.EOF, "the body is at its end once taken")
		})
	}
}
