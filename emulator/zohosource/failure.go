package zohosource

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Kind classifies a failure on Zoho's side (or on the way to it).
type Kind string

// Kinds of Failure.
const (
	// KindAuth: Zoho refused the credentials: a revoked or evicted refresh
	// token (invalid_code), a wrong client or secret, an access token
	// still refused after a refresh, a scope mismatch.
	KindAuth Kind = "auth"
	// KindDenied: Zoho refused the caller: an IP allow list, a profile
	// without permission.
	KindDenied Kind = "denied"
	// KindThrottled: too many token refreshes (Access Denied), API
	// credits or concurrency exhausted (429).
	KindThrottled Kind = "throttled"
	// KindServer: a 5xx from Zoho.
	KindServer Kind = "server"
	// KindTransport: no HTTP answer at all (reset, refused, cut short,
	// timed out).
	KindTransport Kind = "transport"
	// KindRequest: any other refusal or an unreadable answer
	// (INVALID_MODULE, LIMIT_EXCEEDED, ...).
	KindRequest Kind = "request"
	// KindConfig: the connection or flow cannot be used as it is (a param
	// missing, a URL that is not absolute, a source connection gone);
	// nothing was sent to Zoho.
	KindConfig Kind = "config"
)

// errorCodes are the ADF-style ErrorCode of each kind in a run's
// errorDetail (synthetic: Azure Data Factory's Zoho codes are not
// documented).
var errorCodes = map[Kind]string{
	KindAuth: "ZohoAuthenticationFailed", KindDenied: "ZohoAccessDenied", KindThrottled: "ZohoRequestThrottled",
	KindServer: "ZohoServiceError", KindTransport: "ZohoNetworkIssue", KindRequest: "ZohoRequestFailed",
	KindConfig: "ZohoInvalidConnection",
}

// Failure is a Zoho-side failure: what was asked, and Zoho's answer
// verbatim (bounded, with the connection's secrets masked).
type Failure struct {
	Kind   Kind
	Op     string // "POST https://accounts.zoho.com/oauth/v2/token", without the query
	Status int    // Zoho's HTTP status; 0 without an answer
	Code   string // Zoho's code (INVALID_TOKEN) or error (invalid_code)
	Body   string // Zoho's body, verbatim
	Cause  string // the transport error, or what is wrong with the connection
}

func (f *Failure) Error() string {
	switch {
	case f.Status != 0:
		return fmt.Sprintf("Zoho answered %s with HTTP %d: %s", f.Op, f.Status, f.Body)
	case f.Op != "":
		return fmt.Sprintf("%s failed: %s", f.Op, f.Cause)
	}
	return f.Cause
}

// Detail is the failure as Azure Data Factory words a copy error (the
// shape of reference §5's [ALERT] errorDetail), Zoho's answer quoted
// verbatim inside.
func (f *Failure) Detail() string {
	return "ErrorCode=" + errorCodes[f.Kind] +
		",'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException,Message=" + f.Error() +
		",Source=Microsoft.DataTransfer.Common,'"
}

// Is lets errors.Is match a Failure by kind alone (&Failure{Kind: k}).
func (f *Failure) Is(target error) bool {
	t, ok := target.(*Failure)
	return ok && t.Kind == f.Kind && t.Op == "" && t.Status == 0 && t.Code == ""
}

// configFailure is a connection that cannot be used.
func configFailure(format string, a ...any) *Failure {
	return &Failure{Kind: KindConfig, Cause: fmt.Sprintf(format, a...)}
}

// classifyAPI makes a failure of a CRM answer other than 200, 204, 304.
func classifyAPI(op string, status int, body string) *Failure {
	f := &Failure{Op: op, Status: status, Body: body, Code: jsonString(body, "code")}
	switch {
	case status == http.StatusUnauthorized:
		f.Kind = KindAuth
	case status == http.StatusForbidden:
		f.Kind = KindDenied
	case status == http.StatusTooManyRequests:
		f.Kind = KindThrottled
	case status >= 500:
		f.Kind = KindServer
	default:
		f.Kind = KindRequest
	}
	return f
}

// classifyToken makes a failure of a token endpoint answer without an
// access token. Zoho answers most errors with 200 and {"error": ...}
// (reference §5); its Access Denied is either the refresh throttle or the
// org's IP allow list, told apart by the description.
func classifyToken(op string, status int, body string) *Failure {
	f := &Failure{Op: op, Status: status, Body: body, Code: jsonString(body, "error")}
	desc := strings.ToLower(jsonString(body, "error_description"))
	switch code := strings.ToLower(f.Code); {
	case code == "access denied" || code == "access_denied":
		f.Kind = KindThrottled
		if strings.Contains(desc, "ip address") {
			f.Kind = KindDenied
		}
	case strings.HasPrefix(code, "invalid_") || code == "unauthorized_client":
		f.Kind = KindAuth
	case status == http.StatusTooManyRequests:
		f.Kind = KindThrottled
	case status >= 500:
		f.Kind = KindServer
	case f.Code != "" && strings.Contains(desc, "too many"):
		f.Kind = KindThrottled
	default:
		f.Kind = KindRequest
	}
	return f
}

// jsonString is a top-level string of a JSON object body, or "".
func jsonString(body, key string) string {
	var m map[string]any
	if json.Unmarshal([]byte(body), &m) != nil {
		return ""
	}
	s, _ := m[key].(string)
	return s
}
