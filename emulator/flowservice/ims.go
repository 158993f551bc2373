package flowservice

import "time"

// IMS is what Flow Service needs of Adobe IMS: who a bearer token is, and
// which sandboxes an org has. The emulator adapts its Adobe IMS service to
// it; tests use a fake.
type IMS interface {
	// Verify returns the identity behind an access token, or an error
	// when IMS does not know it. Expiry is checked by Flow Service on its
	// own (virtual) clock against Identity.Expires.
	Verify(token string) (Identity, error)
	// Sandbox returns the org's sandbox of that name.
	Sandbox(orgID, name string) (SandboxInfo, bool)
}

// Identity is an IMS access token as Flow Service sees it.
type Identity struct {
	ClientID string    // the integration's client id: must equal x-api-key
	OrgID    string    // e.g. "5C1328435BF324E90A49402A@AdobeOrg"
	UserID   string    // e.g. "28AF22BA5DE6B0B40A494036@AdobeID"; empty for some service tokens
	Scopes   []string  // checked only when Config.RequiredScopes is set
	Expires  time.Time // the zero time never expires
}

// SandboxInfo is one sandbox of an org.
type SandboxInfo struct {
	Name string // all lowercase, e.g. "prod"
	ID   string // a UUID
	Type string // "production" or "development"
}

// Tenant is where Flow Service state lives: an IMS org and one of its
// sandboxes, by name.
type Tenant struct {
	Org     string `json:"imsOrgId"`
	Sandbox string `json:"sandboxName"`
}

func (t Tenant) String() string { return t.Org + "/" + t.Sandbox }

// actor is who makes a change: the audit fields of a document.
type actor struct {
	by, client string
}

// actorOf names the token's user, or its client for tokens without one
// (reference §3: for service tokens createdBy equals the client).
func actorOf(id Identity) actor {
	by := id.UserID
	if by == "" {
		by = id.ClientID
	}
	return actor{by: by, client: id.ClientID}
}
