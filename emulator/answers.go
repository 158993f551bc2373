package emulator

import (
	"net/http"
	"strings"
	"sync"
	"unsafe"

	"github.com/zohoaep/zohoaep/contracts"
)

// Answers built on an immutable part (a cached CRM page, written with
// httpx.WriteShared) are recognised by that part's identity: the same
// part, the same rest of the body, status, headers and operation make the
// same answer, so its contract verdict and journal form are those found
// the first time, without reading the page's bytes again. An entry keeps
// its part alive, so the part's address cannot be reused by another one
// while the entry exists. Only answers that broke no response rule are
// remembered.

// maxKnownAnswers and maxKnownBytes (of the parts kept alive) bound the
// answers remembered; the set is emptied when full.
const (
	maxKnownAnswers = 256
	maxKnownBytes   = 8 << 20
)

type answerKey struct {
	part     *byte // the shared part's first byte
	partLen  int
	rest     string // the body after it
	method   string
	status   int
	header   string // every header, names sorted, values joined
	contract string // "" when unvalidated
	op       string
}

type knownAnswer struct {
	part    []byte // keeps part alive
	journal string // the body as the journal keeps it
}

var knownAnswers = struct {
	sync.Mutex
	m     map[answerKey]knownAnswer
	bytes int
}{m: map[answerKey]knownAnswer{}}

// answerKeyOf is rec's key, false when its body does not start with a
// shared part.
func answerKeyOf(rec *recorder, method string, x *contracts.Exchange) (answerKey, bool) {
	part := rec.shared
	if len(part) == 0 {
		return answerKey{}, false
	}
	header, ok := headerKey(rec.header)
	if !ok {
		return answerKey{}, false
	}
	k := answerKey{part: unsafe.SliceData(part), partLen: len(part), rest: string(rec.rest()),
		method: method, status: rec.status, header: header}
	if x != nil {
		v := x.Verdict()
		k.contract, k.op = v.Contract, v.Operation
	}
	return k, true
}

// headerKey is h in one string, names sorted; false for more headers
// than it sorts.
func headerKey(h http.Header) (string, bool) {
	var arr [16]string
	names := arr[:0]
	for k := range h {
		if len(names) == len(arr) {
			return "", false
		}
		i := len(names)
		names = append(names, k)
		for ; i > 0 && names[i-1] > k; i-- {
			names[i] = names[i-1]
		}
		names[i] = k
	}
	var b strings.Builder
	for _, k := range names {
		b.WriteString(k)
		for _, v := range h[k] {
			b.WriteByte(0)
			b.WriteString(v)
		}
		b.WriteByte(1)
	}
	return b.String(), true
}

// answerKnown returns the journal form of an answer found valid before.
func answerKnown(k answerKey) (string, bool) {
	knownAnswers.Lock()
	defer knownAnswers.Unlock()
	a, ok := knownAnswers.m[k]
	return a.journal, ok
}

// rememberAnswer keeps an answer that broke no response rule.
func rememberAnswer(k answerKey, part []byte, journal string) {
	knownAnswers.Lock()
	defer knownAnswers.Unlock()
	if len(knownAnswers.m) >= maxKnownAnswers || knownAnswers.bytes+len(part) > maxKnownBytes {
		clear(knownAnswers.m)
		knownAnswers.bytes = 0
	}
	if _, ok := knownAnswers.m[k]; !ok {
		knownAnswers.bytes += len(part)
	}
	knownAnswers.m[k] = knownAnswer{part: part, journal: journal}
}
