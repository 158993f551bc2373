package zohoaccounts

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strconv"
)

//go:embed pages/signin.html
var pageFiles embed.FS

var pageTemplate = template.Must(template.ParseFS(pageFiles, "pages/signin.html"))

// page is the sign-in and consent page, or an error page when App is empty.
type page struct {
	Status  int
	Title   string
	App     string
	Scopes  []string
	Offline bool
	Email   string
	Fields  [][2]string // the authorization request, carried through the form
	Code    string      // error pages: the error code
	Problem string
}

// errorPage is an HTML error shown instead of a redirect. Zoho's pages for
// these cases are unconfirmed (reference §2); the code names the error.
func errorPage(status int, code, message string) *page {
	return &page{Status: status, Title: code, Code: code, Problem: message}
}

func (p *page) write(w http.ResponseWriter) {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html;charset=UTF-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	// The page must not be framed: consent is the user's own act.
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(p.Status)
	_, _ = w.Write(buf.Bytes())
}
