package zohoaccounts

import (
	"errors"
	"net/http"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// Error is a Zoho Accounts error as the token and revoke endpoints send it.
type Error struct {
	Code        string // the "error" value
	Description string // "error_description", only for throttles
	HTTPStatus  int    // Zoho sends most errors with 200
}

func (e *Error) Error() string {
	if e.Description != "" {
		return e.Code + ": " + e.Description
	}
	return e.Code
}

// Status implements httpx.Error.
func (e *Error) Status() int { return e.HTTPStatus }

// Body implements httpx.Error, in Zoho's key order.
func (e *Error) Body() any {
	if e.Description != "" {
		return throttleBody{e.Description, e.Code, "failure"}
	}
	return errorBody{e.Code}
}

type errorBody struct {
	Error string `json:"error"`
}

type throttleBody struct {
	Description string `json:"error_description"`
	Error       string `json:"error"`
	Status      string `json:"status"`
}

// Is lets errors.Is match on the code alone.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code
}

func tokenError(code string) *Error { return &Error{Code: code, HTTPStatus: http.StatusOK} }

var (
	errInvalidCode         = tokenError(ErrInvalidCode)
	errInvalidClient       = tokenError(ErrInvalidClient)
	errInvalidClientSecret = tokenError(ErrInvalidClientSecret)
	errInvalidRedirectURI  = tokenError(ErrInvalidRedirectURI)
	errMissingOrgInfo      = tokenError(ErrMissingOrgInfo)
	errUnsupportedGrant    = tokenError(ErrUnsupportedGrantType)
	errInvalidRequest      = tokenError(ErrInvalidRequest)
	errInvalidScope        = tokenError(ErrInvalidScope)
)

func (s *Service) throttled() *Error {
	return &Error{Code: ErrAccessDenied, Description: throttleDescription, HTTPStatus: s.cfg.ThrottleStatus}
}

func (s *Service) ipDenied() *Error {
	return &Error{Code: ErrAccessDenied, Description: ipDeniedDescription, HTTPStatus: s.cfg.IPDeniedStatus}
}

// revokeError is the 400 of the revoke endpoint for an invalid token; its
// body is unconfirmed (reference §6), so the token endpoint's form is used.
var errRevokeInvalid = &Error{Code: "invalid_token", HTTPStatus: http.StatusBadRequest}

// internalError is what any unexpected failure becomes.
func internalError(error) httpx.Error {
	return &Error{Code: "internal_error", HTTPStatus: http.StatusInternalServerError}
}

// Catalogue is every error of this service by code, for fault rules.
func Catalogue() map[string]httpx.Error {
	s := &Service{cfg: Config{}.withDefaults()}
	return map[string]httpx.Error{
		ErrInvalidCode:          errInvalidCode,
		ErrInvalidClient:        errInvalidClient,
		ErrInvalidClientSecret:  errInvalidClientSecret,
		ErrInvalidRedirectURI:   errInvalidRedirectURI,
		ErrMissingOrgInfo:       errMissingOrgInfo,
		ErrUnsupportedGrantType: errUnsupportedGrant,
		ErrInvalidRequest:       errInvalidRequest,
		ErrInvalidScope:         errInvalidScope,
		ErrAccessDenied:         s.throttled(),
		"invalid_token":         errRevokeInvalid,
		"internal_error":        internalError(nil),
	}
}
