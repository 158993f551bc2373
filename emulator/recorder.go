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
	// Until joined, body holds only what follows it.
	shared []byte
	joined bool // body holds shared and what follows
	// redacted is the journal's form of the body, from the handler's
	// answer (httpx.RedactedWriter), while redactedState says it is the
	// form of the whole body: taken before the first write, and that
	// write the only one.
	redacted      string
	redactedState uint8
	// in is the request's body as the service reads it, pooled with
	// the answer since both live exactly as long as the exchange.
	in bodyReader
}

const (
	redactedNone    = iota
	redactedPending // taken; the body's one write comes next
	redactedWhole   // the body is that one write
)

// TakeRedacted takes the journal's form of the body about to be written
// in one write; anything else written makes it void.
func (r *recorder) TakeRedacted(s string) {
	if r.body.Len() == 0 && r.shared == nil {
		r.redacted, r.redactedState = s, redactedPending
		return
	}
	r.redacted, r.redactedState = "", redactedNone
}

// redactedBody is the journal's form of the body, when the handler gave it.
func (r *recorder) redactedBody() (string, bool) {
	return r.redacted, r.redactedState == redactedWhole && r.shared == nil
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
	r.status, r.wrote, r.shared, r.joined = http.StatusOK, false, nil, false
	r.redacted, r.redactedState = "", redactedNone
	r.body.Reset()
	r.in = bodyReader{} // keep no request body alive
	recorders.Put(r)
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.shared == nil && (!r.wrote || r.body.Len() == 0) {
		r.grow()
	}
	r.wrote = true
	if r.redactedState == redactedPending {
		r.redactedState = redactedWhole
	} else {
		r.redacted, r.redactedState = "", redactedNone
	}
	return r.body.Write(b)
}

// WriteShared takes p, which is never changed afterwards, by reference
// when it starts the body; it is copied only if the whole body is asked
// for (bytes).
func (r *recorder) WriteShared(p []byte) (int, error) {
	if r.body.Len() == 0 && r.shared == nil && len(p) > 0 {
		r.shared, r.wrote = p, true
		r.redacted, r.redactedState = "", redactedNone
		return len(p), nil
	}
	return r.Write(p)
}

// bytes is the whole body.
func (r *recorder) bytes() []byte {
	if r.shared != nil && !r.joined {
		rest := r.body.Bytes()
		whole := make([]byte, 0, len(r.shared)+len(rest))
		whole = append(append(whole, r.shared...), rest...)
		r.body.Reset()
		r.body.Write(whole)
		r.joined = true
	}
	return r.body.Bytes()
}

// rest is the body after the shared part.
func (r *recorder) rest() []byte {
	if r.joined {
		return r.body.Bytes()[len(r.shared):]
	}
	return r.body.Bytes()
}

// size is the body's length.
func (r *recorder) size() int {
	if r.shared != nil && !r.joined {
		return len(r.shared) + r.body.Len()
	}
	return r.body.Len()
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
	if n := r.size(); n > 0 && h.Get("Content-Length") == "" {
		h.Set("Content-Length", strconv.Itoa(n))
	}
	w.WriteHeader(r.status)
	if r.shared != nil && !r.joined {
		_, _ = w.Write(r.shared)
	}
	if r.body.Len() > 0 {
		_, _ = w.Write(r.body.Bytes())
	}
}
