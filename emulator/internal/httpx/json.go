package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
)

// Error is an error that knows its wire form: the vendor's status and body.
type Error interface {
	error
	Status() int
	Body() any
}

// Response lets a handler choose the status and headers of a success.
type Response struct {
	Status int
	Header http.Header
	Body   any // nil writes no body
}

// Writer writes handler results as JSON in one service's dialect.
type Writer struct {
	// ContentType of every JSON body, e.g. "application/json;charset=UTF-8".
	ContentType string
	// Internal turns an error that is not an Error into the vendor's
	// internal-error envelope, so nothing ever leaks as a bare 500.
	Internal func(error) Error
}

// HandlerFunc is a handler that returns its result; see Writer.JSON.
type HandlerFunc func(r *http.Request) (any, error)

// JSON adapts h: a value is written with 200, a Response as it says, an
// error in its own wire form.
func (wr Writer) JSON(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := h(r)
		if err != nil {
			wr.Error(w, err)
			return
		}
		wr.Respond(w, v)
	})
}

// Respond writes a handler's value: a Response as it says (status 200 when
// zero, no body when nil), anything else as JSON with 200.
func (wr Writer) Respond(w http.ResponseWriter, v any) {
	resp, ok := v.(Response)
	if !ok {
		wr.Write(w, http.StatusOK, v)
		return
	}
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
	}
	if resp.Body == nil {
		w.WriteHeader(status)
		return
	}
	wr.Write(w, status, resp.Body)
}

// Error writes err in its wire form.
func (wr Writer) Error(w http.ResponseWriter, err error) {
	var e Error
	if !errors.As(err, &e) {
		e = wr.Internal(err)
	}
	wr.Write(w, e.Status(), e.Body())
}

// Appender is a body that writes its own JSON: exactly what
// encoding/json, with HTML escaping off, writes for it (without the
// newline), only without reflection. A fixed answer on a hot path (a token)
// implements it, tested byte for byte against encoding/json.
type Appender interface {
	AppendJSON(b []byte) []byte
}

// Redacter is a body that knows the journal's form of itself: what
// redact.Body makes of the JSON it writes (ok false when it cannot say,
// and the journal redacts the body it reads).
type Redacter interface {
	Redacted() (string, bool)
}

// RedactedWriter is a ResponseWriter that takes the journal's form of the
// body written next (the front door's recorder), so that the journal need
// not read the body back to redact it.
type RedactedWriter interface {
	http.ResponseWriter
	TakeRedacted(s string)
}

// AppendString appends s as encoding/json writes a string with HTML
// escaping off.
func AppendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return appendStringSlow(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendStringSlow is AppendString for strings with something to escape
// (or anything not printable ASCII): encoding/json's own answer.
func appendStringSlow(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// encoder is a pooled buffer with its JSON encoder.
type encoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var encoders = sync.Pool{New: func() any {
	e := &encoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}}

// maxPooled keeps unusually large bodies' buffers out of the pool.
const maxPooled = 64 << 10

// Write writes body as JSON with status.
func (wr Writer) Write(w http.ResponseWriter, status int, body any) {
	e := encoders.Get().(*encoder)
	defer func() {
		if e.buf.Cap() <= maxPooled {
			e.buf.Reset()
			encoders.Put(e)
		}
	}()
	if a, ok := body.(Appender); ok {
		e.buf.Write(a.AppendJSON(e.buf.AvailableBuffer()))
	} else if err := e.enc.Encode(body); err != nil {
		// Only a programming error gets here; still answer in the vendor's form.
		ie := wr.Internal(err)
		e.buf.Reset()
		_ = json.NewEncoder(&e.buf).Encode(ie.Body())
		status = ie.Status()
	}
	b := bytes.TrimSuffix(e.buf.Bytes(), []byte("\n"))
	if rw, ok := w.(RedactedWriter); ok {
		if r, ok := body.(Redacter); ok {
			if s, ok := r.Redacted(); ok {
				rw.TakeRedacted(s)
			}
		}
	}
	h := w.Header()
	h["Content-Type"] = headerValue(wr.ContentType)
	h["Content-Length"] = lengthValue(len(b))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// headerValue is []string{v}, shared while v repeats: answers of one
// service carry the same Content-Type, and a header value is replaced,
// never changed in place (Header.Set and Add make new slices).
func headerValue(v string) []string {
	slot := &recentValues[len(v)%len(recentValues)]
	if p := slot.Load(); p != nil && (*p)[0] == v {
		return *p
	}
	s := []string{v}
	slot.Store(&s)
	return s
}

// lengthValue is headerValue of n in decimal, without formatting n again
// while it repeats (a token answer's length).
func lengthValue(n int) []string {
	slot := &recentLengths[n%len(recentLengths)]
	if p := slot.Load(); p != nil && p.n == n {
		return p.v
	}
	l := &length{n, []string{strconv.Itoa(n)}}
	slot.Store(l)
	return l.v
}

type length struct {
	n int
	v []string
}

var (
	recentValues  [8]atomic.Pointer[[]string]
	recentLengths [16]atomic.Pointer[length]
)
