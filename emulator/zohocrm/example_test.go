package zohocrm_test

import (
	"fmt"
	"net/http/httptest"
	"net/netip"
	"time"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// directory is the smallest Zoho Accounts: one org, one user, one token.
type directory struct{}

func (directory) Introspect(token string) (zohocrm.Grant, bool) {
	if token != "1000.example" {
		return zohocrm.Grant{}, false
	}
	return zohocrm.Grant{ClientID: "1000.CLIENT", ZUID: "700000001", OrgID: "810000001", DC: "us",
		Scopes: []string{"ZohoCRM.modules.ALL"}, Expires: time.Now().Add(time.Hour)}, true
}
func (directory) OrgAdmits(string, netip.Addr) bool { return true }
func (directory) Org(id string) (zohocrm.OrgInfo, bool) {
	return zohocrm.OrgInfo{ID: id, Name: "Acme", DC: "us", TimeZone: "America/Los_Angeles"}, id == "810000001"
}
func (directory) Users(string) []zohocrm.UserInfo {
	return []zohocrm.UserInfo{{ZUID: "700000001", Email: "alice@acme.test", FirstName: "Alice", LastName: "Archer"}}
}

func ExampleNew() {
	data := crmdata.New()
	crm := zohocrm.New(zohocrm.Config{}, directory{}, data, nil)
	// The generated owners are the CRM users the users API lists.
	if err := data.PutOrg(crmdata.OrgSpec{OrgID: "810000001", Users: crm.Users("810000001"), Seed: 1}); err != nil {
		panic(err)
	}
	req := httptest.NewRequest("GET", "/crm/v8/Leads?fields=Last_Name,Email&per_page=2", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken 1000.example")
	rec := httptest.NewRecorder()
	crm.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	// Output: 200 application/json;charset=UTF-8
}
