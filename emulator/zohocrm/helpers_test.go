package zohocrm_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
	"github.com/zohoaep/zohoaep/openapi"
)

// The fixture world: a US org with three users and an EU org with one,
// a few modules of generated records (Leads has more than the 2,000 that
// page/per_page reach), a frozen clock, and tokens of every kind.
const (
	base  = "http://127.0.0.1:9595"
	usOrg = "810000001"
	euOrg = "820000002"

	allScopes = "ZohoCRM.modules.ALL ZohoCRM.settings.ALL ZohoCRM.users.ALL ZohoCRM.org.ALL"

	leadsCount = 2600
)

var (
	t0    = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	srcIP = netip.MustParseAddr("203.0.113.5")

	alice = zohocrm.UserInfo{ZUID: "700000001", Email: "alice@acme.test", FirstName: "Alice", LastName: "Archer", TimeZone: "America/New_York"}
	carol = zohocrm.UserInfo{ZUID: "700000003", Email: "carol@acme.test", FirstName: "Carol", LastName: "Chen"}
	dave  = zohocrm.UserInfo{ZUID: "700000004", Email: "dave@acme.test", FirstName: "Dave", LastName: "Diaz", TimeZone: "Asia/Kolkata"}
	bob   = zohocrm.UserInfo{ZUID: "700000002", Email: "bob@acme.eu", FirstName: "Bob", LastName: "Berger"}

	keysV2     = []string{"per_page", "count", "page", "more_records"}
	keysTokens = []string{"call", "per_page", "next_page_token", "count", "sort_by", "page",
		"previous_page_token", "page_token_expiry", "sort_order", "email", "more_records"}
)

// fakeDir is Zoho Accounts as the CRM sees it.
type fakeDir struct {
	now    func() time.Time
	mu     sync.Mutex
	orgs   map[string]zohocrm.OrgInfo
	users  map[string][]zohocrm.UserInfo
	tokens map[string]zohocrm.Grant
	allow  map[string]netip.Addr // orgs that admit only this address
}

func (d *fakeDir) Introspect(token string) (zohocrm.Grant, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	g, ok := d.tokens[token]
	if !ok || !d.now().Before(g.Expires) {
		return zohocrm.Grant{}, false
	}
	g.Scopes = slices.Clone(g.Scopes)
	return g, true
}

func (d *fakeDir) OrgAdmits(orgID string, ip netip.Addr) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	a, ok := d.allow[orgID]
	return !ok || a == ip
}

func (d *fakeDir) Org(orgID string) (zohocrm.OrgInfo, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	o, ok := d.orgs[orgID]
	return o, ok
}

func (d *fakeDir) Users(orgID string) []zohocrm.UserInfo {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.users[orgID])
}

// grant adds a token.
func (d *fakeDir) grant(token, orgID, zuid, dc, scopes string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.tokens[token] = zohocrm.Grant{ClientID: "1000.CLIENT", ZUID: zuid, OrgID: orgID, DC: dc,
		Scopes: strings.Fields(scopes), Expires: d.now().Add(time.Hour)}
}

type world struct {
	clk  *clock.Clock
	dir  *fakeDir
	data *crmdata.Store
	s    *zohocrm.Service
}

// modules of the fixture org.
func fixtureModules() []crmdata.ModuleSpec {
	counts := map[string]int{crmdata.Leads: leadsCount, crmdata.Contacts: 30, crmdata.Accounts: 10, crmdata.Deals: 10,
		crmdata.Activities: 5, crmdata.Tasks: 5, crmdata.Events: 5, crmdata.Calls: 5, crmdata.Products: 5,
		crmdata.Campaigns: 3, crmdata.Subscriptions: 5}
	var out []crmdata.ModuleSpec
	for api, n := range counts {
		out = append(out, crmdata.ModuleSpec{APIName: api, Generate: n})
	}
	return out
}

// newWorld builds the fixture on a clock frozen at t0.
func newWorld(t *testing.T, cfg zohocrm.Config) *world {
	t.Helper()
	clk := clock.New(func() time.Time { return t0 })
	clk.Freeze()
	dir := &fakeDir{now: clk.Now,
		orgs: map[string]zohocrm.OrgInfo{
			usOrg: {ID: usOrg, Name: "Acme US", DC: "us", TimeZone: "America/Los_Angeles"},
			euOrg: {ID: euOrg, Name: "Acme EU", DC: "eu", TimeZone: "Europe/Berlin"},
		},
		users:  map[string][]zohocrm.UserInfo{usOrg: {alice, carol, dave}, euOrg: {bob}},
		tokens: map[string]zohocrm.Grant{}, allow: map[string]netip.Addr{},
	}
	data := crmdata.New()
	s := zohocrm.New(cfg, dir, data, clk.Now)
	for _, org := range []string{usOrg, euOrg} {
		spec := crmdata.OrgSpec{OrgID: org, Users: s.Users(org), Seed: 7,
			From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
			Modules: fixtureModules(), Standard: true}
		require.NoError(t, data.PutOrg(spec))
	}
	dir.grant("alice-all", usOrg, alice.ZUID, "us", allScopes)
	dir.grant("carol-all", usOrg, carol.ZUID, "us", allScopes)
	dir.grant("dave-all", usOrg, dave.ZUID, "us", allScopes)
	dir.grant("bob-all", euOrg, bob.ZUID, "eu", allScopes)
	return &world{clk: clk, dir: dir, data: data, s: s}
}

// call is one request to the service.
type call struct {
	method, path string
	token        string // "" sends no Authorization
	auth         string // a whole Authorization header, instead of token
	header       map[string]string
	body         string
	host         string
	loc          string // landing data centre, "us" when empty
	src          netip.Addr
	// badRequest: the contract must refuse the request (a client error it
	// declares); the response is still checked.
	badRequest bool
	// noRoute: no operation of the contract matches the request.
	noRoute bool
}

func get(path, token string) call { return call{method: http.MethodGet, path: path, token: token} }

var (
	contractOnce sync.Once
	contract     *contracts.Contract
	contractErr  error
)

func crmContract(t *testing.T) *contracts.Contract {
	t.Helper()
	contractOnce.Do(func() { contract, contractErr = contracts.Load(openapi.ZohoCRM) })
	require.NoError(t, contractErr)
	return contract
}

// request builds the http.Request of a call, landed as the front door
// would land it.
func (c call) request() *http.Request {
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	r := httptest.NewRequest(c.method, base+c.path, body)
	if c.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	switch {
	case c.auth != "":
		r.Header.Set("Authorization", c.auth)
	case c.token != "":
		r.Header.Set("Authorization", "Zoho-oauthtoken "+c.token)
	}
	for k, v := range c.header {
		r.Header.Set(k, v)
	}
	if c.host != "" {
		r.Host = c.host
	}
	loc, src := c.loc, c.src
	if loc == "" {
		loc = "us"
	}
	if !src.IsValid() {
		src = srcIP
	}
	return httpx.WithLanding(r, httpx.Landing{Base: base, Location: loc, Source: src})
}

// do sends a call and judges the exchange under openapi/zoho-crm.yaml:
// the response must always conform; the request must conform unless the
// call says otherwise.
func (w *world) do(t *testing.T, c call) *httptest.ResponseRecorder {
	t.Helper()
	rec, verdict := crmContract(t).Judge(w.s, c.request())
	reqSide, respSide := verdict.On(contracts.Request), verdict.On(contracts.Response)
	what := fmt.Sprintf("%s %s -> %d %s", c.method, c.path, rec.Code, truncate(rec.Body.String(), 600))
	if !c.noRoute && !c.badRequest {
		assert.NotEmpty(t, verdict.Operation, "%s matches no operation", what)
	}
	switch {
	case c.noRoute:
		assert.Empty(t, verdict.Operation, "%s should match no operation", what)
	case c.badRequest:
		assert.NotEmpty(t, reqSide, "the contract should refuse the request: %s", what)
		assert.Empty(t, respSide, "response breaks the contract: %s", what)
	default:
		assert.Empty(t, reqSide, "request breaks the contract: %s", what)
		assert.Empty(t, respSide, "response breaks the contract: %s", what)
	}
	assert.NotEqual(t, http.StatusInternalServerError, rec.Code, what)
	if rec.Body.Len() > 0 {
		assert.Equal(t, "application/json;charset=UTF-8", rec.Header().Get("Content-Type"), what)
		assert.True(t, json.Valid(rec.Body.Bytes()), "invalid JSON: %s", what)
	}
	return rec
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// body decodes a JSON answer.
func body(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	d.UseNumber()
	require.NoError(t, d.Decode(&m), rec.Body.String())
	return m
}

// keys are the top-level keys of a JSON object in document order.
func keys(t *testing.T, raw []byte) []string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(raw))
	tok, err := d.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var out []string
	for d.More() {
		k, err := d.Token()
		require.NoError(t, err)
		out = append(out, k.(string))
		var skip json.RawMessage
		require.NoError(t, d.Decode(&skip))
	}
	return out
}

// page is a decoded records page.
type page struct {
	Data []map[string]any           `json:"data"`
	Info map[string]json.RawMessage `json:"info"`
}

func decodePage(t *testing.T, rec *httptest.ResponseRecorder) page {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var p page
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
	return p
}

func (p page) str(t *testing.T, key string) string {
	t.Helper()
	var s *string
	require.NoError(t, json.Unmarshal(p.Info[key], &s), key)
	if s == nil {
		return ""
	}
	return *s
}

func (p page) num(t *testing.T, key string) int {
	t.Helper()
	var n int
	require.NoError(t, json.Unmarshal(p.Info[key], &n), key)
	return n
}

func (p page) more(t *testing.T) bool {
	t.Helper()
	var b bool
	require.NoError(t, json.Unmarshal(p.Info["more_records"], &b))
	return b
}

func (p page) ids() []string {
	out := make([]string, len(p.Data))
	for i, r := range p.Data {
		out[i], _ = r["id"].(string)
	}
	return out
}

// infoKeys are the keys of a page's info in document order.
func infoKeys(t *testing.T, rec *httptest.ResponseRecorder) []string {
	t.Helper()
	var raw struct {
		Info json.RawMessage `json:"info"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &raw))
	return keys(t, raw.Info)
}

// errorOf checks Zoho's error envelope and returns its code and details.
func errorOf(t *testing.T, rec *httptest.ResponseRecorder, status int) (string, map[string]any) {
	t.Helper()
	require.Equal(t, status, rec.Code, rec.Body.String())
	m := body(t, rec)
	assert.Equal(t, []string{"code", "details", "message", "status"}, keys(t, rec.Body.Bytes()))
	assert.Equal(t, "error", m["status"])
	d, _ := m["details"].(map[string]any)
	return m["code"].(string), d
}

// snapshot is every piece of state a request could change.
type snapshot struct {
	Service zohocrm.State
	Data    []crmdata.OrgState
}

func (w *world) snapshot(t *testing.T) string {
	t.Helper()
	b, err := json.Marshal(snapshot{w.s.Export(), w.data.Export()})
	require.NoError(t, err)
	return string(b)
}

var versions = []string{"v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"}

// tokenVersions have page tokens; fieldsVersions require fields.
func tokenVersion(v string) bool  { return v >= "v4" }
func fieldsVersion(v string) bool { return v == "v7" || v == "v8" }

// leadsPath is a records read of Leads with fields where the version
// needs them.
func leadsPath(v, query string) string {
	p := "/crm/" + v + "/Leads"
	if fieldsVersion(v) {
		query = joinQuery("fields=Last_Name,Email,Company,Modified_Time", query)
	}
	if query != "" {
		p += "?" + query
	}
	return p
}

func joinQuery(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "&" + b
}

func itoa(n int) string { return strconv.Itoa(n) }

type jsonRaw = json.RawMessage

var jsonUnmarshal = json.Unmarshal

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// bad marks a call the contract refuses.
func (c call) bad() call { c.badRequest = true; return c }

func httptestRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
