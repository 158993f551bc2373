package convert

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/zohoaep/zohoaep/contracts/cassette"
	"github.com/zohoaep/zohoaep/scenarios"
)

// The agents of the scenarios harness: its own requests (control API,
// grants) are no client's and are left out; its browser's are the user's.
const (
	harnessAgent = "zohoaep-scenarios-harness"
	browserAgent = "zohoaep-scenarios-browser"
)

// call is one recorded exchange, classified.
type call struct {
	x        cassette.Interaction
	service  string
	op       string
	query    url.Values
	form     url.Values
	intent   string // "" for a call that serves the next step (a refresh, an IMS token)
	refresh  bool   // a refresh_token grant
	exchange bool   // an authorization_code grant
	failed   bool   // the answer is an error
	kind     string // the failure kind, when failed
	body     map[string]any
}

// grant is a token call's grant_type.
func (c call) grant() string { return c.params().Get("grant_type") }

// params are the query and form parameters together.
func (c call) params() url.Values {
	p := url.Values{}
	for k, v := range c.query {
		p[k] = append(p[k], v...)
	}
	for k, v := range c.form {
		p[k] = append(p[k], v...)
	}
	return p
}

var dcPrefix = regexp.MustCompile(`^/dc/[a-z]{2}(/|$)`)

// route names a request's service and operation from its path, for
// exchanges the contracts did not match.
func route(method, path string) (service, op string) {
	p := dcPrefix.ReplaceAllString(path, "/")
	switch {
	case p == "/oauth/v2/auth":
		return "zoho-accounts", "authorize"
	case p == "/oauth/v2/token":
		return "zoho-accounts", "token"
	case p == "/oauth/v2/token/revoke":
		return "zoho-accounts", "revokeToken"
	case p == "/oauth/user/info":
		return "zoho-accounts", "userInfo"
	case strings.HasPrefix(p, "/oauth/"):
		return "zoho-accounts", ""
	case strings.HasPrefix(p, "/crm/"):
		if parts := strings.Split(strings.Trim(p, "/"), "/"); len(parts) == 3 && parts[2] != "org" && parts[2] != "users" && method == http.MethodGet {
			return "zoho-crm", "listRecords"
		}
		return "zoho-crm", ""
	case p == "/ims/token/v3":
		return "adobe-ims", "accessToken"
	case strings.HasPrefix(p, "/ims/"):
		return "adobe-ims", ""
	case strings.HasPrefix(p, "/data/foundation/"):
		return "flow-service", ""
	}
	return "", ""
}

// classify reads one interaction; ok is false for what is no client's
// (the harness's, the control API's, an unknown service's).
func classify(x cassette.Interaction) (call, bool) {
	if strings.HasPrefix(x.Request.Path, "/_emulator") || x.Request.Header.Get("User-Agent") == harnessAgent {
		return call{}, false
	}
	c := call{x: x, service: x.Contract, op: x.Operation}
	if c.service == "" || c.service == "emulator-admin" {
		c.service, c.op = route(x.Request.Method, x.Request.Path)
	}
	if c.service == "" || c.service == "emulator-admin" {
		return call{}, false
	}
	c.query, _ = url.ParseQuery(x.Request.Query)
	if c.query == nil {
		c.query = url.Values{}
	}
	c.form = url.Values{}
	if mt, _, _ := mime.ParseMediaType(x.Request.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" && x.Request.Encoding == "" {
		if f, err := url.ParseQuery(x.Request.Text); err == nil {
			c.form = f
		}
	}
	if x.Response.Encoding == "" {
		_ = json.Unmarshal([]byte(x.Response.Text), &c.body)
	}
	c.intent = intentOf(c)
	if c.service == "zoho-accounts" && c.op == "token" {
		c.refresh, c.exchange = c.grant() == "refresh_token", c.grant() == "authorization_code"
	}
	c.failed, c.kind = judge(c)
	return c, true
}

// intentOf is the intent an exchange serves; "" when it serves the next
// step's (a refresh, an IMS token).
func intentOf(c call) string {
	switch c.service {
	case "zoho-accounts":
		switch c.op {
		case "authorize", "signIn":
			return scenarios.IntentAuthorize
		case "token":
			switch c.grant() {
			case "authorization_code":
				return scenarios.IntentExchange
			case "refresh_token":
				return ""
			}
			return ""
		case "userInfo":
			return scenarios.IntentCall
		}
		return ""
	case "zoho-crm":
		return scenarios.IntentRead
	case "adobe-ims":
		return ""
	case "flow-service":
		switch c.op {
		case "exploreConnection":
			return scenarios.IntentExplore
		case "deleteConnection", "deleteConnectionTrailingSlash":
			return scenarios.IntentDelete
		case "createDataSet", "createMappingSet", "createSourceConnection", "createTargetConnection", "createFlow":
			return scenarios.IntentCreate
		case "listRuns", "getRun", "getFlow", "listFlows":
			return scenarios.IntentWatch
		case "updateConnection", "updateConnectionTrailingSlash":
			return scenarios.IntentReconnect
		}
		return scenarios.IntentConnect // create, test, read a connection or its spec
	}
	return ""
}

// roleOf is the role an intent belongs to.
func roleOf(intent string) scenarios.Role {
	for _, r := range scenarios.Roles {
		for _, i := range scenarios.Intents[r] {
			if i == intent {
				return r
			}
		}
	}
	return ""
}

// judge says whether an answer is an error, and of which kind.
func judge(c call) (bool, string) {
	status := c.x.Response.Status
	errCode, _ := c.body["error"].(string)
	desc, _ := c.body["error_description"].(string)
	text := strings.ToLower(c.x.Response.Text)
	switch {
	case status >= 500:
		return true, scenarios.KindServerError
	case c.service == "zoho-accounts" && (c.op == "authorize" || c.op == "signIn"):
		if status/100 == 4 {
			return true, "any"
		}
		return false, ""
	case c.service == "zoho-accounts" && c.op == "token" && errCode != "":
		switch {
		case errCode == "invalid_code" && c.grant() == "refresh_token":
			return true, scenarios.KindTokenRevoked
		case errCode == "invalid_code":
			return true, scenarios.KindInvalidCode
		case errCode == "invalid_client" || errCode == "invalid_client_secret":
			return true, scenarios.KindInvalidClient
		case errCode == "invalid_redirect_uri":
			return true, scenarios.KindRedirectURI
		case strings.EqualFold(errCode, "Access Denied") && strings.Contains(strings.ToLower(desc), "ip"):
			return true, scenarios.KindIPDenied
		case strings.EqualFold(errCode, "Access Denied"):
			return true, scenarios.KindThrottled
		}
		return true, "any"
	case status < 400:
		return false, ""
	case c.service == "zoho-crm" || c.service == "zoho-accounts":
		switch {
		case strings.Contains(text, "scope"):
			return true, scenarios.KindScopeMismatch
		case strings.Contains(text, "ip address"):
			return true, scenarios.KindIPDenied
		case status == http.StatusTooManyRequests && (strings.Contains(text, "credit") || strings.Contains(text, "limit")):
			return true, scenarios.KindCreditsExceeded
		case status == http.StatusUnauthorized:
			return true, scenarios.KindTokenInvalid
		}
		return true, "any"
	}
	switch status { // Adobe
	case http.StatusUnauthorized, http.StatusForbidden:
		return true, scenarios.KindUnauthorized
	case http.StatusConflict, http.StatusPreconditionFailed:
		return true, scenarios.KindConflict
	case http.StatusNotFound:
		return true, scenarios.KindNotFound
	}
	return true, "any"
}
