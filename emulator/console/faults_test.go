package console_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// TestAddFaultRule: the form adds the rule the control API would, and
// the rule then answers a client's request.
func TestAddFaultRule(t *testing.T) {
	u := newUI(t)
	body := u.page("overview")
	assert.Contains(t, body, `id="fault-form"`)
	assert.Contains(t, body, `<optgroup label="zoho-accounts"><option>`, "operations and error codes by service")
	assert.Contains(t, body, "<option>invalid_code</option>")
	assert.Contains(t, body, "<option>token</option>")

	to := u.act("faults", url.Values{"service": {"zoho-accounts"}, "operation": {"token"}, "action": {"error"},
		"error": {"invalid_code"}, "times": {"2"}, "nth": {"1"}, "delay": {"10ms"}})
	assert.Contains(t, to, "flash=Fault+rule")
	rules := u.e.Faults().List()
	require.Len(t, rules, 1)
	assert.Equal(t, faults.Match{Service: "zoho-accounts", Operation: "token", Nth: 1}, rules[0].Match)
	assert.Equal(t, "invalid_code", rules[0].Action.Error)
	assert.Equal(t, 2, rules[0].Limit.Times)
	assert.Contains(t, u.page("overview"), `id="switch-`+rules[0].ID+`"`)

	resp, err := http.PostForm(u.e.URL()+"/oauth/v2/token", url.Values{"grant_type": {"refresh_token"},
		"client_id": {emulator.DemoSelfClientID}, "client_secret": {emulator.DemoClientSecret}, "refresh_token": {"1000.x.y"}})
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, 1, u.e.Faults().List()[0].Fired, "the rule answered the next token request")

	for _, tc := range []struct {
		name string
		form url.Values
		says string
	}{
		{"an unknown error code", url.Values{"service": {"zoho-crm"}, "action": {"error"}, "error": {"no_such_code"}}, "fault rule"},
		{"an operation of another service", url.Values{"service": {"zoho-crm"}, "operation": {"token"}, "action": {"reset"}}, "not one of service"},
		{"an operation without a service", url.Values{"operation": {"token"}, "action": {"reset"}}, "not one of service"},
		{"a status that is not a number", url.Values{"action": {"status"}, "status": {"five"}}, "not a whole number"},
		{"a body that is not JSON", url.Values{"action": {"status"}, "status": {"503"}, "body": {"{"}}, "not JSON"},
		{"a delay that is not a duration", url.Values{"action": {"delay"}, "delay": {"soon"}}, "not a duration"},
		{"a delay rule without a delay", url.Values{"action": {"delay"}}, "needs a delay"},
		{"an error rule without a code", url.Values{"service": {"zoho-crm"}, "action": {"error"}}, "names a code"},
		{"an unknown action", url.Values{"action": {"explode"}}, "want one of"},
		{"negative times", url.Values{"action": {"reset"}, "times": {"-1"}}, "not a whole number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := u.post("faults", tc.form)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Contains(t, problem(body), tc.says)
			assert.Len(t, u.e.Faults().List(), 1, "nothing added")
		})
	}
}

// TestResetButton: the world goes back to its seed, the console's
// switched-off rules with it.
func TestResetButton(t *testing.T) {
	u := newUI(t)
	assert.Contains(t, u.page("overview"), `id="reset-world"`)
	selfClientTokens(t, u.e)
	_, err := u.e.Faults().Add(faults.Rule{ID: "kept-aside", Action: faults.Action{Reset: true}, Match: faults.Match{Service: "zoho-crm"}})
	require.NoError(t, err)
	u.act("faults/kept-aside", url.Values{"on": {"false"}})
	_, err = u.e.Faults().Add(faults.Rule{ID: "active", Action: faults.Action{Reset: true}, Match: faults.Match{Service: "zoho-crm"}})
	require.NoError(t, err)
	require.NotEmpty(t, u.e.Accounts().Tokens(zohoaccounts.TokenFilter{}))
	require.Positive(t, u.e.Journal().Len())

	assert.Contains(t, u.act("reset", nil), "flash=The+world+is+back")
	assert.Empty(t, u.e.Accounts().Tokens(zohoaccounts.TokenFilter{}), "tokens gone")
	assert.Empty(t, u.e.Faults().List(), "active rules gone")
	assert.Zero(t, u.e.Journal().Len(), "journal cleared")
	assert.NotContains(t, u.page("overview"), "kept-aside", "switched-off rules forgotten")
}
