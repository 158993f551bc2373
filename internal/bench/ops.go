package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// class is what an answer was to the client that asked.
type class int

const (
	classOK        class = iota // the answer the request is for
	classThrottled              // the vendor's own throttle answer
	classFailed                 // any other answer
)

// exchange sends req, times it and records it as kind k on w (unless w
// is nil, at set-up); judge classes the answer. It reports whether the
// answer was ok; err is a transport error.
func (f *Fixture) exchange(w *worker, k Kind, req *http.Request, judge func(status int, body []byte) class) (bool, error) {
	var buf *bytes.Buffer
	if w != nil {
		buf = &w.buf
	} else {
		buf = &bytes.Buffer{}
	}
	t0 := time.Now()
	resp, err := f.opts.Client.Do(req)
	if err == nil {
		buf.Reset()
		_, err = buf.ReadFrom(resp.Body)
		_ = resp.Body.Close()
	}
	d := time.Since(t0)
	if err != nil {
		if w != nil && req.Context().Err() == nil {
			w.record(k, d, 0, nil, err)
		}
		return false, err
	}
	c := judge(resp.StatusCode, buf.Bytes())
	if w != nil {
		w.record(k, d, c, func() string { return strconv.Itoa(resp.StatusCode) + " " + excerpt(buf.Bytes()) }, nil)
	}
	return c == classOK, nil
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
		s := f.sessions[w.id%len(f.sessions)]
		token, due := s.current(f.opts.Now())
		if due {
			if ok, _ := f.refresh(ctx, w, s); !ok {
				return
			}
			token, _ = s.current(f.opts.Now())
		}
		f.crmPage(ctx, w, token)
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
		f.flow(ctx, w, k, t.header)
	}
}

// zohoThrottle is Zoho Accounts' "Access Denied" answer to refreshes past
// its limit (10 per refresh token per 10 minutes).
var zohoThrottle = []byte("too many requests")

func (f *Fixture) refresh(ctx context.Context, w *worker, s *session) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.opts.Base+"/oauth/v2/token", bytes.NewReader(s.form))
	if err != nil {
		return false, err
	}
	req.Header.Set("Content-Type", formType)
	var tok tokenAnswer
	ok, err := f.exchange(w, Refresh, req, func(status int, body []byte) class {
		switch {
		case status == http.StatusOK && json.Unmarshal(body, &tok) == nil && tok.AccessToken != "":
			return classOK
		case bytes.Contains(body, []byte(`"Access Denied"`)) && bytes.Contains(body, zohoThrottle):
			return classThrottled
		}
		return classFailed
	})
	if ok {
		s.update(tok, f.opts.Now())
	}
	return ok, err
}

func (f *Fixture) crmPage(ctx context.Context, w *worker, token string) {
	page := 1 + int(w.rng.Uint64N(uint64(f.crmPages)))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.crmURL+strconv.Itoa(page), nil)
	if err != nil {
		return
	}
	req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	_, _ = f.exchange(w, CRMPage, req, func(status int, body []byte) class {
		switch {
		case status == http.StatusOK && bytes.HasPrefix(body, []byte(`{"data":[`)):
			return classOK
		case status == http.StatusTooManyRequests:
			return classThrottled // API credits or concurrency
		}
		return classFailed
	})
}

func (f *Fixture) flow(ctx context.Context, w *worker, k Kind, header http.Header) {
	path := f.opts.Base + flowAPI + "/connections/" + f.conn
	want := []byte(`"items"`)
	if k == FlowExplore {
		path += "/explore?objectType=table&object=Leads"
		want = []byte(`"columns"`)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, path, nil)
	if err != nil {
		return
	}
	for name, v := range header {
		req.Header[name] = v
	}
	_, _ = f.exchange(w, k, req, func(status int, body []byte) class {
		switch {
		case status == http.StatusOK && bytes.Contains(body, want):
			return classOK
		case status == http.StatusTooManyRequests:
			return classThrottled
		}
		return classFailed
	})
}

func (f *Fixture) bareRequest(ctx context.Context, w *worker) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.opts.Base+"/oauth/v2/token", bytes.NewReader(bareForm))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", formType)
	_, _ = f.exchange(w, Bare, req, func(status int, body []byte) class {
		if status == http.StatusOK && bytes.Equal(body, bareToken) {
			return classOK
		}
		return classFailed
	})
}
