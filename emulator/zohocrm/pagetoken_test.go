package zohocrm_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

// firstToken reads page 1 of Leads on v7 and returns its next_page_token.
func firstToken(t *testing.T, w *world, token, query string) string {
	t.Helper()
	p := decodePage(t, w.do(t, get("/crm/v7/Leads?fields=Last_Name,Email&per_page=10"+query, token)))
	tok := p.str(t, "next_page_token")
	require.NotEmpty(t, tok)
	return tok
}

func TestPageTokenRules(t *testing.T) {
	tests := []struct {
		name   string
		use    func(w *world, tok string) call
		status int
		code   string
		param  string
	}{
		{"same parameters", func(_ *world, tok string) call {
			return get("/crm/v7/Leads?fields=Last_Name,Email&per_page=10&page_token="+tok, "alice-all")
		}, 200, "", ""},
		{"fields in another order still bind", func(_ *world, tok string) call {
			return get("/crm/v7/Leads?fields=Email,Last_Name&per_page=10&page_token="+tok, "alice-all")
		}, 200, "", ""},
		{"changed fields", func(_ *world, tok string) call {
			return get("/crm/v7/Leads?fields=Last_Name&per_page=10&page_token="+tok, "alice-all")
		}, 400, "TOKEN_BOUND_DATA_MISMATCH", "page_token"},
		{"changed per_page", func(_ *world, tok string) call {
			return get("/crm/v7/Leads?fields=Last_Name,Email&per_page=20&page_token="+tok, "alice-all")
		}, 400, "TOKEN_BOUND_DATA_MISMATCH", "page_token"},
		{"changed sort", func(_ *world, tok string) call {
			return get("/crm/v7/Leads?fields=Last_Name,Email&per_page=10&sort_order=asc&page_token="+tok, "alice-all")
		}, 400, "TOKEN_BOUND_DATA_MISMATCH", "page_token"},
		{"another module", func(_ *world, tok string) call {
			return get("/crm/v7/Contacts?fields=Last_Name,Email&per_page=10&page_token="+tok, "alice-all")
		}, 400, "TOKEN_BOUND_DATA_MISMATCH", "page_token"},
		{"another user's token", func(_ *world, tok string) call {
			return get("/crm/v7/Leads?fields=Last_Name,Email&per_page=10&page_token="+tok, "carol-all")
		}, 400, "INVALID_DATA", "page_token"},
		{"garbage token", func(_ *world, _ string) call {
			return get("/crm/v7/Leads?fields=Last_Name,Email&per_page=10&page_token=nothex!", "alice-all")
		}, 400, "INVALID_DATA", "page_token"},
		{"unknown token", func(_ *world, _ string) call {
			return get("/crm/v7/Leads?fields=Last_Name,Email&per_page=10&page_token=0123abcd", "alice-all")
		}, 400, "INVALID_DATA", "page_token"},
		{"with page", func(_ *world, tok string) call {
			return get("/crm/v7/Leads?fields=Last_Name,Email&per_page=10&page=2&page_token="+tok, "alice-all")
		}, 400, "AMBIGUITY_DURING_PROCESSING", ""},
		{"expired after 24 hours", func(w *world, tok string) call {
			w.clk.Advance(24 * time.Hour)
			w.dir.grant("alice-later", usOrg, alice.ZUID, "us", allScopes)
			return get("/crm/v7/Leads?fields=Last_Name,Email&per_page=10&page_token="+tok, "alice-later")
		}, 400, "EXPIRED_VALUE", ""},
		{"alive just before 24 hours", func(w *world, tok string) call {
			w.clk.Advance(24*time.Hour - time.Second)
			w.dir.grant("alice-later", usOrg, alice.ZUID, "us", allScopes)
			return get("/crm/v7/Leads?fields=Last_Name,Email&per_page=10&page_token="+tok, "alice-later")
		}, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohocrm.Config{})
			tok := firstToken(t, w, "alice-all", "")
			rec := w.do(t, tt.use(w, tok))
			if tt.code == "" {
				p := decodePage(t, rec)
				assert.Equal(t, 2, p.num(t, "page"))
				return
			}
			code, details := errorOf(t, rec, tt.status)
			assert.Equal(t, tt.code, code)
			if tt.param != "" {
				assert.Equal(t, tt.param, details["param_name"])
			}
		})
	}
}

func TestPageTokenAmbiguityDetails(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	code, details := errorOf(t, w.do(t, get("/crm/v8/Leads?fields=Email&page=1&page_token=ab", "alice-all")), 400)
	assert.Equal(t, "AMBIGUITY_DURING_PROCESSING", code)
	assert.Equal(t, []any{map[string]any{"param_name": "page"}, map[string]any{"param_name": "page_token"}}, details["ambiguity_due_to"])
	code, _ = errorOf(t, w.do(t, get("/crm/v8/Leads?fields=Email&cvid=123&sort_by=id", "alice-all")), 400)
	assert.Equal(t, "AMBIGUITY_DURING_PROCESSING", code)
	// Before page tokens, page_token is no parameter at all.
	rec := w.do(t, get("/crm/v3/Leads?page=1&page_token=ab&per_page=1", "alice-all"))
	assert.Equal(t, http.StatusOK, rec.Code)
}

func TestPageTokenLimit(t *testing.T) {
	w := newWorld(t, zohocrm.Config{PageTokenLimit: 600, DiscreteLimit: 400})
	var tok string
	for pg := 1; pg <= 2; pg++ {
		p := decodePage(t, w.do(t, get(leadsPath("v4", "per_page=200&page="+itoa(pg)), "alice-all")))
		tok = p.str(t, "next_page_token")
	}
	code, _ := errorOf(t, w.do(t, get(leadsPath("v4", "per_page=200&page=3"), "alice-all")), 400)
	assert.Equal(t, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", code)
	p := decodePage(t, w.do(t, get(leadsPath("v4", "per_page=200&page_token="+tok), "alice-all")))
	tok = p.str(t, "next_page_token")
	require.NotEmpty(t, tok)
	code, details := errorOf(t, w.do(t, get(leadsPath("v4", "per_page=200&page_token="+tok), "alice-all")), 400)
	assert.Equal(t, "PAGINATION_LIMIT_EXCEEDED", code)
	assert.Equal(t, "page_token", details["param_name"])
}

// TestPageTokensAreStable: reading the same page twice gives the same
// token, so retries do not mint tokens without end.
func TestPageTokensAreStable(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	a := firstToken(t, w, "alice-all", "")
	b := firstToken(t, w, "alice-all", "")
	c := firstToken(t, w, "carol-all", "")
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	assert.Len(t, w.s.Export().PageTokens, 2)
}
