package zohoaccounts

import "time"

// Grant types of POST /oauth/v2/token.
// https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html
// https://www.zoho.com/accounts/protocol/oauth/self-client/client-credentials-flow.html
const (
	GrantAuthorizationCode = "authorization_code"
	GrantRefreshToken      = "refresh_token"
	GrantClientCredentials = "client_credentials"
)

// Client types of Zoho's API console.
// https://www.zoho.com/accounts/protocol/oauth-setup.html
type ClientType string

const (
	ServerBased      ClientType = "server_based"       // web apps with a back end
	JavaScript       ClientType = "javascript"         // browser apps, public: PKCE
	Mobile           ClientType = "mobile"             // mobile and desktop apps: PKCE
	NonBrowserMobile ClientType = "non_browser_mobile" // devices without a browser
	SelfClient       ClientType = "self_client"        // codes generated in the console
)

// ClientTypes lists every client type.
var ClientTypes = []ClientType{ServerBased, JavaScript, Mobile, NonBrowserMobile, SelfClient}

// Access types of the authorization request.
// https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html
const (
	AccessOnline  = "online" // Zoho's default: an access token only
	AccessOffline = "offline"
)

// Error codes of the token endpoint, sent as {"error": code} with HTTP 200.
// Reference §5.
const (
	ErrInvalidCode         = "invalid_code"
	ErrInvalidClient       = "invalid_client"
	ErrInvalidClientSecret = "invalid_client_secret"
	ErrInvalidRedirectURI  = "invalid_redirect_uri"
	ErrMissingOrgInfo      = "missing_org_info"
	ErrAccessDenied        = "Access Denied" // throttles; with error_description and status
	// Unconfirmed for Zoho (reference §5): OAuth 2.0's own codes are used.
	ErrUnsupportedGrantType = "unsupported_grant_type"
	ErrInvalidRequest       = "invalid_request"
	ErrInvalidScope         = "invalid_scope"
)

// Zoho's throttle message for too many access tokens (reference §4).
const throttleDescription = "You have made too many requests continuously. Please try again after some time."

// Synthetic message for an IP allow-list rejection: Zoho's real body is
// unconfirmed (reference §13). The wording is Zoho's help text.
const ipDeniedDescription = "Access denied from this IP address."

// Lifetimes (reference §8).
const (
	AccessTokenLifetime = time.Hour
	tokenWindow         = 10 * time.Minute // the rolling window of every mint limit
)

// SelfClientCodeLifetimes are the durations the API console offers.
var SelfClientCodeLifetimes = []time.Duration{3 * time.Minute, 5 * time.Minute, 7 * time.Minute, 10 * time.Minute}

// Scopes the Accounts server itself checks.
const scopeProfileRead = "AaaServer.profile.READ"
