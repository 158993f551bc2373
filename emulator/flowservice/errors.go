package flowservice

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// Error is a Flow Service error (reference §6): an RFC 7807-like body
// whose type ends in "{prefix}-{code}", code being "NNNN-SSS" with SSS the
// HTTP status. Catalog and Data Prep errors share the shape with their own
// prefix (UNCONFIRMED).
type Error struct {
	Prefix  string // FLOW, CAT or DPR
	Code    string // e.g. "1439-404"
	Title   string
	Message string // report.detailed-message, errorMessage and errorDetails
	// ResourceID and ResourceType fill report.id and report.type (the
	// not-found errors of one resource carry them).
	ResourceID, ResourceType string
	// RequestID is report.request-id, stamped when the error is written.
	RequestID string
}

func (e *Error) Error() string { return e.Prefix + "-" + e.Code + ": " + e.Message }

// Status implements httpx.Error: the code's last three digits.
func (e *Error) Status() int {
	_, s, _ := strings.Cut(e.Code, "-")
	n, err := strconv.Atoi(s)
	if err != nil || n < 100 || n > 599 {
		return http.StatusInternalServerError
	}
	return n
}

// Body implements httpx.Error, in Adobe's key order.
func (e *Error) Body() any {
	return errorBody{
		Type: errorTypeBase + e.Prefix + "-" + e.Code, Title: e.Title, Status: e.Status(),
		Report:       report{DetailedMessage: e.Message, ID: e.ResourceID, RequestID: e.RequestID, Type: e.ResourceType},
		ErrorMessage: e.Message, ErrorDetails: e.Message,
	}
}

// Is lets errors.Is match on prefix and code alone.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code && t.Prefix == e.Prefix
}

type errorBody struct {
	Type         string `json:"type"`
	Title        string `json:"title"`
	Status       int    `json:"status"`
	Report       report `json:"report"`
	ErrorMessage string `json:"errorMessage"`
	ErrorDetails string `json:"errorDetails"`
}

type report struct {
	DetailedMessage string `json:"detailed-message"`
	ID              string `json:"id,omitempty"`
	RequestID       string `json:"request-id"`
	Type            string `json:"type,omitempty"`
}

// withRequest returns a copy of e carrying the request id.
func (e *Error) withRequest(id string) *Error {
	c := *e
	c.RequestID = id
	return &c
}

// GatewayError is the Adobe I/O gateway's own refusal, before the request
// reaches Flow Service: {"error_code","message"} (reference §1).
type GatewayError struct {
	Code    string // e.g. "403010"
	Message string
}

func (e *GatewayError) Error() string { return e.Code + ": " + e.Message }

// Status implements httpx.Error: the code's leading three digits.
func (e *GatewayError) Status() int {
	n, _ := strconv.Atoi(e.Code[:3])
	return n
}

// Body implements httpx.Error.
func (e *GatewayError) Body() any { return gatewayBody{e.Code, e.Message} }

// Is lets errors.Is match on the code alone.
func (e *GatewayError) Is(target error) bool {
	var t *GatewayError
	return errors.As(target, &t) && t.Code == e.Code
}

type gatewayBody struct {
	Code    string `json:"error_code"`
	Message string `json:"message"`
}

// The gateway's header errors, verbatim (reference §1, [TS]).
var (
	ErrTokenMissing  = &GatewayError{"403010", "Oauth token is missing."}
	ErrTokenInvalid  = &GatewayError{"401013", "Oauth token is not valid"}
	ErrAPIKeyMissing = &GatewayError{"403000", "Api Key is required"}
	ErrAPIKeyInvalid = &GatewayError{"403003", "Api Key is invalid"}
	ErrOrgMissing    = &GatewayError{"400003", "Missing header"}
	ErrOrgInvalid    = &GatewayError{"403025", "Profile is not valid"}
)

// ContentTypeError is the platform's answer to a POST, PUT or PATCH body
// without a JSON Content-Type (reference §1, verbatim).
type ContentTypeError struct{}

func (ContentTypeError) Error() string { return "A valid content-type must be specified" }

// Status implements httpx.Error.
func (ContentTypeError) Status() int { return http.StatusBadRequest }

// Body implements httpx.Error.
func (ContentTypeError) Body() any {
	return contentTypeBody{Type: "/placeholder/type/uri", Status: http.StatusBadRequest,
		Title: "BadRequestError", Detail: "A valid content-type must be specified"}
}

type contentTypeBody struct {
	Type   string `json:"type"`
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

// ErrContentType is the Content-Type refusal.
var ErrContentType httpx.Error = ContentTypeError{}

// internalError is what any unexpected failure becomes: 1102-500.
func internalError(error) httpx.Error { return errInternal() }

// writer renders this service's results and errors.
var writer = httpx.Writer{ContentType: contentTypeJSON, Internal: internalError}

// Writer renders this service's results and errors.
func Writer() httpx.Writer { return writer }

// TooLarge is the answer to a request body over the front door's limit
// (synthetic: Adobe's is UNCONFIRMED).
func TooLarge() httpx.Error {
	return flowErr("1000-413", "Payload Too Large", "The request body is too large. Please reduce the payload and try again.")
}
