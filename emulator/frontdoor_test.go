package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

func selfClientCode(t *testing.T, e *emulator.Emulator) string {
	t.Helper()
	code, err := e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{
		ClientID: emulator.DemoSelfClientID, User: emulator.DemoUserEmail, Scopes: []string{"ZohoCRM.modules.ALL"},
	})
	require.NoError(t, err)
	return code.Code
}

func exchangeForm(code string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "client_id": {emulator.DemoSelfClientID},
		"client_secret": {emulator.DemoClientSecret}, "code": {code}}
}

func decode(t *testing.T, resp *http.Response) map[string]any {
	t.Helper()
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return m
}

func TestDataCentreRouting(t *testing.T) {
	e := emulatortest.New(t, emulatortest.AllowRequestViolations())
	tests := []struct {
		name, host, path string
		status           int
		usLocation       string
	}{
		{"root is US", "", "/oauth/serverinfo", 200, e.URL()},
		{"dc prefix", "", "/dc/eu/oauth/serverinfo", 200, e.URL()},
		{"vendor host never handed back", "accounts.zoho.eu", "/oauth/serverinfo", 200, e.URL()},
		{"unknown data centre", "", "/dc/mars/oauth/serverinfo", 404, ""},
		{"unknown path", "", "/nothing/here", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, e.URL()+tt.path, nil)
			if tt.host != "" {
				req.Host = tt.host
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body := decode(t, resp)
			assert.Equal(t, tt.status, resp.StatusCode)
			if tt.usLocation != "" {
				assert.Equal(t, tt.usLocation, body["locations"].(map[string]any)["us"])
				assert.Equal(t, e.URL()+"/dc/eu", body["locations"].(map[string]any)["eu"])
			} else {
				assert.Equal(t, "not_found", body["error"])
			}
		})
	}
}

func TestJournalRedactsAndJudges(t *testing.T) {
	e := emulatortest.New(t)
	resp, err := http.PostForm(e.URL()+"/oauth/v2/token", exchangeForm(selfClientCode(t, e)))
	require.NoError(t, err)
	tok := decode(t, resp)
	require.NotEmpty(t, tok["access_token"])

	entries := e.Journal().Query(journal.Filter{Operation: "token"})
	require.Len(t, entries, 1)
	en := entries[0]
	assert.Equal(t, emulator.ServiceZohoAccounts, en.Service)
	assert.Equal(t, emulator.DemoSelfClientID, en.Client)
	assert.Equal(t, emulator.DemoOrgID, en.Tenant)
	assert.Equal(t, "127.0.0.1", en.SourceIP)
	assert.Equal(t, 200, en.Status)
	require.NotNil(t, en.Verdict)
	assert.True(t, en.Verdict.OK(), en.Verdict.Summary())

	dump, _ := json.Marshal(en)
	for _, secret := range []string{emulator.DemoClientSecret, tok["access_token"].(string), tok["refresh_token"].(string)} {
		assert.NotContains(t, string(dump), secret)
	}
	assert.Contains(t, string(dump), zohoaccounts.Fingerprint(tok["access_token"].(string)), "tokens stay traceable")
}

func TestContractViolationsFailTheTest(t *testing.T) {
	spy := &spyT{TB: t}
	e := emulatortest.New(spy)
	resp, err := http.Get(e.URL() + "/oauth/v2/auth?access_type=forever")
	require.NoError(t, err)
	resp.Body.Close()
	bad := e.Journal().Query(journal.Filter{ViolationsOnly: true})
	require.Len(t, bad, 1)
	assert.NotEmpty(t, spy.errors, "a request violation fails the test unless allowed")
}

type spyT struct {
	testing.TB
	errors []string
}

func (s *spyT) Errorf(format string, args ...any) { s.errors = append(s.errors, format) }

func TestFaults(t *testing.T) {
	e := emulatortest.New(t)
	add := func(r faults.Rule) {
		t.Helper()
		_, err := e.Faults().Add(r)
		require.NoError(t, err)
	}
	token := faults.Match{Service: emulator.ServiceZohoAccounts, Operation: "token"}

	add(faults.Rule{Match: token, Action: faults.Action{Error: zohoaccounts.ErrInvalidCode}, Limit: faults.Limit{Times: 1}})
	resp, err := http.PostForm(e.URL()+"/oauth/v2/token", exchangeForm(selfClientCode(t, e)))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"error": "invalid_code"}, decode(t, resp))
	assert.Equal(t, 200, resp.StatusCode, "Zoho's errors come with 200")

	add(faults.Rule{Match: token, Action: faults.Action{Status: 503, Body: json.RawMessage(`{"down":true}`)}, Limit: faults.Limit{Times: 1}})
	resp, err = http.PostForm(e.URL()+"/oauth/v2/token", exchangeForm(selfClientCode(t, e)))
	require.NoError(t, err)
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, map[string]any{"down": true}, decode(t, resp))

	for _, tt := range []struct {
		name   string
		action faults.Action
		want   string
	}{
		{"reset over TCP", faults.Action{Reset: true}, "connection reset"},
		{"empty reply over TCP", faults.Action{Empty: true}, "EOF"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			add(faults.Rule{Match: token, Action: tt.action, Limit: faults.Limit{Times: 1}})
			client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			_, err := client.PostForm(e.URL()+"/oauth/v2/token", exchangeForm("x"))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}

	add(faults.Rule{Match: token, Action: faults.Action{Reset: true}, Limit: faults.Limit{Times: 1}})
	_, err = e.HTTPClient().PostForm(e.URL()+"/oauth/v2/token", exchangeForm("x"))
	assert.True(t, errors.Is(err, syscall.ECONNRESET), "in memory too: %v", err)

	// A client's timeout fires in memory as over a socket: the delayed
	// answer is not delivered.
	add(faults.Rule{Match: token, Action: faults.Action{Delay: faults.Duration(time.Minute)}, Limit: faults.Limit{Times: 1}})
	impatient := e.HTTPClient()
	impatient.Timeout = 20 * time.Millisecond
	_, err = impatient.PostForm(e.URL()+"/oauth/v2/token", exchangeForm("x"))
	var netErr net.Error
	require.ErrorAs(t, err, &netErr)
	assert.True(t, netErr.Timeout(), "%v", err)
	// A context's deadline is a timeout too, whoever set it (http.Client
	// marks its own on another goroutine, which may run late).
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.URL()+"/oauth/serverinfo", nil)
	require.NoError(t, err)
	_, err = e.HTTPClient().Do(req)
	require.ErrorAs(t, err, &netErr)
	assert.True(t, netErr.Timeout(), "%v", err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// With the rules spent, the service answers again.
	resp, err = http.PostForm(e.URL()+"/oauth/v2/token", exchangeForm(selfClientCode(t, e)))
	require.NoError(t, err)
	assert.NotEmpty(t, decode(t, resp)["access_token"])
	fired := e.Journal().Query(journal.Filter{Operation: "token"})
	assert.NotEmpty(t, fired[0].Fault, "the journal names the rule that answered")
}

func TestSimulatedSourceIPMeetsAllowLists(t *testing.T) {
	e := emulatortest.New(t)
	org, err := e.Accounts().GetOrg(emulator.DemoOrgID)
	require.NoError(t, err)
	org.AllowedIPs = []string{"198.51.100.0/24"}
	_, err = e.Accounts().UpdateOrg(org)
	require.NoError(t, err)

	post := func(c *http.Client) map[string]any {
		resp, err := c.PostForm(e.URL()+"/oauth/v2/token", exchangeForm(selfClientCode(t, e)))
		require.NoError(t, err)
		return decode(t, resp)
	}
	assert.Equal(t, "Access Denied", post(e.HTTPClientFrom(netip.MustParseAddr("203.0.113.9")))["error"])
	assert.NotEmpty(t, post(e.HTTPClientFrom(netip.MustParseAddr("198.51.100.7")))["access_token"])
	ips := []string{}
	for _, en := range e.Journal().Query(journal.Filter{Operation: "token"}) {
		ips = append(ips, en.SourceIP)
	}
	assert.Equal(t, []string{"203.0.113.9", "198.51.100.7"}, ips)
}

func TestTrustedProxyForwardedFor(t *testing.T) {
	e := emulatortest.New(t, emulatortest.WithOptions(emulator.Options{Seed: emulator.Demo(), TrustedProxies: []string{"127.0.0.1"}}))
	req, _ := http.NewRequest(http.MethodGet, e.URL()+"/oauth/serverinfo", nil)
	req.Header.Set("X-Forwarded-For", "192.0.2.44")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "192.0.2.44", e.Journal().Query(journal.Filter{Limit: 1})[0].SourceIP)
}

func TestOversizedBodyGetsZohosEnvelope(t *testing.T) {
	e := emulatortest.New(t, emulatortest.AllowRequestViolations())
	before := e.Export()
	body := "client_id=" + strings.Repeat("x", 2<<20)
	resp, err := http.Post(e.URL()+"/oauth/v2/token", "application/x-www-form-urlencoded", strings.NewReader(body))
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	assert.JSONEq(t, `{"error":"invalid_request"}`, string(b))
	assert.Equal(t, before.Zoho, e.Export().Zoho, "bad input changes nothing stored")
}

func TestJournalKeepsLargeBodiesBounded(t *testing.T) {
	e := emulatortest.New(t)
	code, err := e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{
		ClientID: emulator.DemoSelfClientID, User: emulator.DemoUserEmail, Scopes: []string{"ZohoCRM.modules.ALL"},
	})
	require.NoError(t, err)
	resp, err := http.PostForm(e.URL()+"/oauth/v2/token", exchangeForm(code.Code))
	require.NoError(t, err)
	tok := decode(t, resp)["access_token"].(string)

	req, _ := http.NewRequest(http.MethodGet, e.URL()+"/crm/v2/Leads?per_page=200", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+tok)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Greater(t, len(page), 32<<10, "a 200-record v2 page is large")

	en := e.Journal().Query(journal.Filter{Service: emulator.ServiceZohoCRM, Limit: 1})
	require.Len(t, en, 1)
	assert.Less(t, len(en[0].RespBody), 17<<10, "the journal keeps at most 16 KiB of a body")
	assert.Contains(t, en[0].RespBody, "more bytes]")
}
