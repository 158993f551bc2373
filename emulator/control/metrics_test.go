package control

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zohoaep/zohoaep/contracts"
)

// The metrics answer is text, so it is judged here rather than through
// fixture.do, which expects JSON.
func TestMetricsRoute(t *testing.T) {
	tests := []struct {
		name    string
		metrics func(io.Writer) error
		status  int
		body    string
	}{
		{"exposition", func(w io.Writer) error { _, err := io.WriteString(w, "x_total 1\n"); return err }, 200, "x_total 1\n"},
		{"no metrics", nil, 404, `"not_found"`},
		{"failing writer", func(io.Writer) error { return errors.New("boom") }, 500, `"internal_error"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := New(Deps{Metrics: tt.metrics})
			rec, verdict := adminContract(t).Judge(api, httptest.NewRequest(http.MethodGet, "/_emulator/metrics", nil))
			assert.Equal(t, tt.status, rec.Code)
			assert.Contains(t, rec.Body.String(), tt.body)
			assert.Empty(t, verdict.On(contracts.Request))
			if tt.status != 404 { // 404 is not a declared answer: without metrics there is no such operation
				assert.Empty(t, verdict.On(contracts.Response), "%d %s", rec.Code, rec.Body.String())
			}
			if tt.status == 200 {
				assert.Equal(t, MetricsContentType, rec.Header().Get("Content-Type"))
				covered.add(verdict.Operation)
			}
		})
	}
}
