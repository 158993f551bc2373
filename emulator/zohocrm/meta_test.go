package zohocrm_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

func apiNames(t *testing.T, items []any) []string {
	t.Helper()
	var out []string
	for _, it := range items {
		out = append(out, it.(map[string]any)["api_name"].(string))
	}
	return out
}

func TestModules(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	for _, v := range versions {
		t.Run(v, func(t *testing.T) {
			rec := w.do(t, get("/crm/"+v+"/settings/modules", "alice-all"))
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			names := apiNames(t, body(t, rec)["modules"].([]any))
			assert.Contains(t, names, "Leads")
			assert.Contains(t, names, "Subscriptions")
			if v == "v2" || v == "v2.1" {
				assert.Contains(t, names, "Activities")
			} else {
				assert.NotContains(t, names, "Activities")
			}
			one := w.do(t, get("/crm/"+v+"/settings/modules/leads", "alice-all"))
			require.Equal(t, http.StatusOK, one.Code)
			assert.Equal(t, []string{"Leads"}, apiNames(t, body(t, one)["modules"].([]any)))
		})
	}
	code, _ := errorOf(t, w.do(t, get("/crm/v3/settings/modules/Activities", "alice-all")), 400)
	assert.Equal(t, "INVALID_MODULE", code)
	vis := w.do(t, get("/crm/v2/settings/modules?status=visible", "alice-all"))
	assert.Equal(t, http.StatusOK, vis.Code)
	none := w.do(t, get("/crm/v2/settings/modules?status=scheduled_for_deletion", "alice-all"))
	assert.Equal(t, http.StatusNoContent, none.Code)
	code, _ = errorOf(t, w.do(t, get("/crm/v2/settings/modules?status=gone", "alice-all").bad()), 400)
	assert.Equal(t, "INVALID_DATA", code)
}

func TestFields(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	for _, v := range versions {
		t.Run(v, func(t *testing.T) {
			rec := w.do(t, get("/crm/"+v+"/settings/fields?module=Leads", "alice-all"))
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			fields := body(t, rec)["fields"].([]any)
			names := apiNames(t, fields)
			assert.Contains(t, names, "Last_Name")
			assert.Equal(t, v >= "v3", contains(names, "Converted__s"), "Converted__s from v3")
			assert.Equal(t, v >= "v6", contains(names, "Record_Status__s"), "Record_Status__s from v6")
			for _, f := range fields {
				f := f.(map[string]any)
				if f["data_type"] != "lookup" {
					continue
				}
				if v == "v2" {
					assert.IsType(t, "", f["lookup"].(map[string]any)["module"])
				} else {
					assert.IsType(t, map[string]any{}, f["lookup"].(map[string]any)["module"])
				}
			}
			// Every key of a full record read is a field (or id or a $ key).
			p := decodePage(t, w.do(t, get(leadsPath(v, "per_page=3"), "alice-all")))
			known := map[string]bool{"id": true}
			for _, n := range names {
				known[n] = true
			}
			if !fieldsVersion(v) {
				for k := range p.Data[0] {
					assert.True(t, known[k] || k[0] == '$', "record key %s is no field", k)
				}
			}
		})
	}
	tests := []struct {
		path, code, param string
		bad               bool
	}{
		{"/crm/v2/settings/fields", "REQUIRED_PARAM_MISSING", "module", true},
		{"/crm/v2/settings/fields?module=Widgets", "INVALID_MODULE", "module", false},
		{"/crm/v4/settings/fields?module=Activities", "INVALID_MODULE", "module", false},
		{"/crm/v2/settings/layouts", "REQUIRED_PARAM_MISSING", "module", true},
	}
	for _, tt := range tests {
		c := get(tt.path, "alice-all")
		c.badRequest = tt.bad
		code, details := errorOf(t, w.do(t, c), 400)
		assert.Equal(t, tt.code, code, tt.path)
		assert.Equal(t, tt.param, details["param_name"], tt.path)
	}
}

func TestLayouts(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	rec := w.do(t, get("/crm/v8/settings/layouts?module=Contacts", "alice-all"))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	layouts := body(t, rec)["layouts"].([]any)
	require.Len(t, layouts, 1)
	l := layouts[0].(map[string]any)
	assert.Equal(t, "Standard", l["name"])
	var names []string
	for _, s := range l["sections"].([]any) {
		names = append(names, apiNames(t, s.(map[string]any)["fields"].([]any))...)
	}
	fields := apiNames(t, body(t, w.do(t, get("/crm/v8/settings/fields?module=Contacts", "alice-all")))["fields"].([]any))
	assert.ElementsMatch(t, fields, names)
}

func TestUsers(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	no := false
	require.NoError(t, w.s.SetOrg(zohocrm.OrgSettings{OrgID: usOrg, Users: []zohocrm.UserSettings{
		{ZUID: carol.ZUID, Status: zohocrm.StatusDisabled},
		{ZUID: dave.ZUID, Confirmed: &no, Profile: "Administrator", Role: "Manager"},
	}}))
	emails := func(rec int, b map[string]any) []string {
		var out []string
		for _, u := range b["users"].([]any) {
			out = append(out, u.(map[string]any)["email"].(string))
		}
		return out
	}
	tests := []struct {
		typ  string
		want []string
	}{
		{"", []string{alice.Email, carol.Email, dave.Email}},
		{"AllUsers", []string{alice.Email, carol.Email, dave.Email}},
		{"ActiveUsers", []string{alice.Email, dave.Email}},
		{"DeactiveUsers", []string{carol.Email}},
		{"ConfirmedUsers", []string{alice.Email, carol.Email}},
		{"NotConfirmedUsers", []string{dave.Email}},
		{"DeletedUsers", nil},
		{"ActiveConfirmedUsers", []string{alice.Email}},
		{"AdminUsers", []string{alice.Email, dave.Email}},
		{"ActiveConfirmedAdmins", []string{alice.Email}},
		{"CurrentUser", []string{alice.Email}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			path := "/crm/v8/users"
			if tt.typ != "" {
				path += "?type=" + tt.typ
			}
			rec := w.do(t, get(path, "alice-all"))
			if tt.want == nil {
				assert.Equal(t, http.StatusNoContent, rec.Code)
				return
			}
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			assert.Equal(t, tt.want, emails(rec.Code, body(t, rec)))
			assert.Equal(t, keysV2, infoKeys(t, rec))
		})
	}
	t.Run("paging and ids", func(t *testing.T) {
		p := body(t, w.do(t, get("/crm/v2/users?per_page=2&page=2", "alice-all")))
		assert.Equal(t, []string{dave.Email}, emails(0, p))
		all := body(t, w.do(t, get("/crm/v2/users", "alice-all")))["users"].([]any)
		carolID := all[1].(map[string]any)["id"].(string)
		assert.Equal(t, []string{carol.Email}, emails(0, body(t, w.do(t, get("/crm/v2/users?ids="+carolID, "alice-all")))))
		one := w.do(t, get("/crm/v2/users/"+carolID, "alice-all"))
		require.Equal(t, http.StatusOK, one.Code)
		u := body(t, one)["users"].([]any)[0].(map[string]any)
		assert.Equal(t, "disabled", u["status"])
		assert.Equal(t, "America/Los_Angeles", u["time_zone"])
		assert.Equal(t, carol.ZUID, u["zuid"])
		assert.Equal(t, http.StatusNoContent, w.do(t, get("/crm/v2/users/1234567890123456789", "alice-all")).Code)
	})
	t.Run("bad type", func(t *testing.T) {
		code, details := errorOf(t, w.do(t, get("/crm/v2/users?type=Everyone", "alice-all").bad()), 400)
		assert.Equal(t, "INVALID_DATA", code)
		assert.Equal(t, "type", details["param_name"])
	})
	t.Run("owners are users", func(t *testing.T) {
		all := body(t, w.do(t, get("/crm/v2/users", "alice-all")))["users"].([]any)
		ids := map[string]bool{}
		for _, u := range all {
			ids[u.(map[string]any)["id"].(string)] = true
		}
		p := decodePage(t, w.do(t, get("/crm/v2/Leads?per_page=50", "alice-all")))
		for _, r := range p.Data {
			assert.True(t, ids[r["Owner"].(map[string]any)["id"].(string)])
		}
	})
}

func TestOrg(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	require.NoError(t, w.s.SetOrg(zohocrm.OrgSettings{OrgID: usOrg, Edition: zohocrm.Professional, Currency: "eur", CompanyName: "Acme Inc."}))
	for _, v := range versions {
		rec := w.do(t, get("/crm/"+v+"/org", "alice-all"))
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		org := body(t, rec)["org"].([]any)[0].(map[string]any)
		assert.Equal(t, "Acme Inc.", org["company_name"])
		assert.Equal(t, "America/Los_Angeles", org["time_zone"])
		assert.Equal(t, "Euro - EUR", org["currency"])
		assert.Equal(t, "EUR", org["iso_code"])
		assert.Equal(t, usOrg, org["zgid"])
		assert.Equal(t, alice.ZUID, org["primary_zuid"])
		assert.Equal(t, "professional", org["license_details"].(map[string]any)["paid_type"])
	}
	require.Error(t, w.s.SetOrg(zohocrm.OrgSettings{OrgID: usOrg, Edition: "platinum"}))
	require.Error(t, w.s.SetOrg(zohocrm.OrgSettings{OrgID: usOrg, Currency: "XXX"}))
	require.Error(t, w.s.SetOrg(zohocrm.OrgSettings{}))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestOrgWithoutCRM(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	w.data.DropOrg(euOrg)
	code, details := errorOf(t, w.do(t, call{method: "GET", path: "/crm/v2/org", token: "bob-all", loc: "eu"}), http.StatusForbidden)
	assert.Equal(t, "NO_PERMISSION", code)
	assert.Equal(t, []any{"Crm_Implied_Api_Access"}, details["permissions"])
}
