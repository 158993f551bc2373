package control

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

// Error is the control API's error: {"error": code, "message": text}.
type Error struct {
	Code       string `json:"error"`
	Message    string `json:"message"`
	HTTPStatus int    `json:"-"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }
func (e *Error) Status() int   { return e.HTTPStatus }
func (e *Error) Body() any     { return e }

// The error codes of the control API (openapi/emulator-admin.yaml, Error).
const (
	CodeInvalid          = "invalid"            // 400: a value the emulator refuses
	CodeInvalidJSON      = "invalid_json"       // 400: not one JSON object of the declared fields
	CodeNotFound         = "not_found"          // 404
	CodeMethodNotAllowed = "method_not_allowed" // 405
	CodeConflict         = "conflict"           // 409
	CodeTooLarge         = "request_too_large"  // 413
	CodeInternal         = "internal_error"     // 500
)

// errTooLarge answers a request body over MaxBody.
var errTooLarge = &Error{Code: CodeTooLarge, Message: "the request body is over 1 MiB", HTTPStatus: http.StatusRequestEntityTooLarge}

// TooLarge is the answer to a request body over the front door's limit,
// for the front door to send before the control API sees the request.
func TooLarge() httpx.Error { return errTooLarge }

func newError(status int, code, format string, a ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, a...), HTTPStatus: status}
}

func invalid(format string, a ...any) *Error {
	return newError(http.StatusBadRequest, CodeInvalid, format, a...)
}

func invalidJSON(format string, a ...any) *Error {
	return newError(http.StatusBadRequest, CodeInvalidJSON, format, a...)
}

func notFound(format string, a ...any) *Error {
	return newError(http.StatusNotFound, CodeNotFound, format, a...)
}

// wire maps the errors of the Go APIs the control API steers onto its own;
// anything else is left for the writer to render as internal_error.
func wire(err error) error {
	var e *Error
	status, code := 0, ""
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, zohoaccounts.ErrNotFound), errors.Is(err, flowservice.ErrUnknown), errors.Is(err, adobeims.ErrNotFound),
		errors.Is(err, zohocrm.ErrNoOrg):
		status, code = http.StatusNotFound, CodeNotFound
	case errors.Is(err, zohoaccounts.ErrConflict), errors.Is(err, adobeims.ErrConflict):
		status, code = http.StatusConflict, CodeConflict
	case errors.Is(err, zohoaccounts.ErrInvalid), errors.Is(err, faults.ErrInvalid), errors.Is(err, adobeims.ErrInvalid),
		errors.Is(err, zohocrm.ErrCredits):
		status, code = http.StatusBadRequest, CodeInvalid
	default:
		return err
	}
	return &Error{Code: code, Message: err.Error(), HTTPStatus: status}
}

// Writer renders the control API's results and errors.
func Writer() httpx.Writer { return writer }

var writer = httpx.Writer{
	ContentType: "application/json",
	Internal: func(error) httpx.Error {
		return &Error{Code: CodeInternal, Message: "internal error", HTTPStatus: http.StatusInternalServerError}
	},
}

// errRoute and errMethod answer what is not an operation of the contract.
func errRoute(r *http.Request) error {
	return notFound("the control API has no operation at %s", r.URL.Path)
}

func errMethod(r *http.Request) error {
	return newError(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "%s does not take %s", r.URL.Path, r.Method)
}
