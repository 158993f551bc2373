package zohocrm

import (
	"net/http"
	"time"
)

// Config holds the behaviours where Zoho's documents conflict or say
// nothing, and the limits Zoho documents, so that a test can shrink them.
// The zero Config means the defaults; docs/zoho-crm.md explains each one.
type Config struct {
	// FieldsRequiredFrom is the first version whose GET records requires
	// `fields` (REQUIRED_PARAM_MISSING without it). Observed for v7 and
	// v8, optional on v2/v2.1; v3-v6 are UNCONFIRMED. Default v7.
	FieldsRequiredFrom Version
	// PageTokenFrom is the first version with page_token,
	// next_page_token and the eleven-key info object (default v4; the v4
	// SDK is the first with them, v3 is UNCONFIRMED).
	PageTokenFrom Version
	// DiscreteCapFrom is the first version that refuses page/per_page
	// beyond DiscreteLimit records (default v4, with page tokens: before
	// them there is no way past the cap).
	DiscreteCapFrom Version
	// DiscreteLimit is how many records page/per_page reach (2000).
	DiscreteLimit int
	// PageTokenLimit is how many records page tokens reach (100000);
	// negative means no limit.
	PageTokenLimit int
	// PageTokenLifetime is a page token's validity (24 h).
	PageTokenLifetime time.Duration
	// MaxPageTokens bounds the page tokens kept at once; the oldest go
	// first (default 100000).
	MaxPageTokens int
	// MaxFields in `fields` (50) and MaxIDs in `ids` (100).
	MaxFields, MaxIDs int
	// MaxPerPage is the largest per_page (200). PerPageOverMax says what
	// a larger one does: "clamp" (default, UNCONFIRMED) serves MaxPerPage
	// records; "error" answers INVALID_DATA.
	MaxPerPage     int
	PerPageOverMax string
	// UnknownFields says what names in `fields` that the module lacks do:
	// "ignore" (default) leaves them out; "error" answers INVALID_DATA.
	UnknownFields string
	// BadIfModifiedSince says what an unparsable If-Modified-Since does:
	// "error" (default) answers INVALID_DATA; "ignore" reads as without it.
	BadIfModifiedSince string
	// ListTextLimit truncates textarea values in list reads (500 chars,
	// reference §12.3); negative keeps them whole.
	ListTextLimit int
	// MaxWriteRecords per create, update or delete call (100).
	MaxWriteRecords int
	// AcceptBearer lets "Authorization: Bearer <token>" through as well;
	// by default it is refused like a missing header (Bearer was reported
	// not to work; UNCONFIRMED).
	AcceptBearer bool
	// IPDenied is the answer when the org's allowed IPs exclude the
	// caller. Zoho's is UNCONFIRMED; the default is a synthetic 403
	// NO_PERMISSION "Access denied from this IP address".
	IPDenied Denial
	// TooManyRequestsMessage is the 429's message (UNCONFIRMED).
	TooManyRequestsMessage string
	// DefaultEdition of orgs without settings (enterprise).
	DefaultEdition Edition
	// Editions overrides the credits and concurrency of editions.
	Editions map[Edition]EditionLimits
	// CreditsHeaderAt is the share of the day's credits used from which
	// responses carry X-API-CREDITS-REMAINING (0.5).
	CreditsHeaderAt float64
	// CreditsWindow is the rolling window of API credits (24 h).
	CreditsWindow time.Duration
}

// Denial is an error answer chosen by configuration.
type Denial struct {
	Status  int
	Code    string
	Message string
}

// EditionLimits are an edition's API limits: Credits + PerUser × user
// licenses per rolling day, at most MaxCredits (0: no cap), and
// Concurrency requests of an org in flight at once.
type EditionLimits struct {
	Credits     int `json:"credits"`
	PerUser     int `json:"per_user,omitempty"`
	MaxCredits  int `json:"max_credits,omitempty"`
	Concurrency int `json:"concurrency"`
}

// DefaultEditions are Zoho's documented limits (reference §11).
var DefaultEditions = map[Edition]EditionLimits{
	Free:         {Credits: 5000, MaxCredits: 5000, Concurrency: 5},
	Standard:     {Credits: 50000, PerUser: 250, MaxCredits: 100000, Concurrency: 10},
	Professional: {Credits: 50000, PerUser: 500, MaxCredits: 3000000, Concurrency: 15},
	Enterprise:   {Credits: 50000, PerUser: 1000, MaxCredits: 5000000, Concurrency: 20},
	Ultimate:     {Credits: 50000, PerUser: 2000, Concurrency: 25},
}

// Choices of PerPageOverMax, UnknownFields and BadIfModifiedSince.
const (
	Clamp  = "clamp"
	Ignore = "ignore"
	Refuse = "error"
)

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defVersion := func(v *Version, d Version) {
		if *v == 0 {
			*v = d
		}
	}
	defString := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	defVersion(&c.FieldsRequiredFrom, V7)
	defVersion(&c.PageTokenFrom, V4)
	defVersion(&c.DiscreteCapFrom, V4)
	def(&c.DiscreteLimit, 2000)
	def(&c.PageTokenLimit, 100000)
	if c.PageTokenLifetime == 0 {
		c.PageTokenLifetime = 24 * time.Hour
	}
	def(&c.MaxPageTokens, 100000)
	def(&c.MaxFields, 50)
	def(&c.MaxIDs, 100)
	def(&c.MaxPerPage, 200)
	defString(&c.PerPageOverMax, Clamp)
	defString(&c.UnknownFields, Ignore)
	defString(&c.BadIfModifiedSince, Refuse)
	def(&c.ListTextLimit, 500)
	def(&c.MaxWriteRecords, 100)
	def(&c.IPDenied.Status, http.StatusForbidden)
	defString(&c.IPDenied.Code, CodeNoPermission)
	defString(&c.IPDenied.Message, "Access denied from this IP address")
	defString(&c.TooManyRequestsMessage, "too many requests. please try again after some time")
	if c.DefaultEdition == "" {
		c.DefaultEdition = Enterprise
	}
	eds := make(map[Edition]EditionLimits, len(DefaultEditions))
	for e, l := range DefaultEditions {
		eds[e] = l
	}
	for e, l := range c.Editions {
		eds[e] = l
	}
	c.Editions = eds
	if c.CreditsHeaderAt == 0 {
		c.CreditsHeaderAt = 0.5
	}
	if c.CreditsWindow == 0 {
		c.CreditsWindow = 24 * time.Hour
	}
	return c
}
