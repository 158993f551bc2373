package zohocrm_test

import (
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

func TestAuthentication(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	w.dir.grant("expiring", usOrg, alice.ZUID, "us", allScopes)
	w.clk.Advance(30 * time.Minute)
	w.dir.grant("fresh", usOrg, alice.ZUID, "us", allScopes) // expires t0+90m
	w.dir.grant("bob-fresh", euOrg, bob.ZUID, "eu", allScopes)
	w.clk.Advance(31 * time.Minute) // "expiring" (t0+60m) has expired
	tests := []struct {
		name   string
		c      call
		status int
		code   string
	}{
		{"no header", call{method: "GET", path: "/crm/v2/org"}, 401, "AUTHENTICATION_FAILURE"},
		{"other scheme", call{method: "GET", path: "/crm/v2/org", auth: "Basic YWxpY2U6cHc="}, 401, "AUTHENTICATION_FAILURE"},
		{"Bearer refused by default", call{method: "GET", path: "/crm/v2/org", auth: "Bearer fresh"}, 401, "AUTHENTICATION_FAILURE"},
		{"scheme without token", call{method: "GET", path: "/crm/v2/org", auth: "Zoho-oauthtoken"}, 401, "INVALID_TOKEN"},
		{"garbage token", get("/crm/v2/org", "1000.nonsense"), 401, "INVALID_TOKEN"},
		{"expired token", get("/crm/v2/org", "expiring"), 401, "INVALID_TOKEN"},
		{"live token", get("/crm/v2/org", "fresh"), 200, ""},
		{"scheme in other case", call{method: "GET", path: "/crm/v2/org", auth: "zoho-oauthtoken fresh"}, 200, ""},
		{"EU token at the US data centre", get("/crm/v2/org", "bob-fresh"), 401, "INVALID_TOKEN"},
		{"EU token at the EU data centre", call{method: "GET", path: "/crm/v2/org", token: "bob-fresh", loc: "eu"}, 200, ""},
		{"US token at the EU data centre", call{method: "GET", path: "/crm/v8/org", token: "fresh", loc: "eu"}, 401, "INVALID_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := w.do(t, tt.c)
			if tt.code == "" {
				assert.Equal(t, tt.status, rec.Code, rec.Body.String())
				return
			}
			code, details := errorOf(t, rec, tt.status)
			assert.Equal(t, tt.code, code)
			assert.Empty(t, details)
		})
	}
}

func TestBearerWhenConfigured(t *testing.T) {
	w := newWorld(t, zohocrm.Config{AcceptBearer: true})
	rec := w.do(t, call{method: "GET", path: "/crm/v2/org", auth: "Bearer alice-all"})
	assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
}

func TestScopes(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	tests := []struct {
		scopes string
		c      call
		ok     bool
	}{
		{"ZohoCRM.modules.ALL", get("/crm/v2/Leads?per_page=1", "t"), true},
		{"ZohoCRM.modules.all", get("/crm/v2/Leads?per_page=1", "t"), true},
		{"ZohoCRM.modules.READ", get("/crm/v2/Leads?per_page=1", "t"), true},
		{"ZohoCRM.modules.leads.READ", get("/crm/v2/Leads?per_page=1", "t"), true},
		{"ZohoCRM.modules.Leads.ALL", get("/crm/v2/Leads?per_page=1", "t"), true},
		{"ZohoCRM.modules.leads.READ", get("/crm/v2/Contacts?per_page=1", "t"), false},
		{"ZohoCRM.modules.leads.CREATE", get("/crm/v2/Leads?per_page=1", "t"), false},
		{"ZohoCRM.modules.activities.READ", get("/crm/v2/Tasks?per_page=1", "t"), true},
		{"ZohoCRM.modules.custom.READ", get("/crm/v2/Subscriptions?per_page=1", "t"), true},
		{"ZohoCRM.modules.custom.READ", get("/crm/v2/Leads?per_page=1", "t"), false},
		{"ZohoCRM.modules.READ", call{method: "DELETE", path: "/crm/v2/Leads?ids=1", token: "t"}, false},
		{"ZohoCRM.modules.leads.DELETE", call{method: "DELETE", path: "/crm/v2/Leads?ids=1", token: "t"}, true},
		{"ZohoCRM.modules.CREATE", call{method: "POST", path: "/crm/v2/Leads", token: "t", body: `{"data":[{"Last_Name":"Scope"}]}`}, true},
		{"ZohoCRM.modules.UPDATE", call{method: "POST", path: "/crm/v2/Leads", token: "t", body: `{"data":[{"Last_Name":"Scope"}]}`}, false},
		{"ZohoCRM.settings.ALL", get("/crm/v2/settings/modules", "t"), true},
		{"ZohoCRM.settings.modules.READ", get("/crm/v2/settings/modules", "t"), true},
		{"ZohoCRM.settings.fields.READ", get("/crm/v2/settings/modules", "t"), false},
		{"ZohoCRM.settings.fields.READ", get("/crm/v2/settings/fields?module=Leads", "t"), true},
		{"ZohoCRM.settings.layouts.ALL", get("/crm/v2/settings/layouts?module=Leads", "t"), true},
		{"ZohoCRM.settings.modules.ALL", get("/crm/v2/settings/layouts?module=Leads", "t"), false},
		{"ZohoCRM.modules.ALL", get("/crm/v2/settings/fields?module=Leads", "t"), false},
		{"ZohoCRM.users.READ", get("/crm/v2/users?type=CurrentUser", "t"), true},
		{"ZohoCRM.org.READ", get("/crm/v2/users?type=CurrentUser", "t"), false},
		{"ZohoCRM.org.READ", get("/crm/v2/org", "t"), true},
		{"ZohoCRM.users.ALL", get("/crm/v2/org", "t"), false},
	}
	for _, tt := range tests {
		t.Run(tt.scopes+" "+tt.c.method+" "+tt.c.path, func(t *testing.T) {
			w.dir.grant("t", usOrg, alice.ZUID, "us", tt.scopes)
			rec := w.do(t, tt.c)
			if tt.ok {
				assert.NotEqual(t, http.StatusUnauthorized, rec.Code, rec.Body.String())
				return
			}
			code, _ := errorOf(t, rec, http.StatusUnauthorized)
			assert.Equal(t, "OAUTH_SCOPE_MISMATCH", code)
		})
	}
}

func TestAllowedIPs(t *testing.T) {
	office := netip.MustParseAddr("192.0.2.10")
	tests := []struct {
		name   string
		cfg    zohocrm.Config
		status int
		code   string
	}{
		{"default: synthetic 403", zohocrm.Config{}, http.StatusForbidden, "NO_PERMISSION"},
		{"configured as INVALID_TOKEN", zohocrm.Config{IPDenied: zohocrm.Denial{Status: 401, Code: "INVALID_TOKEN", Message: "invalid oauth token"}},
			http.StatusUnauthorized, "INVALID_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, tt.cfg)
			w.dir.allow[usOrg] = office
			c := get("/crm/v2/org", "alice-all")
			code, _ := errorOf(t, w.do(t, c), tt.status)
			assert.Equal(t, tt.code, code)
			c.src = office
			assert.Equal(t, http.StatusOK, w.do(t, c).Code)
		})
	}
}

func TestHostRules(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	tests := []struct {
		v, host string
		loc     string
		token   string
		status  int
	}{
		{"v2", "", "", "alice-all", 200}, // the emulator's own host
		{"v2", "www.zohoapis.com", "", "alice-all", 200},
		{"v2", "crm.zoho.com", "", "alice-all", 200}, // legacy host: v2 only
		{"v2.1", "crm.zoho.com", "", "alice-all", 400},
		{"v8", "crm.zoho.com", "", "alice-all", 400},
		{"v2", "crm.zoho.eu", "", "bob-all", 200}, // the legacy host names its data centre
		{"v2", "crm.zoho.eu", "", "alice-all", 401},
		{"v2", "accounts.zoho.com", "", "alice-all", 400},
		{"v4", "accounts.zoho.com", "", "alice-all", 400},
		{"v4", "www.zohoapis.eu", "eu", "bob-all", 200},
	}
	for _, tt := range tests {
		t.Run(tt.v+"@"+tt.host, func(t *testing.T) {
			rec := w.do(t, call{method: "GET", path: "/crm/" + tt.v + "/org", token: tt.token, host: tt.host, loc: tt.loc})
			assert.Equal(t, tt.status, rec.Code, rec.Body.String())
			if tt.status == 400 {
				code, _ := errorOf(t, rec, 400)
				assert.Equal(t, "INVALID_HOST", code)
			}
		})
	}
}

func TestRoutes(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	tests := []struct {
		name   string
		c      call
		status int
		code   string
	}{
		{"unknown version", get("/crm/v9/org", "alice-all").bad(), 404, "INVALID_URL_PATTERN"},
		{"v1", get("/crm/v1/Leads", "alice-all").bad(), 404, "INVALID_URL_PATTERN"},
		{"too deep", call{method: "GET", path: "/crm/v2/Leads/1/2/3", token: "alice-all", noRoute: true}, 404, "INVALID_URL_PATTERN"},
		{"trailing slash", call{method: "GET", path: "/crm/v2/org/", token: "alice-all", noRoute: true}, 404, "INVALID_URL_PATTERN"},
		{"unknown settings", get("/crm/v2/settings/profiles", "alice-all").bad(), 404, "INVALID_URL_PATTERN"},
		{"POST org", call{method: "POST", path: "/crm/v2/org", token: "alice-all", body: `{}`, noRoute: true}, 400, "INVALID_REQUEST_METHOD"},
		{"PUT users", call{method: "PUT", path: "/crm/v2/users", token: "alice-all", body: `{}`, noRoute: true}, 400, "INVALID_REQUEST_METHOD"},
		{"DELETE user", call{method: "DELETE", path: "/crm/v2/users/123", token: "alice-all", noRoute: true}, 400, "INVALID_REQUEST_METHOD"},
		{"PUT settings fields", call{method: "PUT", path: "/crm/v2/settings/fields", token: "alice-all", body: `{}`, noRoute: true}, 400, "INVALID_REQUEST_METHOD"},
		{"PATCH records", call{method: "PATCH", path: "/crm/v2/Leads", token: "alice-all", body: `{}`, noRoute: true}, 400, "INVALID_REQUEST_METHOD"},
		{"POST deleted", call{method: "POST", path: "/crm/v2/Leads/deleted", token: "alice-all", body: `{}`, noRoute: true}, 400, "INVALID_REQUEST_METHOD"},
		{"POST one record", call{method: "POST", path: "/crm/v2/Leads/123", token: "alice-all", body: `{}`, noRoute: true}, 400, "INVALID_REQUEST_METHOD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _ := errorOf(t, w.do(t, tt.c), tt.status)
			assert.Equal(t, tt.code, code)
		})
	}
}

func TestClientCredentialsTokenActsAsPrimaryAdmin(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	w.dir.grant("cc", usOrg, "", "us", allScopes)
	rec := w.do(t, get("/crm/v2/users?type=CurrentUser", "cc"))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	users := body(t, rec)["users"].([]any)
	require.Len(t, users, 1)
	assert.Equal(t, alice.Email, users[0].(map[string]any)["email"])
}

func TestDeactivatedUserTokenIsInvalid(t *testing.T) {
	w := newWorld(t, zohocrm.Config{})
	require.NoError(t, w.s.SetOrg(zohocrm.OrgSettings{OrgID: usOrg, Users: []zohocrm.UserSettings{{ZUID: carol.ZUID, Status: zohocrm.StatusDisabled}}}))
	code, _ := errorOf(t, w.do(t, get("/crm/v2/org", "carol-all")), http.StatusUnauthorized)
	assert.Equal(t, "INVALID_TOKEN", code)
}
