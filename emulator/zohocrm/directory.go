package zohocrm

import (
	"net/netip"
	"time"
)

// Directory is what the CRM needs of Zoho Accounts: the grants of access
// tokens, the orgs with their IP allow lists, and their users. The
// emulator adapts its Zoho Accounts service to it.
type Directory interface {
	// Introspect returns the grant of a live access token: not expired,
	// revoked or evicted.
	Introspect(token string) (Grant, bool)
	// OrgAdmits applies an org's IP allow list to a source address.
	OrgAdmits(orgID string, ip netip.Addr) bool
	// Org returns an org.
	Org(orgID string) (OrgInfo, bool)
	// Users lists an org's users in a stable order.
	Users(orgID string) []UserInfo
}

// Grant is what a live access token allows.
type Grant struct {
	ClientID string
	ZUID     string // empty for client_credentials tokens
	OrgID    string
	DC       string // the data centre that issued it
	Scopes   []string
	Expires  time.Time
}

// OrgInfo is a Zoho org as Zoho Accounts knows it.
type OrgInfo struct {
	ID       string
	Name     string
	DC       string
	TimeZone string // IANA name
}

// UserInfo is a Zoho user as Zoho Accounts knows it.
type UserInfo struct {
	ZUID      string
	Email     string
	FirstName string
	LastName  string
	TimeZone  string // IANA name; empty: the org's
}
