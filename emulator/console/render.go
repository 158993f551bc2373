package console

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// uiError is a failure shown as a page with its status.
type uiError struct {
	status int
	msg    string
}

func (e *uiError) Error() string { return e.msg }

func badRequest(format string, a ...any) error {
	return &uiError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, a...)}
}

func notFound(format string, a ...any) error {
	return &uiError{status: http.StatusNotFound, msg: fmt.Sprintf(format, a...)}
}

func statusOf(err error) int {
	if ue, ok := errors.AsType[*uiError](err); ok {
		return ue.status
	}
	if pe, ok := errors.AsType[*apiError](err); ok {
		return pe.uiStatus()
	}
	return http.StatusInternalServerError
}

// render serves a page: h's view in its template, or an error page.
func (c *Console) render(h func(*http.Request) (*view, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := h(r)
		status := http.StatusOK
		if err != nil {
			status = statusOf(err)
			v = &view{Page: "error", Title: http.StatusText(status), Error: err.Error()}
		}
		v.Clock = c.deps.Clock.State()
		if v.Flash == "" {
			v.Flash = r.URL.Query().Get("flash")
		}
		c.write(w, status, v.Page, v)
	})
}

// fragment serves a piece of a page that its script polls for.
func (c *Console) fragment(name string, h func(*http.Request) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := h(r)
		if err != nil {
			status := statusOf(err)
			c.write(w, status, "fragment-error", err.Error())
			return
		}
		c.write(w, http.StatusOK, name, data)
	})
}

// act serves a form's post: h changes something and names the page to go
// to (Post/Redirect/Get), or fails with an error page.
func (c *Console) act(h func(*http.Request) (string, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			c.write(w, http.StatusBadRequest, "error", &view{Page: "error", Title: "Bad Request",
				Error: "the form could not be read", Clock: c.deps.Clock.State()})
			return
		}
		to, err := h(r)
		if err != nil {
			status := statusOf(err)
			c.write(w, status, "error", &view{Page: "error", Title: http.StatusText(status),
				Error: err.Error(), Clock: c.deps.Clock.State()})
			return
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
	})
}

// maxForm bounds a form's body.
const maxForm = 64 << 10

// withFlash adds a notice to a page's URL.
func withFlash(to, flash string) string {
	u, err := url.Parse(to)
	if err != nil {
		return to
	}
	q := u.Query()
	q.Set("flash", flash)
	u.RawQuery = q.Encode()
	return u.String()
}

func (c *Console) write(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		// A template that fails is a build defect (the page tests render
		// every template): say so plainly, never with a stack trace.
		http.Error(w, "the console could not render this page", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	// Only the console's own scripts and styles run: no external assets.
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
