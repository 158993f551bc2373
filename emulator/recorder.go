package emulator

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
)

// recorder holds a service's answer until the front door has judged it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
	// shared is the body's first part when the handler wrote it by
	// reference (httpx.WriteShared): immutable, and known by identity.
	shared []byte
}

func newRecorder() *recorder { return &recorder{header: http.Header{}, status: http.StatusOK} }

// recorders are reused across requests: the front door takes one per
// exchange and releases it once the answer is sent and journaled.
var recorders = sync.Pool{New: func() any { return newRecorder() }}

func getRecorder() *recorder { return recorders.Get().(*recorder) }

// maxPooledBody keeps unusually large answers' buffers out of the pool.
const maxPooledBody = 128 << 10

func (r *recorder) release() {
	if r.body.Cap() > maxPooledBody {
		return
	}
	clear(r.header)
	r.status, r.wrote, r.shared = http.StatusOK, false, nil
	r.body.Reset()
	recorders.Put(r)
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.wrote || r.body.Len() == 0 {
		r.grow()
	}
	r.wrote = true
	return r.body.Write(b)
}

// WriteShared writes p, which is never changed afterwards, remembering it
// when it starts the body.
func (r *recorder) WriteShared(p []byte) (int, error) {
	if r.body.Len() == 0 && r.shared == nil {
		r.shared = p
	}
	return r.Write(p)
}

// grow makes room for the whole body when the handler has declared its
// length, so that a large answer written in parts is copied once.
func (r *recorder) grow() {
	cl := r.header["Content-Length"]
	if len(cl) != 1 {
		return
	}
	if n, err := strconv.Atoi(cl[0]); err == nil && n > r.body.Cap() && n <= defaultMaxBody {
		r.body.Grow(n)
	}
}

// flush sends the recorded answer.
func (r *recorder) flush(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	if r.body.Len() > 0 && h.Get("Content-Length") == "" {
		h.Set("Content-Length", strconv.Itoa(r.body.Len()))
	}
	w.WriteHeader(r.status)
	if r.body.Len() > 0 {
		_, _ = w.Write(r.body.Bytes())
	}
}
