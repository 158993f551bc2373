package bench

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

// class is what an answer was to the client that asked.
type class int

const (
	classOK        class = iota // the answer the request is for
	classThrottled              // the vendor's own throttle answer
	classFailed                 // any other answer
)

// post makes w's request a form POST of body to url.
func (w *worker) post(url string, body []byte) {
	r := w.req
	r.Reset()
	r.Header.SetMethod(fasthttp.MethodPost)
	r.SetRequestURI(url)
	r.Header.SetContentType(formType)
	r.SetBodyRaw(body) // shared, never changed
}

// get makes w's request a GET of url.
func (w *worker) get(url []byte) {
	r := w.req
	r.Reset()
	r.Header.SetMethod(fasthttp.MethodGet)
	r.SetRequestURIBytes(url)
}

// send sends w's request, reads the answer into w.resp, and times it.
func (w *worker) send() (time.Duration, error) {
	t0 := time.Now()
	err := w.wire.do(w.req, w.resp)
	return time.Since(t0), err
}

// ok reports whether the answer is status with a body holding want.
func (w *worker) answered(status int, want []byte) bool {
	return w.resp.StatusCode() == status && bytes.Contains(w.resp.Body(), want)
}

func excerpt(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// do sends one request of kind k (and first whatever renewal a client
// would make: a Zoho refresh for a token about to expire, an IMS token).
func (f *Fixture) do(ctx context.Context, w *worker, k Kind) {
	if f.bare {
		f.bareRequest(ctx, w)
		return
	}
	switch k {
	case Refresh:
		f.refresh(ctx, w, f.sessions[w.id%len(f.sessions)])
	case CRMPage:
		s := f.reader
		var due bool
		if w.tok, due = s.appendCurrent(w.tok[:0], f.opts.Now()); due {
			s.renew.Lock()
			if w.tok, due = s.appendCurrent(w.tok[:0], f.opts.Now()); due {
				ok := f.refresh(ctx, w, s)
				w.tok, _ = s.appendCurrent(w.tok[:0], f.opts.Now())
				if !ok {
					s.renew.Unlock()
					return
				}
			}
			s.renew.Unlock()
		}
		f.crmPage(ctx, w)
	case IMSToken:
		_, _ = f.renewIMS(ctx, w)
	case FlowConnection, FlowExplore:
		t := f.ims.Load()
		if f.opts.Now().Add(time.Hour).After(t.expires) {
			f.imsMu.Lock()
			if t = f.ims.Load(); f.opts.Now().Add(time.Hour).After(t.expires) {
				_, _ = f.renewIMS(ctx, w)
				t = f.ims.Load()
			}
			f.imsMu.Unlock()
		}
		f.flow(ctx, w, k, t)
	}
}

// zohoThrottle is Zoho Accounts' "Access Denied" answer to refreshes past
// its limit (10 per refresh token per 10 minutes).
var (
	zohoThrottle = []byte("too many requests")
	accessDenied = []byte(`"Access Denied"`)
)

// refresh is a Zoho refresh-token grant: ok when the answer is 200 with
// an access token (readToken), which the session then keeps.
func (f *Fixture) refresh(ctx context.Context, w *worker, s *session) bool {
	w.post(f.tokenURL, s.form)
	d, err := w.send()
	c := classFailed
	var token []byte
	var expiresIn int64
	if err == nil {
		body := w.resp.Body()
		var ok bool
		token, expiresIn, ok = readToken(body)
		switch {
		case ok && w.resp.StatusCode() == http.StatusOK:
			c = classOK
		case bytes.Contains(body, accessDenied) && bytes.Contains(body, zohoThrottle):
			c = classThrottled
		}
	}
	if c == classOK {
		s.update(token, expiresIn, f.opts.Now())
	}
	w.record(ctx, Refresh, d, c, err)
	return c == classOK
}

// renewIMS asks IMS for a token and keeps it, recorded as an IMSToken
// request. It reports whether the answer was ok; err is a transport error.
func (f *Fixture) renewIMS(ctx context.Context, w *worker) (bool, error) {
	w.post(f.imsURL, imsForm)
	d, err := w.send()
	c := classFailed
	if err == nil {
		token, expiresIn, ok := readToken(w.resp.Body())
		switch status := w.resp.StatusCode(); {
		case status == http.StatusTooManyRequests:
			c = classThrottled
		case ok && status == http.StatusOK:
			c = classOK
			f.ims.Store(&imsToken{auth: "Bearer " + string(token),
				expires: f.opts.Now().Add(time.Duration(min(expiresIn, 1<<32)) * time.Second)})
		}
	}
	w.record(ctx, IMSToken, d, c, err)
	return c == classOK, err
}

var crmData = []byte(`{"data":[`)

func (f *Fixture) crmPage(ctx context.Context, w *worker) {
	page := 1 + w.rng.Uint64N(uint64(f.crmPages))
	w.buf = strconv.AppendUint(append(w.buf[:0], f.crmURL...), page, 10)
	w.get(w.buf)
	w.auth = append(append(w.auth[:0], "Zoho-oauthtoken "...), w.tok...)
	w.req.Header.SetBytesV("Authorization", w.auth)
	d, err := w.send()
	c := classFailed
	if err == nil {
		switch status := w.resp.StatusCode(); {
		case status == http.StatusOK && bytes.HasPrefix(w.resp.Body(), crmData):
			c = classOK
		case status == http.StatusTooManyRequests:
			c = classThrottled // API credits or concurrency
		}
	}
	w.record(ctx, CRMPage, d, c, err)
}

var (
	flowItems   = []byte(`"items"`)
	flowColumns = []byte(`"columns"`)
)

func (f *Fixture) flow(ctx context.Context, w *worker, k Kind, t *imsToken) {
	url, want := f.connURL, flowItems
	if k == FlowExplore {
		url, want = f.exploreURL, flowColumns
	}
	w.get(url)
	h := &w.req.Header
	h.Set("Authorization", t.auth)
	h.Set(apiKeyHeader, adobeims.DemoClientID)
	h.Set(imsOrgHeader, adobeims.DemoOrgID)
	h.Set(sandboxHeader, sandbox)
	d, err := w.send()
	c := classFailed
	if err == nil {
		switch {
		case w.answered(http.StatusOK, want):
			c = classOK
		case w.resp.StatusCode() == http.StatusTooManyRequests:
			c = classThrottled
		}
	}
	w.record(ctx, k, d, c, err)
}

func (f *Fixture) bareRequest(ctx context.Context, w *worker) {
	w.post(f.tokenURL, bareForm)
	d, err := w.send()
	c := classFailed
	if err == nil && w.resp.StatusCode() == http.StatusOK && bytes.Equal(w.resp.Body(), bareToken) {
		c = classOK
	}
	w.record(ctx, Bare, d, c, err)
}
