package console

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/faults"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

var pages = template.Must(template.New("console").Funcs(funcs).ParseFS(templateFiles, "templates/*.html"))

// staticHandler serves the stylesheet and script; any other name, or a
// name that is not a valid path in the embedded tree, is not found.
func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err) // the embed directive names it: a build defect
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "static/")
		if info, err := fs.Stat(sub, name); !fs.ValidPath(name) || err != nil || info.IsDir() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "max-age=300")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeFileFS(w, r, sub, name)
	})
}

var funcs = template.FuncMap{
	"when":     when,
	"left":     left,
	"pct":      pct,
	"join":     strings.Join,
	"pretty":   pretty,
	"epochms":  func(ms int64) string { return when(time.UnixMilli(ms)) },
	"prefix":   func() string { return Prefix },
	"statusOK": func(s int) bool { return s > 0 && s < 400 },
	"datetime": func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") },
	"navPages": func() []navPage { return nav },
	"dict":     dict,
	"section":  section,
	"stepNames": func() []string {
		return []string{"Source", "Account", "Select data", "Mapping and schedule", "Monitor"}
	},
	"lowOf":  func(max int) int { return max / 2 },
	"highOf": func(max int) int { return max * 4 / 5 },
	"delay":  func(d faults.Duration) string { return time.Duration(d).String() },
}

// when writes an instant as the console shows it: UTC, to the second.
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// left writes the time from now to t, e.g. "59m30s", or "expired".
func left(now, t time.Time) string {
	d := t.Sub(now)
	if d <= 0 {
		return "expired"
	}
	return d.Truncate(time.Second).String()
}

// pct is n of limit as a whole percentage, at most 100.
func pct(n, limit int) int {
	if limit <= 0 {
		return 0
	}
	return min(100, n*100/limit)
}

// pretty indents a JSON body; anything else is shown as it is.
func pretty(s string) string {
	t := strings.TrimSpace(s)
	if t == "" || t[0] != '{' && t[0] != '[' {
		return s
	}
	var v any
	if err := json.Unmarshal([]byte(t), &v); err != nil {
		return s
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// navPage is an entry of the navigation bar.
type navPage struct{ Path, Label string }

var nav = []navPage{{"overview", "Overview"}, {"tokens", "Tokens"}, {"journal", "Journal"},
	{"sources", "Sources"}, {"scenarios", "Scenarios"}}

// dict builds a template's argument from name, value pairs.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// section is the navigation entry a page belongs to.
func section(page string) string {
	switch page {
	case "account", "tables", "dataflow", "flow":
		return "sources"
	}
	return page
}
