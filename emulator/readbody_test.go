package emulator

import (
	"bytes"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// readBodyRef is readBody as first written.
func readBodyRef(r *http.Request, limit int) ([]byte, bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, false
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return b, false
	}
	return b, len(b) > limit
}

func TestReadBody(t *testing.T) {
	const limit = 10
	for _, tt := range []struct {
		name     string
		body     string
		declared int64
		broken   bool
	}{
		{"none", "", 0, false},
		{"declared", "a=1&b=2", 7, false},
		{"undeclared", "a=1&b=2", -1, false},
		{"at the limit", strings.Repeat("x", limit), limit, false},
		{"over the limit", strings.Repeat("x", limit+5), limit + 5, false},
		{"over, undeclared", strings.Repeat("x", limit+5), -1, false},
		{"more than declared", "a=1&b=2&c=3", 3, false},
		{"far more than declared", strings.Repeat("x", 3*limit), 3, false},
		{"less than declared", "a=1", 8, false},
		{"breaks off", "a=1&b=2", 7, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := func() *http.Request {
				r, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/", nil)
				if tt.body != "" || tt.declared != 0 {
					var rd io.Reader = strings.NewReader(tt.body)
					if tt.broken {
						rd = io.MultiReader(strings.NewReader(tt.body[:3]), iotest.ErrReader(io.ErrUnexpectedEOF))
					}
					r.Body = io.NopCloser(rd)
				}
				r.ContentLength = tt.declared
				return r
			}
			wantBody, wantLarge := readBodyRef(req(), limit)
			gotBody, gotLarge := readBody(req(), limit)
			assert.Equal(t, wantLarge, gotLarge)
			assert.True(t, bytes.Equal(wantBody, gotBody), "%q, want %q", gotBody, wantBody)
		})
	}
}

func TestAddrString(t *testing.T) {
	for _, a := range []string{"127.0.0.1", "127.0.0.1", "::1", "203.0.113.5", "127.0.0.1"} {
		l := httpx.Landing{Source: netip.MustParseAddr(a)}
		assert.Equal(t, a, addrString(l))
	}
	assert.Empty(t, addrString(httpx.Landing{}))
}
