package scenarios

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Role is a part a client plays in the Zoho CRM to AEP path.
type Role string

// The roles a client can play.
const (
	// RoleZohoOAuth gets Zoho tokens from a grant code and keeps them fresh.
	RoleZohoOAuth Role = "zoho-oauth"
	// RoleCRMReader reads a CRM module completely, page by page.
	RoleCRMReader Role = "crm-reader"
	// RoleAEPConnection creates, tests, explores and deletes a Zoho CRM
	// base connection in AEP Flow Service.
	RoleAEPConnection Role = "aep-connection"
	// RoleAEPDataflow sets up a Zoho CRM dataflow and watches its runs.
	RoleAEPDataflow Role = "aep-dataflow"
)

// Roles is every role, in the order reports list them.
var Roles = []Role{RoleZohoOAuth, RoleCRMReader, RoleAEPConnection, RoleAEPDataflow}

// Intents are what a client is asked to do, by role.
var Intents = map[Role][]string{
	RoleZohoOAuth:     {IntentAuthorize, IntentExchange, IntentCall},
	RoleCRMReader:     {IntentRead},
	RoleAEPConnection: {IntentConnect, IntentExplore, IntentDelete},
	RoleAEPDataflow:   {IntentCreate, IntentWatch, IntentReconnect},
}

// The intents.
const (
	// IntentAuthorize asks for the authorization URL to send the user to.
	IntentAuthorize = "authorize"
	// IntentExchange gives the redirect's parameters (Env.Callback); the
	// client exchanges the grant code and keeps the tokens.
	IntentExchange = "exchange"
	// IntentCall asks for one authenticated call: GET /oauth/user/info at
	// the accounts server the tokens came from.
	IntentCall = "call"
	// IntentRead asks for every record of Env.Module (Outcome.Records).
	IntentRead = "read"
	// IntentConnect asks for a Zoho CRM base connection, tested.
	IntentConnect = "connect"
	// IntentExplore asks for the connection's tables (Outcome.Records).
	IntentExplore = "explore"
	// IntentDelete asks to delete the connection.
	IntentDelete = "delete"
	// IntentCreate asks for a connection and an hourly dataflow of
	// Env.Module starting now (Outcome.ID is the flow id).
	IntentCreate = "create"
	// IntentWatch asks for the status of the flow's newest run.
	IntentWatch = "watch"
	// IntentReconnect gives fresh Zoho tokens (Env.ZohoRefreshToken) to put
	// into the flow's base connection.
	IntentReconnect = "reconnect"
)

// Env is what the harness gives a client for one step of one scenario.
// The process protocol passes the same fields as environment variables
// (docs/scenarios.md).
type Env struct {
	Scenario string
	Role     Role
	Intent   string
	// Step counts the client steps of the scenario from 1.
	Step int
	// HTTPClient reaches the emulator (without a socket in process);
	// nil means http.DefaultClient.
	HTTPClient *http.Client
	// Now is the emulator's virtual time (an hour-long expiry passes in no
	// wall time); nil means time.Now.
	Now func() time.Time

	// Zoho: the accounts server the client is registered at (the US one),
	// its credentials and the scopes it asks for.
	AccountsURL  string
	ClientID     string
	ClientSecret string
	RedirectURI  string
	Scopes       []string
	// State is the value the authorization request carries.
	State string
	// Callback is the redirect to the app after consent (IntentExchange).
	Callback url.Values

	// CRM: the module to read and the API version.
	Module     string
	CRMVersion string

	// Adobe: IMS and Platform base URLs, the credential, org and sandbox.
	IMSURL          string
	PlatformURL     string
	IMSClientID     string
	IMSClientSecret string
	IMSOrg          string
	Sandbox         string
	// ZohoAccessToken and ZohoRefreshToken are the Zoho grant an AEP
	// connection carries, obtained by the harness.
	ZohoAccessToken  string
	ZohoRefreshToken string
}

// Clock returns the virtual time when the harness gave one.
func (e Env) Clock() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Client returns the HTTP client to reach the emulator with.
func (e Env) Client() *http.Client {
	if e.HTTPClient != nil {
		return e.HTTPClient
	}
	return http.DefaultClient
}

// Outcome is what a client reports for a step.
type Outcome struct {
	// OK is true when the client did what it was asked.
	OK bool `json:"ok"`
	// Kind names the failure (Kinds) when OK is false.
	Kind string `json:"kind,omitempty"`
	// Detail says more, for people.
	Detail string `json:"detail,omitempty"`
	// URL is the authorization URL (IntentAuthorize).
	URL string `json:"url,omitempty"`
	// Records counts what was read (IntentRead, IntentExplore).
	Records int `json:"records,omitempty"`
	// ID names what was created (a connection, a flow).
	ID string `json:"id,omitempty"`
}

// Success is a successful outcome.
func Success() Outcome { return Outcome{OK: true} }

// Failure is an outcome failed for kind, with a detail.
func Failure(kind, detail string) Outcome { return Outcome{Kind: kind, Detail: detail} }

// Failure kinds a client reports; a scenario may expect any of them.
const (
	KindInvalidCode     = "invalid_code"   // the grant code was refused
	KindInvalidClient   = "invalid_client" // client id or secret refused
	KindRedirectURI     = "invalid_redirect_uri"
	KindNoRefreshToken  = "no_refresh_token"  // offline access was not granted
	KindAccessDenied    = "access_denied"     // the user or Zoho refused consent
	KindThrottled       = "throttled"         // Zoho Accounts' Access Denied or CRM's 429
	KindIPDenied        = "ip_denied"         // an IP allow list refused the caller
	KindTokenRevoked    = "token_revoked"     // the refresh token no longer works
	KindTokenInvalid    = "token_invalid"     // an access token was refused after a refresh
	KindScopeMismatch   = "scope_mismatch"    // the token lacks a scope
	KindServerError     = "server_error"      // 5xx or a broken connection, after retries
	KindCreditsExceeded = "credits_exhausted" // CRM API credits are spent
	KindConnectionTest  = "connection_test_failed"
	KindRunFailed       = "run_failed"
	KindConflict        = "conflict" // a precondition or a dependency refused a change
	KindNotFound        = "not_found"
	KindUnauthorized    = "unauthorized" // Adobe refused the IMS token or its headers
	KindOther           = "other"
)

// Client is a client under test: it names itself and the roles it plays,
// and opens one Session per scenario (sessions of different scenarios run
// in parallel and share nothing).
type Client interface {
	Name() string
	Roles() []Role
	Open(scenario string) (Session, error)
}

// Session is a client's state in one scenario. It implements the role
// interfaces of the roles its client plays; Close ends it.
type Session interface {
	Close() error
}

// ZohoOAuth is the zoho-oauth role.
type ZohoOAuth interface {
	Authorize(ctx context.Context, env Env) Outcome
	Exchange(ctx context.Context, env Env) Outcome
	Call(ctx context.Context, env Env) Outcome
}

// CRMReader is the crm-reader role; it reads with the tokens its session
// got in the zoho-oauth role.
type CRMReader interface {
	Read(ctx context.Context, env Env) Outcome
}

// AEPConnection is the aep-connection role.
type AEPConnection interface {
	Connect(ctx context.Context, env Env) Outcome
	Explore(ctx context.Context, env Env) Outcome
	Delete(ctx context.Context, env Env) Outcome
}

// AEPDataflow is the aep-dataflow role.
type AEPDataflow interface {
	Create(ctx context.Context, env Env) Outcome
	Watch(ctx context.Context, env Env) Outcome
	Reconnect(ctx context.Context, env Env) Outcome
}

// dispatch calls the session's method for env's role and intent.
func dispatch(ctx context.Context, s Session, env Env) Outcome {
	missing := Failure(KindOther, "the session does not implement "+string(env.Role))
	switch env.Role {
	case RoleZohoOAuth:
		r, ok := s.(ZohoOAuth)
		if !ok {
			return missing
		}
		switch env.Intent {
		case IntentAuthorize:
			return r.Authorize(ctx, env)
		case IntentExchange:
			return r.Exchange(ctx, env)
		case IntentCall:
			return r.Call(ctx, env)
		}
	case RoleCRMReader:
		if r, ok := s.(CRMReader); ok && env.Intent == IntentRead {
			return r.Read(ctx, env)
		} else if !ok {
			return missing
		}
	case RoleAEPConnection:
		r, ok := s.(AEPConnection)
		if !ok {
			return missing
		}
		switch env.Intent {
		case IntentConnect:
			return r.Connect(ctx, env)
		case IntentExplore:
			return r.Explore(ctx, env)
		case IntentDelete:
			return r.Delete(ctx, env)
		}
	case RoleAEPDataflow:
		r, ok := s.(AEPDataflow)
		if !ok {
			return missing
		}
		switch env.Intent {
		case IntentCreate:
			return r.Create(ctx, env)
		case IntentWatch:
			return r.Watch(ctx, env)
		case IntentReconnect:
			return r.Reconnect(ctx, env)
		}
	}
	return Failure(KindOther, "unknown intent "+string(env.Role)+"/"+env.Intent)
}
