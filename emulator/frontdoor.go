package emulator

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/internal/redact"
	"github.com/zohoaep/zohoaep/internal/memo"
)

// service is one emulated API as the front door sees it.
type service struct {
	name      string
	prefix    string // path prefix it owns, after any /dc/{location}
	contract  *contracts.Pending
	handler   http.Handler
	writer    httpx.Writer
	catalogue map[string]httpx.Error
	tooLarge  httpx.Error // the vendor's answer to a body over its limit
	maxBody   int         // the body limit; 0 means defaultMaxBody
	// judgesSize says the handler answers a body over the limit itself
	// (its first maxBody+1 bytes), in the form the operation answers
	// (Zoho Accounts: an HTML page for the sign-in form, JSON for tokens).
	judgesSize bool
	// identify names the client and tenant of a request, for the journal
	// and fault rules.
	identify func(r *http.Request, body []byte) (client, tenant string)
	// before runs ahead of the service's handler (the dataflow runs that
	// fell due on the virtual clock, before Flow Service answers).
	before func(r *http.Request)
}

// journalBodyLimit bounds the body text a journal entry keeps, so that a
// full ring of large pages stays small (10,000 entries of 200 CRM records
// would hold some 600 MB).
const journalBodyLimit = 16 << 10

// journalBodies remembers the journal's form of large bodies by their
// bytes and content type: a page answered again is not redacted again.
var journalBodies = memo.New[string, string](4 << 20)

// journalMemoMin is the smallest body journalBodies remembers.
const journalMemoMin = 2 << 10

// journalBody is a body as the journal keeps it: redacted whole (so no
// secret is cut in two), then cut to journalBodyLimit bytes.
func journalBody(contentType string, body []byte) string {
	if len(body) < journalMemoMin {
		return cutBody(redact.Body(contentType, body))
	}
	s, known, k := journalBodies.Get(contentType, body)
	if !known {
		s = cutPrefix(redact.BodyPrefix(contentType, body, journalBodyLimit))
		journalBodies.Put(k, body, s)
	}
	return s
}

// cutBody cuts a redacted body to journalBodyLimit bytes.
func cutBody(s string) string { return cutPrefix(s, len(s)) }

// cutPrefix is cutBody of a redacted body of the given length, of which
// prefix holds the first journalBodyLimit+1 bytes at least (or all).
func cutPrefix(prefix string, length int) string {
	if length <= journalBodyLimit {
		return prefix
	}
	cut := journalBodyLimit
	for cut > 0 && !utf8.RuneStart(prefix[cut]) {
		cut--
	}
	return prefix[:cut] + "…[" + strconv.Itoa(length-cut) + " more bytes]"
}

// defaultMaxBody bounds a request body the front door reads.
const defaultMaxBody = 1 << 20

// serveHTTP is the front door every request passes.
func (e *Emulator) serveHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	virtual := e.now()
	land, path, ok := e.land(r)
	svc := e.serviceFor(path)
	entry := &journaled{Entry: journal.Entry{
		Time: started, VirtualTime: virtual, Method: r.Method, Path: r.URL.Path,
		Query: redact.Query(r.URL.RawQuery), Location: land.Location, SourceIP: addrString(land),
	}, header: e.journal.PackHeader(r.Header, redact.HeaderValue)}
	if svc != nil {
		entry.Service = svc.name
	}
	rec := getRecorder()
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p) // a fault cutting an HTTP/2 stream: the server resets it
			}
			// Never a stack trace or a bare 500: the vendor's own envelope.
			e.log.Error("handler panic", "path", r.URL.Path, "panic", p)
			rec = newRecorder()
			writerFor(svc).Error(rec, errors.New("panic"))
			rec.flush(w)
			entry.Status = rec.status
			e.metrics.observe(&entry.Entry)
			e.journal.AddPacked(entry.Entry, entry.header, "")
			return
		}
		rec.release() // sent and journaled: nothing refers to it any more
	}()
	if !ok || svc == nil {
		notFound(rec, path)
		e.finish(w, rec, entry, nil, started, svc)
		return
	}

	body, tooLarge := readBody(r, svc.maxBody)
	entry.Body = journalBody(r.Header.Get("Content-Type"), body)
	if tooLarge && !svc.judgesSize {
		writeTooLarge(rec, svc)
		e.finish(w, rec, entry, nil, started, svc)
		return
	}
	rd := &rec.in
	req := forward(r, path, body, land, rd)
	if svc.identify != nil {
		entry.Client, entry.Tenant = svc.identify(req, body)
	}

	var x *contracts.Exchange
	if !e.opts.NoValidation && !tooLarge { // an oversized body is the handler's to refuse, unjudged
		c, err := svc.contract.Contract()
		if err != nil {
			// An embedded contract that does not parse is a build defect:
			// answer in the vendor's envelope rather than unjudged.
			e.log.Error("contract", "service", svc.name, "err", err)
			svc.writer.Error(rec, err)
			e.finish(w, rec, entry, nil, started, svc)
			return
		}
		x = c.CheckRequestBody(req.Context(), req, body)
		entry.Operation = x.Operation()
		rd.rewind(req, body) // the contract has read it
	}

	// The control plane is never faulted, nor counted by fault rules.
	if svc.name != ServiceControl && e.fault(w, req, rec, svc, entry, x, started) {
		return
	}
	if svc.before != nil {
		svc.before(req)
	}
	svc.handler.ServeHTTP(rec, req)
	e.persist(rec, req, svc) // with --data-dir, durable before it is answered
	e.finish(w, rec, entry, x, started, svc)
}

// journaled is an exchange on its way to the journal, its headers packed
// straight from the request and the recorder.
type journaled struct {
	journal.Entry
	header, respHeader journal.PackedHeader
}

// parallelFinishMin is the size from which finish judges and redacts an
// answer at once (a page of records; a token answer is far smaller, and a
// goroutine would cost it more than it saves).
const parallelFinishMin = 16 << 10

// finish judges the response, sends it, and journals the exchange.
func (e *Emulator) finish(w http.ResponseWriter, rec *recorder, entry *journaled, x *contracts.Exchange, started time.Time, svc *service) {
	var verdict *contracts.Verdict
	key, keyed := answerKeyOf(rec, entry.Method, x) // answers.go
	known := false
	if keyed {
		entry.RespBody, known = answerKnown(key)
	}
	// A large new answer is judged and redacted at once, on two
	// goroutines: both only read it, and the client waits for both.
	given, hasGiven := rec.redactedBody()
	hasGiven = hasGiven && redact.JSONType(rec.header.Get("Content-Type"))
	var redacted chan string
	if !known && !hasGiven && x != nil && len(rec.bytes()) >= parallelFinishMin {
		redacted = make(chan string, 1)
		go func(contentType string, body []byte) {
			defer func() {
				if recover() != nil { // never the process: the body goes unjournaled
					redacted <- redact.Mask
				}
			}()
			redacted <- journalBody(contentType, body)
		}(rec.header.Get("Content-Type"), rec.bytes())
	}
	if x != nil {
		var v contracts.Verdict
		if known {
			v = x.Verdict() // the response broke no rule before
		} else {
			v = x.CheckResponse(context.Background(), rec.status, rec.header, rec.bytes())
		}
		verdict = &v
	}
	entry.Status = rec.status
	entry.respHeader = e.journal.PackHeader(rec.header, redact.HeaderValue)
	if !known {
		switch {
		case hasGiven: // the handler's own redaction of what it wrote (a token)
			entry.RespBody = cutBody(given)
		case redacted != nil:
			entry.RespBody = <-redacted
		default:
			entry.RespBody = journalBody(rec.header.Get("Content-Type"), rec.bytes())
		}
		if keyed && (verdict == nil || len(verdict.On(contracts.Response)) == 0) {
			rememberAnswer(key, rec.shared, entry.RespBody)
		}
	}
	// Journal first, then answer: a client that reads the journal after
	// its answer must find the exchange there.
	e.record(entry, x, verdict, started)
	rec.flush(w)
}

func (e *Emulator) record(entry *journaled, x *contracts.Exchange, verdict *contracts.Verdict, started time.Time) {
	if verdict == nil && x != nil {
		v := x.Verdict()
		verdict = &v
	}
	entry.Verdict = verdict
	entry.DurationMS = float64(time.Since(started).Microseconds()) / 1000
	e.metrics.observe(&entry.Entry)
	e.journal.AddPacked(entry.Entry, entry.header, entry.respHeader)
	if e.log.Enabled(context.Background(), slog.LevelDebug) { // the attributes cost even when discarded
		e.log.Debug("exchange", "service", entry.Service, "operation", entry.Operation,
			"method", entry.Method, "path", entry.Path, "status", entry.Status)
	}
}

// readBody reads at most limit bytes (defaultMaxBody when 0); tooLarge
// says there was more.
func readBody(r *http.Request, limit int) (body []byte, tooLarge bool) {
	if limit == 0 {
		limit = defaultMaxBody
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, false
	}
	if n := r.ContentLength; n > 0 && n <= int64(limit) {
		// Declared: one buffer of that size, and a read past it to see
		// whether more than declared comes (net/http stops at it).
		b := make([]byte, n, n+1)
		read, err := io.ReadFull(r.Body, b)
		if err != nil {
			return b[:read], false // a truncated body is the handler's to judge
		}
		if extra, _ := r.Body.Read(b[n : n+1]); extra > 0 {
			rest, _ := io.ReadAll(io.LimitReader(r.Body, int64(limit)-n))
			b = append(b[:n+1], rest...)
			return b, len(b) > limit
		}
		return b, false
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
	if err != nil {
		return b, false // a truncated body is the handler's to judge
	}
	return b, len(b) > limit
}

// forward is r as the service sees it: the data-centre prefix stripped,
// the body read from rd (re-readable: rd.rewind), the landing in its context.
func forward(r *http.Request, path string, body []byte, land httpx.Landing, rd *bodyReader) *http.Request {
	req := httpx.WithLanding(r, land)
	if path != r.URL.Path {
		u := *r.URL
		u.Path, u.RawPath = path, ""
		req.URL = &u
	}
	rd.rewind(req, body)
	return req
}

// bodyReader is a request body the front door reads again from the start
// after the contract has read it. A handler's httpx.ReadBody takes its
// bytes rather than copying them (httpx.ReadAlready).
type bodyReader struct {
	bytes.Reader
	body []byte
}

func (*bodyReader) Close() error { return nil }

func (rd *bodyReader) rewind(r *http.Request, body []byte) {
	rd.Reset(body)
	rd.body = body
	r.Body = rd
	r.ContentLength = int64(len(body))
}

// Take hands over the unread rest of the body and leaves none.
func (rd *bodyReader) Take() []byte {
	rest := rd.body[len(rd.body)-rd.Len():]
	_, _ = rd.Seek(0, io.SeekEnd)
	return rest
}

func (e *Emulator) serviceFor(path string) *service {
	for _, s := range e.services {
		if strings.HasPrefix(path, s.prefix) {
			return s
		}
	}
	return nil
}

func writerFor(svc *service) httpx.Writer {
	if svc == nil {
		return frontWriter
	}
	return svc.writer
}

// frontWriter answers requests no service owns.
var frontWriter = httpx.Writer{ContentType: "application/json", Internal: func(error) httpx.Error {
	return &frontError{Code: "internal_error", Message: "internal error", status: http.StatusInternalServerError}
}}

type frontError struct {
	Code    string `json:"error"`
	Message string `json:"message"`
	status  int
}

func (e *frontError) Error() string { return e.Message }
func (e *frontError) Status() int   { return e.status }
func (e *frontError) Body() any     { return e }

func writeTooLarge(w http.ResponseWriter, svc *service) {
	if svc.tooLarge != nil {
		svc.writer.Error(w, svc.tooLarge)
		return
	}
	frontWriter.Error(w, &frontError{Code: "request_too_large", Message: "the request body is over 1 MiB", status: http.StatusRequestEntityTooLarge})
}

func notFound(w http.ResponseWriter, path string) {
	frontWriter.Error(w, &frontError{Code: "not_found", Message: "zohoaep serves nothing at " + path, status: http.StatusNotFound})
}

func addrString(l httpx.Landing) string {
	if !l.Source.IsValid() {
		return ""
	}
	if last := lastSource.Load(); last != nil && last.addr == l.Source {
		return last.s // the same caller as the last request: no new string
	}
	s := l.Source.String()
	lastSource.Store(&sourceString{l.Source, s})
	return s
}

// lastSource is the last source address written, with its text.
var lastSource atomic.Pointer[sourceString]

type sourceString struct {
	addr netip.Addr
	s    string
}

// fault applies the first fault rule that fires for the request, if any;
// handled says the exchange is over (answered or cut).
func (e *Emulator) fault(w http.ResponseWriter, req *http.Request, rec *recorder, svc *service, entry *journaled, x *contracts.Exchange, started time.Time) (handled bool) {
	call := faults.Call{Service: svc.name, Operation: entry.Operation, Tenant: entry.Tenant, Client: entry.Client}
	rule, fired := e.faults.Decide(call, entry.VirtualTime)
	if !fired {
		return false
	}
	entry.Fault = rule.ID
	if done := e.applyFault(w, req, rec, svc, rule.Action); done {
		entry.Status = 0 // no reply was sent
		e.record(entry, x, nil, started)
		return true
	}
	if rule.Action.Answers() {
		e.finish(w, rec, entry, nil, started, svc) // a fault's answer is not judged
		return true
	}
	return false // a delay alone: the service answers
}
