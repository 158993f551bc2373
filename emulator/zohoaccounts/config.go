package zohoaccounts

import (
	"net/http"
	"time"
)

// Config holds the behaviours where Zoho's documents conflict or say
// nothing; every default is the most likely production behaviour and is
// documented in docs/zoho-accounts.md. The zero Config means the defaults.
type Config struct {
	// CodeLifetime of grant codes from the authorization request. Zoho's
	// documents say 1, 2 or 3 minutes; default 2 (reference §2, CONFLICT).
	CodeLifetime time.Duration
	// ThrottleStatus is the HTTP status of the "Access Denied" throttle
	// body. Zoho said 200 in 2020; recent clients observe 400 (default).
	ThrottleStatus int
	// IPDeniedStatus is the HTTP status of the synthetic IP allow-list
	// rejection at the token endpoint (default 400, like the throttle).
	IPDeniedStatus int
	// AccessTokensPerRefreshToken live at once; the oldest is evicted
	// beyond it. Documents say 10, 15 or 30; default 15 (reference §8).
	AccessTokensPerRefreshToken int
	// RefreshTokensPerUserClient live at once; the 21st evicts the oldest
	// with its access tokens (default 20).
	RefreshTokensPerUserClient int
	// AccessTokenMints per refresh token per 10 minutes before the throttle
	// (default 10).
	AccessTokenMints int
	// CodeMints per client per 10 minutes before the authorization request
	// is refused with access_denied (default 10).
	CodeMints int
	// Consent is the starting consent mode (default interactive).
	Consent Consent
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	if c.CodeLifetime == 0 {
		c.CodeLifetime = 2 * time.Minute
	}
	def(&c.ThrottleStatus, http.StatusBadRequest)
	def(&c.IPDeniedStatus, http.StatusBadRequest)
	def(&c.AccessTokensPerRefreshToken, 15)
	def(&c.RefreshTokensPerUserClient, 20)
	def(&c.AccessTokenMints, 10)
	def(&c.CodeMints, 10)
	if c.Consent.Mode == "" {
		c.Consent.Mode = ConsentInteractive
	}
	return c
}

// ConsentMode says how the authorization request is answered.
type ConsentMode string

const (
	ConsentInteractive ConsentMode = "interactive" // a sign-in and consent page
	ConsentApprove     ConsentMode = "approve"     // approve at once as Consent.User
	ConsentDeny        ConsentMode = "deny"        // reject at once
)

// Consent is a consent mode, globally or for one client.
type Consent struct {
	Mode ConsentMode `json:"mode"`
	// User is the e-mail of the user who approves in approve mode.
	User string `json:"user,omitempty"`
}
