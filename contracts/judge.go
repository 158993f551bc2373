package contracts

import (
	"context"
	"net/http"
	"net/http/httptest"
)

// Judge serves r with h in process and judges the exchange: the way a
// provider's own tests check that handler and contract agree.
func (c *Contract) Judge(h http.Handler, r *http.Request) (*httptest.ResponseRecorder, Verdict) {
	ctx := context.Background()
	x := c.CheckRequest(ctx, r)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec, x.CheckResponse(ctx, rec.Code, rec.Header(), rec.Body.Bytes())
}

// On lists, as text, the violations of one side.
func (v Verdict) On(side Side) []string {
	var out []string
	for _, x := range v.Violations {
		if x.Side == side {
			out = append(out, x.String())
		}
	}
	return out
}
