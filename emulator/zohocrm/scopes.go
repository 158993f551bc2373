package zohocrm

import (
	"strings"

	"github.com/gorilla/mux"
)

// access is what an endpoint needs of a token's scopes (reference §10):
//
//	records   ZohoCRM.modules.ALL | ZohoCRM.modules.{op}
//	          | ZohoCRM.modules.{module}.ALL | ZohoCRM.modules.{module}.{op}
//	settings  ZohoCRM.settings.ALL | ZohoCRM.settings.{sub}.ALL | ZohoCRM.settings.{sub}.READ
//	users     ZohoCRM.users.ALL | ZohoCRM.users.READ
//	org       ZohoCRM.org.ALL | ZohoCRM.org.READ
//
// Scopes compare case-insensitively (tokens granted ZohoCRM.modules.all
// work, reference §10). A module's scope names it in any case
// (ZohoCRM.modules.leads.READ); ZohoCRM.modules.activities.* also covers
// Tasks, Events and Calls, and ZohoCRM.modules.custom.* every custom module.
type access struct {
	area string // areaRecords, "settings", "users", "org"
	sub  string // settings: modules, fields, layouts
	op   string // records: READ, CREATE, UPDATE, DELETE
}

const (
	areaRecords = "modules"
	opRead      = "READ"
	opCreate    = "CREATE"
	opUpdate    = "UPDATE"
	opDelete    = "DELETE"
	opAll       = "ALL"
	scopePrefix = "ZohoCRM."
)

func recordScope(op string) access    { return access{area: areaRecords, op: op} }
func settingsScope(sub string) access { return access{area: "settings", sub: sub} }
func plainScope(area string) access   { return access{area: area} }
func activityModule(name string) bool {
	switch strings.ToLower(name) {
	case "tasks", "events", "calls", "activities":
		return true
	}
	return false
}

// allows reports whether the call's token carries a scope for need.
func (s *Service) allows(c *call, need access) bool {
	switch need.area {
	case areaRecords:
		module := mux.Vars(c.r)["module"]
		if hasScope(c.grant.Scopes, recordScopes(module, need.op)...) {
			return true
		}
		if activityModule(module) && hasScope(c.grant.Scopes, recordScopes("activities", need.op)...) {
			return true
		}
		if m, ok := s.data.Module(c.org.OrgID, module); ok && m.GeneratedType == "custom" {
			return hasScope(c.grant.Scopes, recordScopes("custom", need.op)...)
		}
		return false
	case "settings":
		return hasScope(c.grant.Scopes, scopePrefix+"settings."+opAll,
			scopePrefix+"settings."+need.sub+"."+opAll, scopePrefix+"settings."+need.sub+"."+opRead)
	default:
		return hasScope(c.grant.Scopes, scopePrefix+need.area+"."+opAll, scopePrefix+need.area+"."+opRead)
	}
}

// recordScopes are the scopes that allow op on a module's records.
func recordScopes(module, op string) []string {
	return []string{
		scopePrefix + "modules." + opAll,
		scopePrefix + "modules." + op,
		scopePrefix + "modules." + module + "." + opAll,
		scopePrefix + "modules." + module + "." + op,
	}
}

// hasScope reports whether granted holds one of want, ignoring case.
func hasScope(granted []string, want ...string) bool {
	for _, g := range granted {
		for _, w := range want {
			if strings.EqualFold(g, w) {
				return true
			}
		}
	}
	return false
}
