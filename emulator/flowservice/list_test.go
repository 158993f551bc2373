package flowservice_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// listWorld has seven base connections, made a second apart, named out of
// order; two are disabled.
func listWorld(t testing.TB, cfg flowservice.Config) (*world, []string) {
	t.Helper()
	w := newWorld(t, cfg)
	var made []string
	for i, name := range []string{"delta", "alpha", "Echo", "charlie", "bravo", "golf", "foxtrot"} {
		id, etag := created(t, w.do(t, post(fs+"/connections", zohoConnection(name))))
		if i%3 == 1 {
			rec := w.do(t, patch(fs+"/connections/"+id, etag, `[{"op":"replace","path":"/state","value":"disabled"}]`))
			require.Equal(t, http.StatusOK, rec.Code)
		}
		made = append(made, id)
		w.clk.Advance(time.Second)
	}
	return w, made
}

func names(list []map[string]any) []string {
	out := make([]string, len(list))
	for i, m := range list {
		out[i], _ = m["name"].(string)
	}
	return out
}

// TestListOrderAndFilters: the default order is creation order; orderby
// sorts ascending or descending; filters combine with AND.
func TestListOrderAndFilters(t *testing.T) {
	w, made := listWorld(t, flowservice.Config{})
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"delta", "alpha", "Echo", "charlie", "bravo", "golf", "foxtrot"}},
		{"?orderby=name", []string{"alpha", "bravo", "charlie", "delta", "Echo", "foxtrot", "golf"}},
		{"?orderby=%2Bname", []string{"alpha", "bravo", "charlie", "delta", "Echo", "foxtrot", "golf"}},
		{"?orderby=+name", []string{"alpha", "bravo", "charlie", "delta", "Echo", "foxtrot", "golf"}},
		{"?orderby=-name", []string{"golf", "foxtrot", "Echo", "delta", "charlie", "bravo", "alpha"}},
		{"?orderby=-createdAt", []string{"foxtrot", "golf", "bravo", "charlie", "Echo", "alpha", "delta"}},
		{"?orderby=state,-name", []string{"bravo", "alpha", "golf", "foxtrot", "Echo", "delta", "charlie"}},
		{"?property=state==disabled", []string{"alpha", "bravo"}},
		{"?property=state==enabled&orderby=createdAt", []string{"delta", "Echo", "charlie", "golf", "foxtrot"}},
		{"?property=state==enabled&property=name>d", []string{"delta", "Echo", "golf", "foxtrot"}},
		{"?property=state==enabled,name>d", []string{"delta", "Echo", "golf", "foxtrot"}},
		{"?property=name==%22alpha%22", []string{"alpha"}},
		{"?property=name==alpha,bravo&orderby=name", []string{"alpha", "bravo"}},
		{"?property=id==" + made[0] + "," + made[6], []string{"delta", "foxtrot"}},
		{"?property=connectionSpec.id==929e4450-0237-4ed2-9404-b7e1e0a00309&property=state!=enabled", []string{"alpha", "bravo"}},
		{"?property=createdAt>=1772445603000", []string{"charlie", "bravo", "golf", "foxtrot"}},
		{"?property=auth.params.clientId==1000.0SQKHCOMCQOBELBGMDTL9K1904GNIX&limit=1", []string{"delta"}},
		{"?property=auth.params.clientSecret==883e9bf021e43cb0b4147a2353319f4be8167138e5", []string{}},
		{"?property=sandboxName==prod&property=imsOrgId==" + url.QueryEscape(org) + "&property=name==nobody", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := names(items(t, w.do(t, get(fs+"/connections"+tt.query))))
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestPaging: limit pages, _links.next continues with the same filter and
// order, count counts.
func TestPaging(t *testing.T) {
	w, _ := listWorld(t, flowservice.Config{})
	var seen []string
	path := fs + "/connections?orderby=-name&limit=3"
	for pages := 0; pages < 10; pages++ {
		rec := w.do(t, get(path))
		page := decode(t, rec)
		list := items(t, rec)
		seen = append(seen, names(list)...)
		links := page["_links"].(map[string]any)
		next, ok := links["next"].(map[string]any)
		if !ok {
			break
		}
		assert.LessOrEqual(t, len(list), 3)
		href := next["href"].(string)
		require.True(t, strings.HasPrefix(href, "/connections?continuationToken="), href)
		path = fs + href
	}
	assert.Equal(t, []string{"golf", "foxtrot", "Echo", "delta", "charlie", "bravo", "alpha"}, seen)

	// A filtered page continues filtered; an explicit limit resizes it.
	rec := w.do(t, get(fs+"/connections?property=state==enabled&limit=2"))
	assert.Equal(t, []string{"delta", "Echo"}, names(items(t, rec)))
	href := decode(t, rec)["_links"].(map[string]any)["next"].(map[string]any)["href"].(string)
	assert.Equal(t, []string{"charlie", "golf", "foxtrot"}, names(items(t, w.do(t, get(fs+href+"&limit=5")))))

	// The last page has no next link.
	page := decode(t, w.do(t, get(fs+"/connections?limit=7")))
	assert.Equal(t, map[string]any{}, page["_links"])

	assert.JSONEq(t, `{"count":7}`, w.do(t, get(fs+"/connections?count=true")).Body.String())
	assert.JSONEq(t, `{"count":2}`, w.do(t, get(fs+"/connections?property=state==disabled&count=true")).Body.String())
	assert.Len(t, items(t, w.do(t, get(fs+"/connections?count=false"))), 7)
}

// TestListRefusals: bad paging and sorting parameters, with their codes.
func TestListRefusals(t *testing.T) {
	w, _ := listWorld(t, flowservice.Config{})
	tokenOfSpecs := func() string {
		w.do(t, get(fs+"/connectionSpecs?limit=1"))
		rec := w.do(t, get(fs+"/connectionSpecs?limit=1"))
		href := decode(t, rec)["_links"].(map[string]any)["next"].(map[string]any)["href"].(string)
		return strings.TrimPrefix(href, "/connectionSpecs?continuationToken=")
	}()
	tests := []struct {
		query string
		code  string
		bad   bool
	}{
		{"?limit=3&count=true", "1401-400", false},
		{"?limit=0", "1453-400", true},
		{"?limit=-2", "1453-400", true},
		{"?limit=abc", "1453-400", true},
		{"?count=maybe", "1453-400", true},
		{"?orderby=%23id", "1433-400", false},
		{"?orderby=*name", "1432-400", false},
		{"?orderby=--name", "1432-400", false},
		{"?orderby=nonsense", "1433-400", false},
		{"?orderby=-", "1433-400", false},
		{"?continuationToken=abcdefghijkLMNOPqrstupWXKYZ", "1453-400", false},
		{"?continuationToken=" + tokenOfSpecs, "1453-400", false},
		{"?testParam=1", "1451-400", false},
		{"?property=name~alpha", "1440-400", false},
		{"?property=connections==x", "1449-400", false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			before := w.snapshot(t)
			r := get(fs + "/connections" + tt.query)
			if tt.bad {
				r = r.badReq()
			}
			flowError(t, w.do(t, r), tt.code)
			assert.Equal(t, before, w.snapshot(t))
		})
	}
	m := flowError(t, w.do(t, get(fs+"/connections?testParam=1&another=2")), "1451-400")
	assert.Equal(t, "Invalid params another,testParam provided in query params.", m["errorMessage"])
}

// TestMaxLimit: a limit over Config.MaxLimit serves MaxLimit items.
func TestMaxLimit(t *testing.T) {
	w, _ := listWorld(t, flowservice.Config{MaxLimit: 2})
	rec := w.do(t, get(fs+"/connections?limit=100"))
	assert.Len(t, items(t, rec), 2)
	assert.Contains(t, decode(t, rec)["_links"], "next")
}

// TestSpecs: the catalogue lists and filters like any resource.
func TestSpecs(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	all := items(t, w.do(t, get(fs+"/connectionSpecs")))
	assert.Len(t, all, 6)
	assert.Equal(t, []string{flowservice.SpecZohoCRM, flowservice.SpecSalesforce, flowservice.SpecDynamics,
		flowservice.SpecHubSpot, flowservice.SpecSquare, flowservice.SpecDataLake}, ids(all))

	hub := item(t, w.do(t, get(fs+"/connectionSpecs/"+flowservice.SpecHubSpot)))
	assert.Equal(t, "hubspot", hub["name"])
	zoho := items(t, w.do(t, get(fs+`/connectionSpecs?property=name=="zoho"`)))
	require.Len(t, zoho, 1)
	auth := zoho[0]["authSpec"].([]any)[0].(map[string]any)
	assert.Equal(t, "Basic Authentication", auth["name"])
	spec := auth["spec"].(map[string]any)
	assert.ElementsMatch(t, []any{"endpoint", "accountsUrl", "clientId", "clientSecret", "accessToken", "refreshToken"}, spec["required"])
	assert.Equal(t, "password", spec["properties"].(map[string]any)["refreshToken"].(map[string]any)["format"])

	assert.Len(t, items(t, w.do(t, get(fs+"/connectionSpecs?property=attributes.category==crm"))), 3)
	assert.Equal(t, []string{"Data Lake", "dynamics-online", "hubspot", "salesforce", "square", "zoho"},
		names(items(t, w.do(t, get(fs+"/connectionSpecs?orderby=name")))))
	assert.JSONEq(t, `{"count":6}`, w.do(t, get(fs+"/connectionSpecs?count=true")).Body.String())

	crm := items(t, w.do(t, get(fs+`/flowSpecs?property=name=="CRMToAEP"`)))
	require.Len(t, crm, 1)
	assert.Equal(t, flowservice.FlowSpecCRMToAEP, crm[0]["id"])
	assert.Contains(t, crm[0]["sourceConnectionSpecIds"], flowservice.SpecZohoCRM)
	assert.Equal(t, []any{flowservice.SpecDataLake}, crm[0]["targetConnectionSpecIds"])
	sched := crm[0]["scheduleSpec"].(map[string]any)
	assert.Equal(t, "PeriodicSchedule", sched["name"])
	assert.Len(t, items(t, w.do(t, get(fs+"/flowSpecs?property=sourceConnectionSpecIds[]=="+flowservice.SpecSquare))), 1)
	assert.Equal(t, flowservice.FlowSpecCRMToAEP, item(t, w.do(t, get(fs+"/flowSpecs/"+flowservice.FlowSpecCRMToAEP)))["id"])

	flowError(t, w.do(t, get(fs+"/connectionSpecs/00000000-0000-4000-8000-000000000000")), "1439-404")
	flowError(t, w.do(t, get(fs+"/flowSpecs/nope")), "1439-404")

	renamed := newWorld(t, flowservice.Config{ZohoSpecName: "zoho-crm"})
	assert.Equal(t, "zoho-crm", item(t, renamed.do(t, get(fs+"/connectionSpecs/"+flowservice.SpecZohoCRM)))["name"])
}

// TestUnknownRoutes: paths and methods Flow Service does not serve are
// answered in its envelope.
func TestUnknownRoutes(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	flowError(t, w.do(t, req{method: http.MethodGet, path: fs + "/nothing", noRoute: true}), "1003-404")
	m := flowError(t, w.do(t, req{method: http.MethodPut, path: fs + "/connections", noRoute: true}), "1000-405")
	assert.Equal(t, "Method Not Allowed", m["title"])
	flowError(t, w.do(t, req{method: http.MethodDelete, path: fs + "/runs/x", noRoute: true}), "1000-405")
}

// TestListIsolation: each list sees its own sandbox only.
func TestListIsolation(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	prod := w.build(t, "prod")
	dev := w.build(t, "dev")
	for _, kind := range []string{"connections", "sourceConnections", "targetConnections", "flows"} {
		p := items(t, w.do(t, get(fs+"/"+kind)))
		d := items(t, w.do(t, get(fs+"/"+kind).in("dev")))
		require.Len(t, p, 1, kind)
		require.Len(t, d, 1, kind)
		assert.NotEqual(t, p[0]["id"], d[0]["id"])
		assert.Equal(t, "dev", d[0]["sandboxName"])
		assert.Equal(t, devID, d[0]["sandboxId"])
	}
	for _, path := range []string{"/connections/" + prod.base, "/sourceConnections/" + prod.source, "/targetConnections/" + prod.target, "/flows/" + prod.flow} {
		flowError(t, w.do(t, get(fs+path).in("dev")), "1439-404")
	}
	rec := w.do(t, get(catalog+"/dataSets/"+dev.dataset))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Contains(t, rec.Body.String(), "CAT-1101-404")
	rec = w.do(t, get(prep+"/mappingSets/"+dev.mapping))
	assert.Contains(t, rec.Body.String(), "DPR-1101-404")
	flowError(t, w.do(t, del(fs+"/flows/"+dev.flow)), "1439-404")
	assert.Equal(t, http.StatusNoContent, w.do(t, del(fs+"/flows/"+dev.flow).in("dev")).Code)

	// Another org sees nothing of this one.
	other := get(fs+"/connections").as(tokOther).with("x-api-key", otherKey).with("x-gw-ims-org-id", otherOrg)
	assert.Empty(t, items(t, w.do(t, other)))
	assert.Equal(t, []flowservice.Tenant{{Org: org, Sandbox: "dev"}, {Org: org, Sandbox: "prod"}}, w.svc.Tenants())
}

// FuzzListQuery: any query string of a list gets a legal answer (a page,
// a count or a Flow Service error), never a 500.
func FuzzListQuery(f *testing.F) {
	for _, s := range []string{
		"property=state==enabled&orderby=-name&limit=2", "property=name%3D%3D%22a%2Cb%22", "continuationToken=eyJrIjoiY29ubmVjdGlvbnMiLCJvIjoyfQ",
		"count=true&property=createdAt>1", "orderby=%2Bname,-createdAt", "property=auth.params[].x<=1,2", "limit=1&continuationToken=%00",
	} {
		f.Add(s)
	}
	w, _ := listWorld(f, flowservice.Config{})
	f.Fuzz(func(t *testing.T, query string) {
		if strings.ContainsFunc(query, func(r rune) bool { return r <= ' ' || r == '#' || r == 0x7f }) {
			return // not a request line a client can send
		}
		rec, violations := w.judge(get(fs + "/connections?" + query))
		if rec == nil {
			return
		}
		require.Empty(t, violations, "%q: %s", query, rec.Body.String())
		require.NotEqual(t, http.StatusInternalServerError, rec.Code)
	})
}
