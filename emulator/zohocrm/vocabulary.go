package zohocrm

import "fmt"

// Version is a Zoho CRM API version, the {version} segment of
// /crm/{version}/. The zero Version means "the default" in Config.
// https://www.zoho.com/crm/developer/docs/api/v8/api-collection.html
type Version int

// The versions served, in order.
const (
	V2 Version = iota + 1
	V21
	V3
	V4
	V5
	V6
	V7
	V8
)

var versionNames = [...]string{V2: "v2", V21: "v2.1", V3: "v3", V4: "v4", V5: "v5", V6: "v6", V7: "v7", V8: "v8"}

// Versions lists every version served, oldest first.
var Versions = []Version{V2, V21, V3, V4, V5, V6, V7, V8}

// ParseVersion reads a path segment such as "v2.1".
func ParseVersion(s string) (Version, bool) {
	for v := V2; v <= V8; v++ {
		if versionNames[v] == s {
			return v, true
		}
	}
	return 0, false
}

func (v Version) String() string {
	if v < V2 || v > V8 {
		return fmt.Sprintf("Version(%d)", int(v))
	}
	return versionNames[v]
}

// MarshalText spells the version as in URLs, for configuration files.
func (v Version) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText reads "v2" ... "v8"; an empty string is the default (0).
func (v *Version) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*v = 0
		return nil
	}
	p, ok := ParseVersion(string(b))
	if !ok {
		return fmt.Errorf("zohocrm: unknown API version %q", b)
	}
	*v = p
	return nil
}

// Error codes of the CRM API, sent in {"code","details","message","status"}
// (reference §11; https://www.zoho.com/crm/developer/docs/api/v8/status-codes.html).
const (
	CodeInvalidToken           = "INVALID_TOKEN"
	CodeAuthenticationFailure  = "AUTHENTICATION_FAILURE"
	CodeOAuthScopeMismatch     = "OAUTH_SCOPE_MISMATCH"
	CodeNoPermission           = "NO_PERMISSION"
	CodeInvalidModule          = "INVALID_MODULE"
	CodeRequiredParamMissing   = "REQUIRED_PARAM_MISSING"
	CodeLimitExceeded          = "LIMIT_EXCEEDED"
	CodeDiscretePaginationLim  = "DISCRETE_PAGINATION_LIMIT_EXCEEDED"
	CodePaginationLimit        = "PAGINATION_LIMIT_EXCEEDED"
	CodeTokenBoundDataMismatch = "TOKEN_BOUND_DATA_MISMATCH"
	CodeExpiredValue           = "EXPIRED_VALUE"
	CodeInvalidData            = "INVALID_DATA"
	CodeAmbiguity              = "AMBIGUITY_DURING_PROCESSING"
	CodeInvalidRequestMethod   = "INVALID_REQUEST_METHOD"
	CodeInvalidHost            = "INVALID_HOST"
	CodeAPINotSupported        = "API_NOT_SUPPORTED"
	CodeInvalidURLPattern      = "INVALID_URL_PATTERN"
	CodeTooManyRequests        = "TOO_MANY_REQUESTS"
	CodeInternalError          = "INTERNAL_ERROR"
	// Per-record codes of write responses (Zoho's v8 OpenAPI examples).
	CodeMandatoryNotFound  = "MANDATORY_NOT_FOUND"
	CodePatternNotMatched  = "PATTERN_NOT_MATCHED"
	CodeSuccess            = "SUCCESS"
	statusError            = "error"
	statusSuccess          = "success"
	authScheme             = "Zoho-oauthtoken"
	bearerScheme           = "Bearer"
	creditsRemainingHeader = "X-API-CREDITS-REMAINING"
)

// Edition is a Zoho CRM edition; it sets the org's API credits and
// concurrency (reference §11 "Credits / limits").
type Edition string

// The editions.
const (
	Free         Edition = "free"
	Standard     Edition = "standard"
	Professional Edition = "professional"
	Enterprise   Edition = "enterprise"
	Ultimate     Edition = "ultimate"
)

// Editions lists every edition.
var Editions = []Edition{Free, Standard, Professional, Enterprise, Ultimate}

// User types of GET users?type= (reference §12.5).
const (
	AllUsers              = "AllUsers"
	ActiveUsers           = "ActiveUsers"
	DeactiveUsers         = "DeactiveUsers"
	ConfirmedUsers        = "ConfirmedUsers"
	NotConfirmedUsers     = "NotConfirmedUsers"
	DeletedUsers          = "DeletedUsers"
	ActiveConfirmedUsers  = "ActiveConfirmedUsers"
	AdminUsers            = "AdminUsers"
	ActiveConfirmedAdmins = "ActiveConfirmedAdmins"
	CurrentUser           = "CurrentUser"
)

// UserTypes lists the ten user types.
var UserTypes = []string{AllUsers, ActiveUsers, DeactiveUsers, ConfirmedUsers, NotConfirmedUsers,
	DeletedUsers, ActiveConfirmedUsers, AdminUsers, ActiveConfirmedAdmins, CurrentUser}

// CRM user statuses.
const (
	StatusActive   = "active"
	StatusDisabled = "disabled"
	StatusDeleted  = "deleted"
)

// AdminProfile is the profile that makes a user an admin.
const AdminProfile = "Administrator"
