package emulator

import (
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// The demo world's fixed credentials, like Azurite's well-known account:
// documented in the README and printed by `zohoaep serve`.
const (
	DemoOrgID          = "810000001"
	DemoUserEmail      = "admin@zylker.test"
	DemoUserPassword   = "zohoaep"
	DemoUserZUID       = "810000101"
	DemoServerClientID = "1000.DEMOSERVERCLIENT00000000000000"
	DemoSelfClientID   = "1000.DEMOSELFCLIENT0000000000000000"
	DemoClientSecret   = "0123456789abcdef0123456789abcdef0123456789"
	DemoRedirectURI    = "http://127.0.0.1:8000/callback"
)

// allDCs lists every data-centre location, for the demo clients.
var allDCs = []string{"us", "eu", "in", "au", "cn", "jp", "ca", "sa", "uk", "ae"}

// Demo returns the embedded demo world: org "Zylker" in the US data centre
// with an admin and two more users, a server-based client and a self
// client enabled in every data centre; an Adobe IMS org with a
// server-to-server credential and a prod sandbox; and a Zoho CRM (Enterprise edition)
// whose standard modules hold a few thousand generated records.
func Demo() *State {
	return &State{
		Version: StateVersion,
		Zoho: zohoaccounts.State{Orgs: []zohoaccounts.OrgState{{
			Org: zohoaccounts.Org{ID: DemoOrgID, Name: "Zylker", DC: "us", TimeZone: "America/Los_Angeles"},
			Users: []zohoaccounts.User{
				{ZUID: DemoUserZUID, Email: DemoUserEmail, Password: DemoUserPassword, FirstName: "Patricia", LastName: "Boyle"},
				{ZUID: "810000102", Email: "sales@zylker.test", Password: DemoUserPassword, FirstName: "Christopher", LastName: "Maclead"},
				{ZUID: "810000103", Email: "support@zylker.test", Password: DemoUserPassword, FirstName: "Kris", LastName: "Marrier", TimeZone: "Europe/London"},
			},
			Clients: []zohoaccounts.Client{
				{
					ID: DemoServerClientID, Secret: DemoClientSecret, Name: "Zylker AEP Connector",
					Type: zohoaccounts.ServerBased, HomeDC: "us", DCs: allDCs, RedirectURIs: []string{DemoRedirectURI},
				},
				{
					ID: DemoSelfClientID, Secret: DemoClientSecret, Name: "Zylker Self Client",
					Type: zohoaccounts.SelfClient, HomeDC: "us", DCs: allDCs,
				},
			},
		}}},
		IMS: ptr(adobeims.Demo()),
		CRM: &CRMState{
			Service: zohocrm.State{Orgs: []zohocrm.OrgSettings{{
				OrgID: DemoOrgID, Edition: zohocrm.Enterprise, CompanyName: "Zylker Corp", Currency: "USD", CountryCode: "US",
			}}},
			// Leads has more than 2,000 records, so reading it all steps from
			// page 10 to page_token as a real connector must.
			Data: []crmdata.OrgState{{Spec: crmdata.OrgSpec{
				OrgID: DemoOrgID, Seed: DemoCRMSeed, Standard: true,
				Modules: []crmdata.ModuleSpec{{APIName: crmdata.Leads, Generate: DemoLeads}},
			}}},
		},
	}
}

// The demo org's CRM: the generator seed and the number of Leads.
const (
	DemoCRMSeed = 20260101
	DemoLeads   = 2500
)
