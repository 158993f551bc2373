package adobeims

import "time"

// Endpoint paths, as Adobe serves them on ims-na1.adobelogin.com.
// https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/IMS
// https://developer.adobe.com/developer-console/docs/guides/authentication/UserAuthentication/IMS#id-token-keys
const (
	PathToken = "/ims/token/v3"
	PathKeys  = "/ims/keys"
)

// GrantClientCredentials is the only grant of a Server-to-Server credential.
// https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/IMS#fetching-access-tokens
const GrantClientCredentials = "client_credentials"

// Parameters of POST /ims/token/v3, sent in the body or the query string.
const (
	ParamGrantType    = "grant_type"
	ParamClientID     = "client_id"
	ParamClientSecret = "client_secret"
	ParamScope        = "scope"
)

// Error codes of the token endpoint (RFC 6749 §5.2 names, as IMS uses them).
// https://github.com/adobe/ims-go/blob/main/ims/error.go reads
// {"error","error_description"}.
const (
	ErrInvalidClient        = "invalid_client"
	ErrInvalidRequest       = "invalid_request"
	ErrUnsupportedGrantType = "unsupported_grant_type"
	ErrInvalidScope         = "invalid_scope"
	ErrServerError          = "server_error"
	ErrUnavailable          = "temporarily_unavailable"
	codeNotFound            = "not_found" // emulator: no such path
)

// Error descriptions. The two invalid_client ones are IMS's own, matched
// verbatim by Adobe's and others' clients (docs/adobe-ims.md); the rest
// follow their "<problem> <name> parameter" wording and are UNCONFIRMED.
const (
	descInvalidClientID     = "invalid client_id parameter"
	descInvalidClientSecret = "invalid client_secret parameter"
	descMissingClientID     = "missing client_id parameter"     // UNCONFIRMED
	descMissingClientSecret = "missing client_secret parameter" // UNCONFIRMED
	descMissingGrantType    = "missing grant_type parameter"    // UNCONFIRMED
	descUnsupportedGrant    = "unsupported grant_type"          // UNCONFIRMED
	descMissingScope        = "missing scope parameter"         // UNCONFIRMED
	descInvalidScope        = "invalid scope"                   // UNCONFIRMED
	descTooLarge            = "request body too large"          // emulator
	descNotFound            = "not found"                       // emulator
	descMethod              = "method not allowed"              // emulator
	descServerError         = "internal server error"           // emulator
	descUnavailable         = "service temporarily unavailable" // emulator
)

// Token answer vocabulary.
// https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/IMS#fetching-access-tokens
const (
	TokenTypeBearer = "bearer" // lowercase, as IMS sends it
	// TokenLifetime of an access token: 24 hours ("expires_in" claim
	// "86400000" ms); the answer's expires_in is one second less, 86399.
	TokenLifetime = 24 * time.Hour
	expiresIn     = int(TokenLifetime/time.Second) - 1
)

// JWT vocabulary of IMS access tokens, as decoded from real ones
// (docs/adobe-ims.md "Token"). IMS puts a bare file name in x5u.
const (
	DefaultKeyID  = "ims_na1-key-at-1"
	x5uSuffix     = ".cer"  // appended to the key id for "x5u"
	algRS256      = "RS256" // the only signing algorithm
	tokenTypeAT   = "at"    // header "itt": issued token type
	claimTypeAT   = "access_token"
	issuerRegion  = "ims-na1" // the "as" claim: the authorization server
	tokenIDSuffix = "_ue1"    // region suffix of the "id" claim (UNCONFIRMED)
	maxTokenLen   = 16 << 10  // Verify refuses longer strings unread
)

// DefaultScopes are the scopes an AEP Server-to-Server credential is
// granted in the Developer Console, and what a credential created without
// scopes allows.
// https://experienceleague.adobe.com/en/docs/experience-platform/landing/platform-apis/api-authentication
var DefaultScopes = []string{"openid", "session", "AdobeID", "read_organizations", "additional_info.projectedProductContext"}

// Sandbox types of AEP.
// https://experienceleague.adobe.com/en/docs/experience-platform/sandbox/home
const (
	SandboxProduction  = "production"
	SandboxDevelopment = "development"
	// ProdSandbox is the default production sandbox every org has.
	ProdSandbox = "prod"
)

// Identifier suffixes.
const (
	orgSuffix      = "@AdobeOrg"
	techAcctSuffix = "@techacct.adobe.com"
)
