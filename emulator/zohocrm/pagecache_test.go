package zohocrm_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

// The page cache serves a page read again as bytes; these tests hold it
// to rendering every page afresh: a second world whose pages are read
// once each gives the reference answer.

// contactsPath reads every field of the Contacts (lookups to Accounts
// and Contacts, owners, `$` keys) on v2, and 15 of them on v8.
var cachedReads = []string{
	"/crm/v2/Contacts?per_page=10&page=2",
	"/crm/v8/Contacts?fields=Last_Name,Email,Account_Name,Reports_To,Owner,Modified_Time&per_page=10&page=2",
	"/crm/v8/Contacts?fields=Last_Name,Account_Name&sort_by=Modified_Time&sort_order=asc&per_page=7",
}

// fresh is what a world that has never read anything answers after the
// same writes, its page tokens left out (they count the tokens minted,
// and expire a day after the first read that minted them).
func fresh(t *testing.T, writes []call, path, token string) string {
	t.Helper()
	w := newWorld(t, zohocrm.Config{})
	if writes != nil {
		w.clk.Advance(writesAfter)
	}
	for _, c := range writes {
		require.Equal(t, http.StatusOK, w.do(t, c).Code)
	}
	return noTokens(w.do(t, get(path, token)).Body.String())
}

// writesAfter is when the tests write, after t0 (the tokens live an
// hour).
const writesAfter = 30 * time.Minute

var tokenValue = regexp.MustCompile(`"(next_page_token|previous_page_token|page_token_expiry)":"[^"]+"`)

func noTokens(body string) string { return tokenValue.ReplaceAllString(body, `"$1":"…"`) }

func TestCachedPagesAreExact(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	first := map[string]string{}
	for _, path := range cachedReads {
		first[path] = w.do(t, get(path, "alice-all")).Body.String()
		again := w.do(t, get(path, "alice-all")).Body.String()
		require.Equal(t, first[path], again, "a page read again is the same page")
		assert.Equal(t, fresh(t, nil, path, "alice-all"), noTokens(again), "and what a fresh world answers")
	}
	require.Equal(t, len(cachedReads), w.s.CachedPages(), "each page rendered once")
	page := decodePage(t, w.do(t, get(cachedReads[0], "alice-all")))
	contact := page.Data[0]["id"].(string)
	account := page.Data[0]["Account_Name"].(map[string]any)["id"].(string)
	require.NotEmpty(t, account, "the first contact looks up an account")

	w.clk.Advance(writesAfter)
	writes := []call{
		{method: http.MethodPut, path: "/crm/v8/Contacts", token: "alice-all",
			body: `{"data":[{"id":"` + contact + `","Last_Name":"Changed"}]}`},
		// A change in another module: the contacts' lookups name the
		// account as it is now.
		{method: http.MethodPut, path: "/crm/v8/Accounts", token: "alice-all",
			body: `{"data":[{"id":"` + account + `","Account_Name":"Renamed Inc"}]}`},
	}
	for _, c := range writes {
		require.Equal(t, http.StatusOK, w.do(t, c).Code)
	}
	for _, path := range cachedReads {
		got := w.do(t, get(path, "alice-all")).Body.String()
		assert.Equal(t, fresh(t, writes, path, "alice-all"), noTokens(got), path)
	}
	assert.Equal(t, 2*len(cachedReads), w.s.CachedPages(), "rendered again after the writes")
	for _, path := range cachedReads[:2] {
		got := w.do(t, get(path, "alice-all")).Body.String()
		assert.NotEqual(t, first[path], got, "%s changed", path)
		assert.Contains(t, got, `"Last_Name":"Changed"`)
		assert.Contains(t, got, `"name":"Renamed Inc"`)
	}

	del := call{method: http.MethodDelete, path: "/crm/v8/Contacts?ids=" + contact, token: "alice-all"}
	require.Equal(t, http.StatusOK, w.do(t, del).Code)
	assert.NotContains(t, w.do(t, get(cachedReads[0], "alice-all")).Body.String(), `"id":"`+contact+`"`,
		"a deleted record leaves the cached page")
}

// Readers in other time zones, and other users, get their own times and
// page tokens from the same cached records.
func TestCachedPagesPerReader(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	path := cachedReads[1]
	alice := w.do(t, get(path, "alice-all")).Body.String()
	for _, token := range []string{"carol-all", "dave-all"} {
		got := w.do(t, get(path, token)).Body.String()
		assert.Equal(t, fresh(t, nil, path, token), noTokens(got), token)
		assert.NotEqual(t, tokenValue.FindString(alice), tokenValue.FindString(got), "each user's own tokens")
	}
}

// The info is rendered for every read: an expired page token is replaced
// in a page read from the cache, and the old one answers as expired.
func TestCachedPageTokens(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	path := "/crm/v8/Leads?fields=Last_Name&per_page=200&page=2"
	p1 := decodePage(t, w.do(t, get(path, "alice-all")))
	tok := p1.str(t, "next_page_token")
	require.NotEmpty(t, tok)
	p2 := decodePage(t, w.do(t, get(path, "alice-all")))
	assert.Equal(t, tok, p2.str(t, "next_page_token"), "a live token is reused")

	w.clk.Advance(25 * time.Hour)
	w.dir.grant("alice-later", usOrg, alice.ZUID, "us", allScopes)
	p3 := decodePage(t, w.do(t, get(path, "alice-later")))
	assert.Equal(t, p1.ids(), p3.ids(), "the same records")
	assert.NotEqual(t, tok, p3.str(t, "next_page_token"), "a new token")
	code, _ := errorOf(t, w.do(t, get("/crm/v8/Leads?fields=Last_Name&per_page=200&page_token="+tok, "alice-later")),
		http.StatusBadRequest)
	assert.Equal(t, "EXPIRED_VALUE", code)
	next := decodePage(t, w.do(t, get("/crm/v8/Leads?fields=Last_Name&per_page=200&page_token="+p3.str(t, "next_page_token"), "alice-later")))
	assert.Equal(t, 200, len(next.Data))
	assert.False(t, strings.Contains(strings.Join(next.ids(), ","), p3.ids()[0]), "the next page")
}
