package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/console"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
)

// field reads a form field's value from a page.
func field(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `" value="([^"]*)"`).FindStringSubmatch(body)
	require.NotNil(t, m, "no field %s", id)
	return m[1]
}

// helperForm is the authorization helper's form for the demo admin.
func helperForm() url.Values {
	return with(demoTenant(), "clientId", emulator.DemoServerClientID, "clientSecret", emulator.DemoClientSecret,
		"email", emulator.DemoUserEmail, "password", emulator.DemoUserPassword, "scopes", "ZohoCRM.modules.ALL,ZohoCRM.settings.ALL")
}

// connect runs the helper and creates the account; it returns the base
// connection's id.
func connect(t *testing.T, u *ui) string {
	t.Helper()
	status, _, body := u.post("sources/zoho/authorize", helperForm())
	require.Equal(t, http.StatusOK, status, problem(body))
	assert.Contains(t, body, "admin@zylker.test consented")
	access, refresh := field(t, body, "a-accessToken"), field(t, body, "a-refreshToken")
	require.True(t, strings.HasPrefix(access, "1000."), access)
	require.NotEmpty(t, refresh)
	to := u.act("sources/zoho/account", with(demoTenant(), "name", "Zylker CRM",
		"endpoint", field(t, body, "a-endpoint"), "accountsUrl", field(t, body, "a-accountsUrl"),
		"clientId", field(t, body, "a-clientId"), "clientSecret", field(t, body, "a-clientSecret"),
		"accessToken", access, "refreshToken", refresh))
	m := regexp.MustCompile(`^sources/zoho/([^/]+)/tables\?`).FindStringSubmatch(to)
	require.NotNil(t, m, to)
	assert.Contains(t, to, "Connected")
	return m[1]
}

// createFlow maps the demo columns of Leads, hourly from now with
// backfill; it returns the flow's id.
func createFlow(t *testing.T, u *ui, conn string) string {
	t.Helper()
	form := with(demoTenant(), "table", "Leads", "datasetName", "Zylker Leads", "schemaId", zohosource.DemoSchemaID,
		"flowName", "Zylker Leads dataflow", "frequency", "hour", "interval", "1", "backfill", "on", "delta", "Modified_Time")
	for _, m := range zohosource.DemoMappings {
		form.Add("col", m[0])
		form.Set("xdm."+m[0], m[1])
	}
	to := u.act("sources/zoho/"+conn+"/dataflow", form)
	m := regexp.MustCompile(`^sources/flows/([^?]+)\?`).FindStringSubmatch(to)
	require.NotNil(t, m, to)
	return m[1]
}

func TestSourcesWorkflow(t *testing.T) {
	u := newUI(t)
	u.e.Clock().Freeze()
	conn := connect(t, u)
	tn := flowservice.Tenant{Org: demoTenant().Get("org"), Sandbox: "prod"}
	c, ok := u.e.FlowService().Connection(tn, conn)
	require.True(t, ok, "the account is a base connection of Flow Service")
	assert.Equal(t, "Zylker CRM", c.Name)

	q := demoTenant().Encode()
	tables := u.page("sources/zoho/" + conn + "/tables?" + q)
	for _, w := range []string{`id="table-Leads"`, `id="table-Contacts"`, "preview of 10 of 100 records", "Modified_Time", `id="next-dataflow"`} {
		assert.Contains(t, tables, w)
	}
	form := u.page("sources/zoho/" + conn + "/dataflow?" + q + "&table=Leads")
	assert.Contains(t, form, `id="m-Email" checked`)
	assert.Contains(t, form, `value="personalEmail.address"`)

	flow := createFlow(t, u, conn)
	f, ok := u.e.FlowService().Flow(tn, flow)
	require.True(t, ok)
	assert.Equal(t, "Zylker Leads dataflow", f.Name)

	page := u.page("sources/flows/" + flow + "?" + q)
	assert.Contains(t, page, "Zylker Leads dataflow")
	backfill := u.page("sources/flows/" + flow + "/runs?" + q)
	assert.Equal(t, 1, strings.Count(backfill, `class="run success"`), "the backfill ran at once")
	assert.Regexp(t, `success</span></td><td>[1-9][0-9]*</td><td>[1-9][0-9]*</td><td>0</td>`, backfill, "records in and out, none failed")

	// Polling with the version shown asks Flow Service nothing until the
	// runs change.
	v := regexp.MustCompile(`class="runs-v" data-v="([^"]+)"`).FindStringSubmatch(backfill)
	require.NotNil(t, v)
	before := u.e.Journal().Len()
	status, _ := u.get("sources/flows/" + flow + "/runs?" + q + "&v=" + v[1])
	assert.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, before, u.e.Journal().Len(), "an unchanged poll journals nothing")

	u.act("clock", url.Values{"action": {"advance"}, "by": {"1h"}})
	u.page("sources/flows/" + flow + "?" + q) // as the clock form's redirect does: the due window runs
	status, _ = u.get("sources/flows/" + flow + "/runs?" + q + "&v=" + v[1])
	assert.Equal(t, http.StatusOK, status, "the runs changed")
	runs := u.page("sources/flows/" + flow + "/runs?" + q)
	assert.Equal(t, 2, strings.Count(runs, `class="run success"`), "the first hourly window ran")
	at := u.e.Clock().Now()
	assert.Contains(t, runs, "→ "+at.UTC().Format("2006-01-02 15:04:05")+"</td>", "the newest window ends now")

	catalogue := u.page("sources?" + q)
	assert.Contains(t, catalogue, "Zylker CRM")
	assert.Contains(t, catalogue, "Zylker Leads dataflow")

	// Every step went through Flow Service's API, marked; the runs table's
	// polling is hidden from the journal view unless asked for.
	var steps, polls []journal.Entry
	for _, e := range u.e.Journal().Query(journal.Filter{Service: emulator.ServiceFlowService}) {
		switch e.Header[console.ConsoleHeader] {
		case "step":
			steps = append(steps, e)
		case "poll":
			polls = append(polls, e)
		}
		assert.NotEmpty(t, e.Header["X-Api-Key"], "%s %s", e.Method, e.Path)
		assert.NotEmpty(t, e.Header["X-Sandbox-Name"], "%s %s", e.Method, e.Path)
	}
	ops := map[string]bool{}
	for _, e := range steps {
		ops[e.Operation] = true
	}
	assert.Len(t, polls, 3)
	for _, op := range []string{"createConnection", "testConnection", "exploreConnection", "createSourceConnection",
		"createTargetConnection", "createFlow", "listRuns"} {
		assert.True(t, ops[op], "the console called %s", op)
	}
	hidden := u.page("journal?service=flow-service&limit=1000")
	shown := u.page("journal?service=flow-service&limit=1000&console=on")
	for _, e := range polls {
		assert.NotContains(t, hidden, `id="e`+itoa(e.Seq)+`"`)
		assert.Contains(t, shown, `id="e`+itoa(e.Seq)+`"`)
	}
	assert.Contains(t, hidden, `id="e`+itoa(steps[0].Seq)+`"`)
}

func TestAuthorizeHelperRefusals(t *testing.T) {
	u := newUI(t)
	for _, tc := range []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"wrong password", with(helperForm(), "password", "nope"), http.StatusBadRequest, "did not accept the sign-in"},
		{"wrong secret", with(helperForm(), "clientSecret", "nope"), http.StatusBadRequest, "exchange failed: invalid_client"},
		{"self client", with(helperForm(), "clientId", emulator.DemoSelfClientID), http.StatusBadRequest, "not a server-based client"},
		{"bad scope", with(helperForm(), "scopes", "not a scope"), http.StatusBadRequest, "refused the authorization: invalid_scope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.form
			for k := range f { // with() adds: keep the override, the last value
				f[k] = f[k][len(f[k])-1:]
			}
			status, _, body := u.post("sources/zoho/authorize", f)
			assert.Equal(t, tc.status, status)
			assert.Contains(t, problem(body), tc.want)
		})
	}
}

func TestDataflowFormRefusals(t *testing.T) {
	u := newUI(t)
	conn := connect(t, u)
	base := with(demoTenant(), "table", "Leads", "frequency", "hour", "interval", "1")
	for _, tc := range []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"no column", base, http.StatusBadRequest, "map at least one column"},
		{"no path", with(base, "col", "Email"), http.StatusBadRequest, "column Email has no XDM path"},
		{"bad frequency", with(base, "frequency", "fortnight"), http.StatusBadRequest, "frequency"},
		{"start in the past", with(base, "col", "Email", "xdm.Email", "personalEmail.address", "start", "2001-01-01T00:00:00"),
			http.StatusBadRequest, "answered 400"},
		{"minute below 15", with(base, "col", "Email", "xdm.Email", "personalEmail.address", "frequency", "minute"),
			http.StatusBadRequest, "answered 400"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.form
			for k := range f {
				f[k] = f[k][len(f[k])-1:]
			}
			status, _, body := u.post("sources/zoho/"+conn+"/dataflow", f)
			assert.Equal(t, tc.status, status, problem(body))
			assert.Contains(t, problem(body), tc.want)
		})
	}
	_ = time.Second
}

// When the IMS token the console kept is refused (its credential is gone),
// the console signs in again with the org's credential rather than
// failing the page.
func TestSourcesSignInAgain(t *testing.T) {
	u := newUI(t)
	q := demoTenant().Encode()
	u.page("sources?" + q)
	require.NoError(t, u.e.IMS().DeleteCredential(adobeims.DemoClientID))
	_, err := u.e.IMS().CreateCredential(adobeims.Credential{ClientID: "replacement-client", Name: "replacement",
		OrgID: adobeims.DemoOrgID, TechnicalAccountID: adobeims.DemoTechnicalAccountID, Scopes: adobeims.DefaultScopes})
	require.NoError(t, err)
	after := u.e.Journal().Len()
	assert.Contains(t, u.page("sources?"+q), `id="setup-zoho"`)
	var statuses []int
	for _, e := range u.e.Journal().Query(journal.Filter{}) {
		if int(e.Seq) > after {
			statuses = append(statuses, e.Status)
		}
	}
	require.NotEmpty(t, statuses)
	assert.Equal(t, http.StatusUnauthorized, statuses[0], "the kept token was refused")
	assert.Equal(t, http.StatusOK, statuses[1], "a new one was minted")
}
