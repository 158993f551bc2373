package adobeims

import "slices"

// Org is an IMS organisation: a tenant of the emulator.
type Org struct {
	ID   string `json:"id"` // e.g. "ZOHOAEPDEMO0000000000000@AdobeOrg"
	Name string `json:"name"`
}

// Credential is an OAuth Server-to-Server credential of a Developer Console
// project: the client id doubles as the API key (x-api-key).
type Credential struct {
	ClientID string `json:"client_id"`
	Secret   string `json:"client_secret,omitempty"`
	Name     string `json:"name"`
	OrgID    string `json:"org_id"`
	// TechnicalAccountID is the service account the tokens act as: their
	// user_id, e.g. "9B1C2D3E4F5A6B7C8D9E0F1A@techacct.adobe.com".
	TechnicalAccountID string `json:"technical_account_id"`
	// Scopes the credential may ask for (default DefaultScopes).
	Scopes []string `json:"scopes"`
}

// Sandbox is an AEP sandbox of an org. The Flow Service resolves the
// x-sandbox-name header to one; every org has the production sandbox
// "prod", its default.
type Sandbox struct {
	Name  string `json:"name"`  // lowercase, e.g. "prod"
	ID    string `json:"id"`    // a UUID
	Title string `json:"title"` // display name, e.g. "Prod"
	Type  string `json:"type"`  // SandboxProduction or SandboxDevelopment
}

func cloneCredential(c Credential) Credential {
	c.Scopes = slices.Clone(c.Scopes)
	return c
}
