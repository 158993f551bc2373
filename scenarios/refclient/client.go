package refclient

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/zohoaep/zohoaep/scenarios"
)

// Flaw is a deliberate bug a broken client has.
type Flaw string

// The flaws, each a production bug seen in Zoho and AEP integrations.
const (
	// OnlineAccess leaves access_type out of the authorization request,
	// so Zoho's default (online) gives no refresh token.
	OnlineAccess Flaw = "online-access"
	// NoPromptConsent asks for offline access without prompt=consent, so a
	// user who consented before gets no new refresh token.
	NoPromptConsent Flaw = "no-prompt-consent"
	// NeverRefreshes uses the first access token until it dies.
	NeverRefreshes Flaw = "never-refreshes"
	// RefreshesEveryCall refreshes before every call.
	RefreshesEveryCall Flaw = "refreshes-every-call"
	// RetriesInvalidCode retries a refused grant code or refresh token
	// (and a refused token endpoint) again and again.
	RetriesInvalidCode Flaw = "retries-invalid-code"
	// SecretInQuery sends the token endpoint's parameters, client_secret
	// included, in the query string.
	SecretInQuery Flaw = "secret-in-query"
	// IgnoresThrottle retries at once on Access Denied and on 429.
	IgnoresThrottle Flaw = "ignores-throttle"
	// IgnoresAccountsServer exchanges the code at the accounts server it
	// was configured with, not the one the redirect names.
	IgnoresAccountsServer Flaw = "ignores-accounts-server"
	// ProductionHosts hard-codes Zoho's US production hosts
	// (accounts.zoho.com, www.zohoapis.com) instead of the URLs Zoho
	// returns; the harness routes them to the emulator, never to Zoho.
	ProductionHosts Flaw = "production-hosts"
	// RefreshOnAny401 treats every 401 as an expired token: refresh and
	// try again, several times.
	RefreshOnAny401 Flaw = "refresh-on-any-401"
	// NoRetry gives up at the first 5xx, reset or timeout.
	NoRetry Flaw = "no-retry"
	// ShortTimeout waits 100 ms for an answer, and does not retry.
	ShortTimeout Flaw = "short-timeout"
	// PageOnly pages with page= alone, never page_token.
	PageOnly Flaw = "page-only"
	// DropsSandbox leaves x-sandbox-name out of AEP calls.
	DropsSandbox Flaw = "drops-sandbox"
	// CachesIMSToken keeps the first IMS token forever.
	CachesIMSToken Flaw = "caches-ims-token"
	// SkipsConnectionTest creates an AEP connection without testing it.
	SkipsConnectionTest Flaw = "skips-connection-test"
	// CachesEtag PATCHes with the etag it had at creation.
	CachesEtag Flaw = "caches-etag"
	// IgnoresDeleteErrors takes any answer to a DELETE as done.
	IgnoresDeleteErrors Flaw = "ignores-delete-errors"
	// TrustsLastRun reports a dataflow healthy without reading its runs.
	TrustsLastRun Flaw = "trusts-last-run"
)

// Flaws is every flaw, sorted.
func Flaws() []Flaw {
	out := []Flaw{OnlineAccess, NoPromptConsent, NeverRefreshes, RefreshesEveryCall, RetriesInvalidCode, SecretInQuery,
		IgnoresThrottle, IgnoresAccountsServer, ProductionHosts, RefreshOnAny401, NoRetry, ShortTimeout, PageOnly,
		DropsSandbox, CachesIMSToken, SkipsConnectionTest, CachesEtag, IgnoresDeleteErrors, TrustsLastRun}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Client is the reference client, or a broken one.
type Client struct {
	flaw Flaw
}

// New returns the reference client, or with a flaw the broken client
// that has it.
func New(flaw ...Flaw) (*Client, error) {
	c := &Client{}
	if len(flaw) > 1 {
		return nil, fmt.Errorf("refclient: one flaw at a time")
	}
	if len(flaw) == 1 && flaw[0] != "" {
		if !slices.Contains(Flaws(), flaw[0]) {
			return nil, fmt.Errorf("refclient: no flaw %q", flaw[0])
		}
		c.flaw = flaw[0]
	}
	return c, nil
}

// Builtin returns a built-in client by name: "reference" or a flaw.
func Builtin(name string) (*Client, error) {
	if name == "reference" {
		return New()
	}
	return New(Flaw(name))
}

// Name implements scenarios.Client.
func (c *Client) Name() string {
	if c.flaw == "" {
		return "builtin:reference"
	}
	return "builtin:" + string(c.flaw)
}

// Roles implements scenarios.Client: every role.
func (c *Client) Roles() []scenarios.Role { return scenarios.Roles }

// Open implements scenarios.Client.
func (c *Client) Open(string) (scenarios.Session, error) { return &session{flaw: c.flaw}, nil }

// session is one scenario's state: the tokens and what was created.
type session struct {
	flaw Flaw

	// Zoho
	accounts  string // the accounts server the tokens came from
	apiDomain string
	access    string
	refresh   string
	expiry    time.Time // on the harness's clock
	imsToken  string
	imsExpiry time.Time

	// AEP
	connID, connEtag, flowID string
}

func (s *session) Close() error { return nil }

func (s *session) has(f Flaw) bool { return s.flaw == f }
