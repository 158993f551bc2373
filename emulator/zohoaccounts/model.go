package zohoaccounts

import (
	"net/netip"
	"slices"
	"time"
)

// Org is a Zoho organisation: a tenant of the emulator.
type Org struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	DC         string   `json:"dc"` // data-centre location, e.g. "us"
	TimeZone   string   `json:"time_zone"`
	AllowedIPs []string `json:"allowed_ips,omitempty"` // empty: any IP
}

// User is a Zoho account in an org.
type User struct {
	ZUID      string `json:"zuid"`
	OrgID     string `json:"org_id"`
	Email     string `json:"email"`
	Password  string `json:"password,omitempty"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	TimeZone  string `json:"time_zone,omitempty"` // empty: the org's
}

// Client is an app registered in the API console of an org's developer.
type Client struct {
	ID     string     `json:"client_id"`
	Secret string     `json:"client_secret,omitempty"`
	Name   string     `json:"name"`
	Type   ClientType `json:"type"`
	OrgID  string     `json:"org_id"`
	HomeDC string     `json:"home_dc"`
	DCs    []string   `json:"dcs"` // data centres it is enabled in, home included
	// DCSecrets are per-DC client secrets, where the developer chose them.
	DCSecrets    map[string]string `json:"dc_secrets,omitempty"`
	RedirectURIs []string          `json:"redirect_uris,omitempty"`
	AllowedIPs   []string          `json:"allowed_ips,omitempty"`
	// Consent overrides the global consent mode for this client.
	Consent *Consent `json:"consent,omitempty"`
}

func (c *Client) enabledIn(dc string) bool { return slices.Contains(c.DCs, dc) }

// secretFor returns the client secret valid in dc.
func (c *Client) secretFor(dc string) string {
	if s, ok := c.DCSecrets[dc]; ok && s != "" {
		return s
	}
	return c.Secret
}

// public reports whether the client cannot keep a secret and uses PKCE.
func (c *Client) public() bool { return c.Type == JavaScript || c.Type == Mobile }

type grantCode struct {
	Code          string    `json:"code"`
	ClientID      string    `json:"client_id"`
	ZUID          string    `json:"zuid"`
	DC            string    `json:"dc"`
	Scopes        []string  `json:"scopes"`
	RedirectURI   string    `json:"redirect_uri,omitempty"` // empty for self-client codes
	Offline       bool      `json:"offline"`                // a refresh token comes with it
	Challenge     string    `json:"code_challenge,omitempty"`
	ChallengeMode string    `json:"code_challenge_method,omitempty"`
	OrgID         string    `json:"org_id,omitempty"` // self-client codes chosen for an org
	Expires       time.Time `json:"expires"`
}

type refreshToken struct {
	Token    string    `json:"token"`
	ClientID string    `json:"client_id"`
	ZUID     string    `json:"zuid"`
	DC       string    `json:"dc"`
	Scopes   []string  `json:"scopes"`
	Issued   time.Time `json:"issued"`
	// Mints are the times access tokens were minted, in the rolling
	// window, oldest first; MintSeconds count them per second instead,
	// when more than exactMints fell in one window. Both are the state
	// document's form only (Export, Import): in the service, mints
	// holds them.
	Mints       []time.Time  `json:"mints,omitempty"`
	MintSeconds []mintSecond `json:"mint_seconds,omitempty"`
	mints       mintLog
	// Access lists its live access tokens, oldest first.
	Access []string `json:"access,omitempty"`
}

type accessToken struct {
	Token    string    `json:"token"`
	ClientID string    `json:"client_id"`
	ZUID     string    `json:"zuid,omitempty"` // empty for client_credentials
	OrgID    string    `json:"org_id,omitempty"`
	DC       string    `json:"dc"`
	Scopes   []string  `json:"scopes"`
	Issued   time.Time `json:"issued"`
	Expires  time.Time `json:"expires"`
	Refresh  string    `json:"refresh,omitempty"` // the refresh token it came from
}

// parsed allow lists, kept beside the records they belong to.
type allowList []netip.Prefix
