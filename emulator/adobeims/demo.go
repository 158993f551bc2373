package adobeims

// The demo world's IMS, with fixed credentials like Azurite's well-known
// account, for the emulator's embedded demo and for documentation.
const (
	DemoOrgID              = "ZOHOAEPDEMO0000000000000@AdobeOrg"
	DemoClientID           = "zohoaep-demo-client" // also the API key
	DemoClientSecret       = "zohoaep-demo-secret"
	DemoTechnicalAccountID = "ZOHOAEPDEMOTECHACCT00000@techacct.adobe.com"
)

// Demo returns the demo IMS: org DemoOrgID with one Server-to-Server
// credential allowed DefaultScopes, and the "prod" sandbox.
func Demo() State {
	return State{Orgs: []OrgState{{
		Org: Org{ID: DemoOrgID, Name: "zohoaep demo"},
		Credentials: []Credential{{
			ClientID: DemoClientID, Secret: DemoClientSecret, Name: "zohoaep demo (OAuth Server-to-Server)",
			TechnicalAccountID: DemoTechnicalAccountID, Scopes: append([]string(nil), DefaultScopes...),
		}},
	}}}
}
