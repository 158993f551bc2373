package zohocrm

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// Error is a Zoho CRM error: {"code","details","message","status":"error"}
// with its HTTP status.
type Error struct {
	Code       string
	Message    string
	Details    map[string]any // nil renders as {}
	HTTPStatus int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Status implements httpx.Error.
func (e *Error) Status() int { return e.HTTPStatus }

// Body implements httpx.Error, in Zoho's key order.
func (e *Error) Body() any { return e.envelope() }

func (e *Error) envelope() envelope {
	d := e.Details
	if d == nil {
		d = map[string]any{}
	}
	return envelope{Code: e.Code, Details: d, Message: e.Message, Status: statusError}
}

// Is lets errors.Is match on the code alone.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code
}

type envelope struct {
	Code    string         `json:"code"`
	Details map[string]any `json:"details"`
	Message string         `json:"message"`
	Status  string         `json:"status"`
}

// entriesError is a write refused record by record: {"data":[...]}.
type entriesError struct {
	status  int
	entries []entry
}

func (e *entriesError) Error() string {
	if len(e.entries) == 0 {
		return "zohocrm: refused"
	}
	return e.entries[0].Code + ": " + e.entries[0].Message
}
func (e *entriesError) Status() int { return e.status }
func (e *entriesError) Body() any   { return entries{Data: e.entries} }

// entry is one record's outcome in a write response.
type entry struct {
	Code    string `json:"code"`
	Details any    `json:"details"`
	Message string `json:"message"`
	Status  string `json:"status"`
}

type entries struct {
	Data []entry `json:"data"`
}

func errorEntry(e *Error) entry {
	return entry{Code: e.Code, Details: e.envelope().Details, Message: e.Message, Status: statusError}
}

func newError(status int, code, msg string, details map[string]any) *Error {
	return &Error{Code: code, Message: msg, Details: details, HTTPStatus: status}
}

func param(name string) map[string]any { return map[string]any{"param_name": name} }

// Messages are Zoho's where known (reference §11; Zoho's v8 OpenAPI
// examples); the others are marked in docs/zoho-crm.md.
var (
	errURLPattern = newError(http.StatusNotFound, CodeInvalidURLPattern,
		"Please check if the URL trying to access is a correct one", nil)
	errMethod = newError(http.StatusBadRequest, CodeInvalidRequestMethod,
		"The http request method type is not a valid one", nil)
	errAuthentication = newError(http.StatusUnauthorized, CodeAuthenticationFailure, "Authentication failed", nil)
	errInvalidToken   = newError(http.StatusUnauthorized, CodeInvalidToken, "invalid oauth token", nil)
	errScope          = newError(http.StatusUnauthorized, CodeOAuthScopeMismatch,
		"invalid oauth scope to access this URL", nil)
	errHost = newError(http.StatusBadRequest, CodeInvalidHost,
		"the host name given seems to be invalid", nil) // message UNCONFIRMED
	errModule = newError(http.StatusBadRequest, CodeInvalidModule,
		"the module name given seems to be invalid", map[string]any{"resource_path_index": 0})
	errNoPermission = newError(http.StatusForbidden, CodeNoPermission, "permission denied", nil)
	// errNoCRM answers an org that has no CRM (synthetic: Zoho's answer to
	// a user without CRM access, details as for API access turned off).
	errNoCRM = newError(http.StatusForbidden, CodeNoPermission, "permission denied",
		map[string]any{"permissions": []string{"Crm_Implied_Api_Access"}})
	errDiscrete = newError(http.StatusBadRequest, CodeDiscretePaginationLim,
		"You can only get the first 2000 records without using page_token param.", map[string]any{"limit": 2000})
	errPaginationLimit = newError(http.StatusBadRequest, CodePaginationLimit,
		"You can only get upto 100000 records using page_token param", param("page_token"))
	errTokenBound = newError(http.StatusBadRequest, CodeTokenBoundDataMismatch,
		"The page_token given seems to be invalid or input param is added or altered or deleted", param("page_token"))
	errTokenExpired = newError(http.StatusBadRequest, CodeExpiredValue, "Page token expired",
		map[string]any{"api_name": "page_token", "json_path": "$.query.page_token"})
	errNotSupported = newError(http.StatusBadRequest, CodeAPINotSupported,
		"the API is not supported in this version", map[string]any{"supported_version": V8.String()})
	errInternal = newError(http.StatusInternalServerError, CodeInternalError, "Internal Server Error", nil)
	// errTooLarge answers a body over the front door's limit (synthetic).
	errTooLarge = newError(http.StatusBadRequest, CodeLimitExceeded, "limit exceeded",
		map[string]any{"limit": 1 << 20, "param_name": "body"})
)

func invalidData(name string) *Error {
	return newError(http.StatusBadRequest, CodeInvalidData, "invalid data", param(name))
}

func invalidChoice(name string, supported ...string) *Error {
	return newError(http.StatusBadRequest, CodeInvalidData, "invalid data",
		map[string]any{"param_name": name, "supported_values": supported})
}

func requiredParam(name string) *Error {
	return newError(http.StatusBadRequest, CodeRequiredParamMissing, "required param is missing", param(name))
}

// requiredWriteParam is the same refusal in the words of write APIs.
func requiredWriteParam(name string) *Error {
	return newError(http.StatusBadRequest, CodeRequiredParamMissing, "One of the expected parameter is missing", param(name))
}

func limitExceeded(name string, limit int) *Error {
	return newError(http.StatusBadRequest, CodeLimitExceeded, "limit exceeded",
		map[string]any{"limit": limit, "param_name": name})
}

func ambiguity(a, b string) *Error {
	return newError(http.StatusBadRequest, CodeAmbiguity, "Ambiguity while processing the request",
		map[string]any{"ambiguity_due_to": []map[string]any{{"param_name": a}, {"param_name": b}}})
}

func invalidRecordID() *Error {
	return newError(http.StatusBadRequest, CodeInvalidData, "invalid record id", map[string]any{"resource_path_index": 1})
}

func (s *Service) tooManyRequests() *Error {
	return newError(http.StatusTooManyRequests, CodeTooManyRequests, s.cfg.TooManyRequestsMessage, nil)
}

func (s *Service) ipDenied() *Error {
	d := s.cfg.IPDenied
	return newError(d.Status, d.Code, d.Message, nil)
}

// internalError is what any unexpected failure becomes.
func internalError(error) httpx.Error { return errInternal }

var writer = httpx.Writer{ContentType: "application/json;charset=UTF-8", Internal: internalError}

// Writer renders this service's results and errors.
func Writer() httpx.Writer { return writer }

// TooLarge is the answer to a request body over the front door's limit.
func TooLarge() httpx.Error { return errTooLarge }

// Catalogue is every error of this service by code, for fault rules:
// each in its usual form (status, message, details).
func Catalogue() map[string]httpx.Error {
	s := &Service{cfg: Config{}.withDefaults()}
	return map[string]httpx.Error{
		CodeInvalidToken:           errInvalidToken,
		CodeAuthenticationFailure:  errAuthentication,
		CodeOAuthScopeMismatch:     errScope,
		CodeNoPermission:           errNoPermission,
		CodeInvalidModule:          errModule,
		CodeRequiredParamMissing:   requiredParam("fields"),
		CodeLimitExceeded:          limitExceeded("fields", 50),
		CodeDiscretePaginationLim:  errDiscrete,
		CodePaginationLimit:        errPaginationLimit,
		CodeTokenBoundDataMismatch: errTokenBound,
		CodeExpiredValue:           errTokenExpired,
		CodeInvalidData:            invalidData("page_token"),
		CodeAmbiguity:              ambiguity("page", "page_token"),
		CodeInvalidRequestMethod:   errMethod,
		CodeInvalidHost:            errHost,
		CodeAPINotSupported:        errNotSupported,
		CodeInvalidURLPattern:      errURLPattern,
		CodeTooManyRequests:        s.tooManyRequests(),
		CodeInternalError:          errInternal,
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
