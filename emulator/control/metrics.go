package control

import (
	"bytes"
	"net/http"
	"strconv"
)

// MetricsContentType is the Prometheus text exposition format.
const MetricsContentType = "text/plain; version=0.0.4; charset=utf-8"

// metricsHandler serves GET /_emulator/metrics: text, not JSON, so it
// writes its own answer; its errors are the API's.
func (a *API) metricsHandler() http.Handler {
	fail := func(err error) http.Handler {
		return handle(func(*http.Request) (any, error) { return nil, err })
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.deps.Metrics == nil {
			fail(errRoute(r)).ServeHTTP(w, r)
			return
		}
		var b bytes.Buffer
		if err := a.deps.Metrics(&b); err != nil {
			fail(err).ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", MetricsContentType)
		w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(b.Bytes())
	})
}
