package adobeims

import (
	"errors"
	"net/http"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// Error is an IMS error as the token endpoint sends it.
type Error struct {
	Code        string // the "error" value
	Description string // "error_description"
	HTTPStatus  int
}

func (e *Error) Error() string { return e.Code + ": " + e.Description }

// Status implements httpx.Error.
func (e *Error) Status() int { return e.HTTPStatus }

// Body implements httpx.Error: error_description first, as IMS's observed
// bodies have it (docs/adobe-ims.md).
func (e *Error) Body() any { return errorBody{e.Description, e.Code} }

type errorBody struct {
	Description string `json:"error_description"`
	Error       string `json:"error"`
}

// Is lets errors.Is match on the code and description.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code && t.Description == e.Description
}

func badRequest(code, desc string) *Error {
	return &Error{Code: code, Description: desc, HTTPStatus: http.StatusBadRequest}
}

var (
	errInvalidClientID     = badRequest(ErrInvalidClient, descInvalidClientID)
	errInvalidClientSecret = badRequest(ErrInvalidClient, descInvalidClientSecret)
	errMissingClientID     = badRequest(ErrInvalidRequest, descMissingClientID)
	errMissingClientSecret = badRequest(ErrInvalidRequest, descMissingClientSecret)
	errMissingGrantType    = badRequest(ErrInvalidRequest, descMissingGrantType)
	errUnsupportedGrant    = badRequest(ErrUnsupportedGrantType, descUnsupportedGrant)
	errMissingScope        = badRequest(ErrInvalidRequest, descMissingScope)
	errInvalidScope        = badRequest(ErrInvalidScope, descInvalidScope)

	errTooLarge    = &Error{Code: ErrInvalidRequest, Description: descTooLarge, HTTPStatus: http.StatusRequestEntityTooLarge}
	errNotFound    = &Error{Code: codeNotFound, Description: descNotFound, HTTPStatus: http.StatusNotFound}
	errMethod      = &Error{Code: ErrInvalidRequest, Description: descMethod, HTTPStatus: http.StatusMethodNotAllowed}
	errUnavailable = &Error{Code: ErrUnavailable, Description: descUnavailable, HTTPStatus: http.StatusServiceUnavailable}
)

// internalError is what any unexpected failure becomes.
func internalError(error) httpx.Error {
	return &Error{Code: ErrServerError, Description: descServerError, HTTPStatus: http.StatusInternalServerError}
}

// Catalogue is every error of this service by name, for fault rules. The
// name is the error code, except for the wrong secret, which shares
// invalid_client with the unknown client id.
func Catalogue() map[string]httpx.Error {
	return map[string]httpx.Error{
		ErrInvalidClient:        errInvalidClientID,
		"invalid_client_secret": errInvalidClientSecret,
		ErrInvalidRequest:       errMissingGrantType,
		ErrUnsupportedGrantType: errUnsupportedGrant,
		ErrInvalidScope:         errInvalidScope,
		ErrServerError:          internalError(nil),
		ErrUnavailable:          errUnavailable,
	}
}
