package zohocrm_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

func TestExportImport(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	require.NoError(t, w.s.SetOrg(zohocrm.OrgSettings{OrgID: usOrg, Edition: zohocrm.Standard}))
	tok := firstToken(t, w, "alice-all", "")
	st := w.s.Export()
	require.Len(t, st.PageTokens, 1)
	require.NotEmpty(t, st.Credits)

	// Through JSON, into a fresh service: the token still reads page 2.
	data, err := json.Marshal(st)
	require.NoError(t, err)
	var back zohocrm.State
	require.NoError(t, json.Unmarshal(data, &back))
	fresh := zohocrm.New(zohocrm.Config{}, w.dir, w.data, w.clk.Now)
	require.NoError(t, fresh.Import(back))
	assert.Equal(t, st, fresh.Export())
	w.s = fresh
	p := decodePage(t, w.do(t, get("/crm/v7/Leads?fields=Last_Name,Email&per_page=10&page_token="+tok, "alice-all")))
	assert.Equal(t, 2, p.num(t, "page"))
	assert.Equal(t, zohocrm.Standard, fresh.Org(usOrg).Edition)

	// An invalid document changes nothing.
	before := fresh.Export()
	assert.Error(t, fresh.Import(zohocrm.State{Orgs: []zohocrm.OrgSettings{{OrgID: usOrg, Edition: "gold"}}}))
	assert.Error(t, fresh.Import(zohocrm.State{PageTokens: []zohocrm.PageToken{{Token: "ab"}}}))
	assert.Error(t, fresh.Import(zohocrm.State{Credits: []zohocrm.Spend{{OrgID: usOrg, Credits: -1}}}))
	assert.Equal(t, before, fresh.Export())
}

func TestSeedAndReset(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	require.NoError(t, w.s.Seed(zohocrm.State{Orgs: []zohocrm.OrgSettings{
		{OrgID: usOrg, Edition: zohocrm.Professional}, {OrgID: euOrg, Edition: zohocrm.Free},
	}}))
	firstToken(t, w, "alice-all", "")
	bob := call{method: http.MethodGet, path: "/crm/v8/Leads?fields=Email&per_page=1", token: "bob-all", loc: "eu"}
	decodePage(t, w.do(t, bob))
	require.NoError(t, w.s.SetOrg(zohocrm.OrgSettings{OrgID: usOrg, Edition: zohocrm.Ultimate}))
	require.NoError(t, w.s.SetOrg(zohocrm.OrgSettings{OrgID: euOrg, Edition: zohocrm.Ultimate}))

	// One tenant: its settings, credits and tokens return to the seed.
	require.NoError(t, w.s.Reset(usOrg))
	st := w.s.Export()
	assert.Equal(t, zohocrm.Professional, w.s.Org(usOrg).Edition)
	assert.Equal(t, zohocrm.Ultimate, w.s.Org(euOrg).Edition)
	for _, pt := range st.PageTokens {
		assert.Equal(t, euOrg, pt.OrgID)
	}
	for _, sp := range st.Credits {
		assert.Equal(t, euOrg, sp.OrgID)
	}
	// Everything.
	require.NoError(t, w.s.Reset(""))
	assert.Equal(t, zohocrm.State{Orgs: []zohocrm.OrgSettings{
		{OrgID: usOrg, Edition: zohocrm.Professional}, {OrgID: euOrg, Edition: zohocrm.Free},
	}}, w.s.Export())
}

func TestCatalogue(t *testing.T) {
	cat := zohocrm.Catalogue()
	for _, code := range []string{"INVALID_TOKEN", "AUTHENTICATION_FAILURE", "OAUTH_SCOPE_MISMATCH", "NO_PERMISSION",
		"INVALID_MODULE", "REQUIRED_PARAM_MISSING", "LIMIT_EXCEEDED", "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
		"PAGINATION_LIMIT_EXCEEDED", "TOKEN_BOUND_DATA_MISMATCH", "EXPIRED_VALUE", "INVALID_DATA",
		"AMBIGUITY_DURING_PROCESSING", "INVALID_REQUEST_METHOD", "INVALID_HOST", "API_NOT_SUPPORTED",
		"INVALID_URL_PATTERN", "TOO_MANY_REQUESTS", "INTERNAL_ERROR"} {
		e, ok := cat[code]
		if !assert.True(t, ok, code) {
			continue
		}
		rec := httptestRecorder()
		zohocrm.Writer().Error(rec, e)
		var m map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &m))
		assert.Equal(t, code, m["code"])
		assert.Equal(t, "error", m["status"])
		assert.Equal(t, e.Status(), rec.Code)
	}
	assert.Equal(t, http.StatusBadRequest, zohocrm.TooLarge().Status())
}

func TestIdentify(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	client, tenant := w.s.Identify("Zoho-oauthtoken bob-all")
	assert.Equal(t, "1000.CLIENT", client)
	assert.Equal(t, euOrg, tenant)
	client, tenant = w.s.Identify("Zoho-oauthtoken nope")
	assert.Empty(t, client+tenant)
	client, tenant = w.s.Identify("")
	assert.Empty(t, client+tenant)
}
