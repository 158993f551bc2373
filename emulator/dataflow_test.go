package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
)

// The Experience Platform APIs a dataflow takes, as the tutorials spell them.
const (
	flowAPI    = "/data/foundation/flowservice"
	catalogAPI = "/data/foundation/catalog"
	prepAPI    = "/data/foundation/conversion"
	crmToAEP   = "14518937-270c-4525-bdec-c2ba7cce3860"
	dataLake   = "c604ff05-7f1a-43c0-8e18-33bf874cb11c"
	leadSchema = "https://ns.adobe.com/zylker/schemas/zoho-crm-leads"
)

var demoTenant = flowservice.Tenant{Org: adobeims.DemoOrgID, Sandbox: "prod"}

// platform calls Adobe Experience Platform as the tutorials do: an IMS
// access token, the API key, the org and the sandbox on every call.
type platform struct {
	t     *testing.T
	base  string // the emulator: platform.adobe.io in production
	token string
}

func newPlatform(t *testing.T, e *emulator.Emulator) *platform {
	return &platform{t: t, base: e.URL(), token: newAEPClient(t, e).token}
}

// call sends one request; header is name, value pairs.
func (p *platform) call(method, path string, body any, header ...string) (int, http.Header, []byte) {
	p.t.Helper()
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(p.t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, p.base+path, rd)
	require.NoError(p.t, err)
	req.Header.Set("Authorization", "Bearer "+p.token)
	req.Header.Set("x-api-key", adobeims.DemoClientID)
	req.Header.Set("x-gw-ims-org-id", adobeims.DemoOrgID)
	req.Header.Set("x-sandbox-name", demoTenant.Sandbox)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(p.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(p.t, err)
	return resp.StatusCode, resp.Header, b
}

// must calls and decodes an answer of the status wanted into out (unless nil).
func (p *platform) must(method, path string, body any, status int, out any, header ...string) {
	p.t.Helper()
	got, _, b := p.call(method, path, body, header...)
	require.Equal(p.t, status, got, "%s %s: %s", method, path, b)
	if out != nil {
		require.NoError(p.t, json.Unmarshal(b, out), string(b))
	}
}

type created struct {
	ID   string `json:"id"`
	Etag string `json:"etag"`
}

type items[T any] struct {
	Items []T `json:"items"`
}

// runs reads a flow's runs as the monitoring tutorial does.
func (p *platform) runs(flowID string) []flowservice.Run {
	p.t.Helper()
	var list items[flowservice.Run]
	p.must(http.MethodGet, flowAPI+"/runs?property="+url.QueryEscape("flowId=="+flowID), nil, http.StatusOK, &list)
	return list.Items
}

// zohoGrant is what the admin's consent gives the connector app.
type zohoGrant struct {
	access, refresh string
}

// zohoConsent signs in to Zoho Accounts as the demo admin for the demo
// server-based client, offline access and consent forced (so every
// consent brings a refresh token), and exchanges the code over HTTP.
func zohoConsent(t *testing.T, e *emulator.Emulator) zohoGrant {
	t.Helper()
	conf := &oauth2.Config{
		ClientID: emulator.DemoServerClientID, ClientSecret: emulator.DemoClientSecret, RedirectURL: emulator.DemoRedirectURI,
		Scopes:   []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"},
		Endpoint: oauth2.Endpoint{AuthURL: e.URL() + "/oauth/v2/auth", TokenURL: e.URL() + "/oauth/v2/token", AuthStyle: oauth2.AuthStyleInParams},
	}
	cb := signIn(t, conf.AuthCodeURL("aep", oauth2.AccessTypeOffline, oauth2.ApprovalForce),
		emulator.DemoUserEmail, emulator.DemoUserPassword, "accept")
	tok, err := conf.Exchange(context.Background(), cb.Query().Get("code"))
	require.NoError(t, err)
	require.NotEmpty(t, tok.RefreshToken)
	return zohoGrant{access: tok.AccessToken, refresh: tok.RefreshToken}
}

// authParams are the Zoho base connection's auth params (reference §3).
func authParams(e *emulator.Emulator, g zohoGrant) map[string]any {
	return map[string]any{"endpoint": "crm.zoho.com/crm/private", "accountsUrl": e.URL(),
		"clientId": emulator.DemoServerClientID, "clientSecret": emulator.DemoClientSecret,
		"accessToken": g.access, "refreshToken": g.refresh}
}

// column is a column of explore's table schema.
type column struct {
	Name string         `json:"name"`
	Type string         `json:"type"`
	XDM  map[string]any `json:"xdm"`
}

type tableSchema struct {
	Format string `json:"format"`
	Schema struct {
		Columns []column `json:"columns"`
	} `json:"schema"`
	Data []map[string]any `json:"data"`
}

// dataflow is what the tutorials build, by id.
type dataflow struct {
	conn, source, target, dataset, mapping, flow string
}

// connect finds the Zoho CRM connection spec and creates a base
// connection with the grant (Zoho CRM source tutorial).
func (p *platform) connect(e *emulator.Emulator, g zohoGrant) string {
	t := p.t
	t.Helper()
	var specs items[map[string]any]
	p.must(http.MethodGet, flowAPI+"/connectionSpecs?property="+url.QueryEscape("id=="+zohoSpecID), nil, http.StatusOK, &specs)
	require.Len(t, specs.Items, 1)
	spec := specs.Items[0]
	assert.Equal(t, "Basic Authentication", spec["authSpec"].([]any)[0].(map[string]any)["name"])

	var conn created
	p.must(http.MethodPost, flowAPI+"/connections", map[string]any{
		"name": "Zoho CRM base connection", "description": "Base Connection for Zoho CRM",
		"auth":           map[string]any{"specName": "Basic Authentication", "params": authParams(e, g)},
		"connectionSpec": map[string]any{"id": spec["id"], "version": "1.0"},
	}, http.StatusCreated, &conn)
	return conn.ID
}

// connectionTest is GET /connections/{id}/test's result.
func (p *platform) connectionTest(id string) bool {
	p.t.Helper()
	var res struct {
		Result bool `json:"result"`
	}
	p.must(http.MethodGet, flowAPI+"/connections/"+id+"/test", nil, http.StatusOK, &res)
	return res.Result
}

// explore lists the tables and previews Leads; it returns the Leads columns.
func (p *platform) explore(conn string) []column {
	t := p.t
	t.Helper()
	var tables []map[string]any
	p.must(http.MethodGet, flowAPI+"/connections/"+conn+"/explore?objectType=root", nil, http.StatusOK, &tables)
	paths := []string{}
	for _, tb := range tables {
		assert.Equal(t, "table", tb["type"])
		paths = append(paths, tb["path"].(string))
	}
	assert.Subset(t, paths, []string{"Leads", "Contacts", "Accounts", "Deals"})

	var leads tableSchema
	p.must(http.MethodGet, flowAPI+"/connections/"+conn+"/explore?objectType=table&object=Leads&preview=true", nil, http.StatusOK, &leads)
	assert.Equal(t, "flat", leads.Format)
	names := []string{}
	for _, c := range leads.Schema.Columns {
		names = append(names, c.Name)
	}
	require.NotEmpty(t, names)
	assert.Equal(t, "id", names[0], "the record id comes first")
	assert.Subset(t, names, []string{"First_Name", "Last_Name", "Email", "Company", "Created_Time", "Modified_Time"})
	require.Len(t, leads.Data, 100, "a preview is the first 100 records")
	for _, row := range leads.Data {
		assert.Len(t, row, len(names), "every column, null where empty")
		assert.NotEmpty(t, row["id"])
	}
	return leads.Schema.Columns
}

// build creates the dataset (Catalog), the mapping set (Data Prep), the
// source and target connections and an hourly CRMToAEP flow from start
// with backfill (the CRM source tutorial's order). The source reads the
// mapped columns of those explored, or every column when none were.
func (p *platform) build(conn string, columns []column, start time.Time) dataflow {
	t := p.t
	t.Helper()
	df := dataflow{conn: conn}
	var refs []string
	p.must(http.MethodPost, catalogAPI+"/dataSets", map[string]any{"name": "Zoho CRM Leads",
		"schemaRef": map[string]any{"id": leadSchema, "contentType": "application/vnd.adobe.xed-full+json;version=1"}},
		http.StatusCreated, &refs)
	require.Len(t, refs, 1)
	df.dataset = strings.TrimPrefix(refs[0], "@/dataSets/")

	mappings := []any{}
	wanted := map[string]bool{}
	for _, m := range zohosource.DemoMappings {
		wanted[m[0]] = true
		mappings = append(mappings, map[string]any{"destinationXdmPath": m[1], "sourceAttribute": m[0],
			"identity": false, "identityGroup": nil, "namespaceCode": nil, "version": 0})
	}
	var ms created
	p.must(http.MethodPost, prepAPI+"/mappingSets", map[string]any{"version": 0, "xdmSchema": leadSchema,
		"xdmVersion": "1.0", "id": nil, "mappings": mappings}, http.StatusOK, &ms)
	df.mapping = ms.ID

	cols := []column{}
	for _, c := range columns {
		if wanted[c.Name] {
			cols = append(cols, c)
		}
	}
	if columns != nil {
		require.Len(t, cols, len(zohosource.DemoMappings), "explore offers every mapped column")
	}
	var src, dst, flow created
	p.must(http.MethodPost, flowAPI+"/sourceConnections", map[string]any{
		"name": "Zoho CRM Leads source connection", "baseConnectionId": conn, "data": map[string]any{"format": "tabular"},
		"params":         map[string]any{"tableName": "Leads", "columns": cols},
		"connectionSpec": map[string]any{"id": zohoSpecID, "version": "1.0"},
	}, http.StatusCreated, &src)
	p.must(http.MethodPost, flowAPI+"/targetConnections", map[string]any{
		"name":           "Zoho CRM Leads target connection",
		"data":           map[string]any{"schema": map[string]any{"id": leadSchema, "version": "application/vnd.adobe.xed-full+json;version=1"}},
		"params":         map[string]any{"dataSetId": df.dataset},
		"connectionSpec": map[string]any{"id": dataLake, "version": "1.0"},
	}, http.StatusCreated, &dst)
	df.source, df.target = src.ID, dst.ID

	var specs items[map[string]any]
	p.must(http.MethodGet, flowAPI+"/flowSpecs?property="+url.QueryEscape(`name=="CRMToAEP"`), nil, http.StatusOK, &specs)
	require.Len(t, specs.Items, 1)
	require.Equal(t, crmToAEP, specs.Items[0]["id"])
	p.must(http.MethodPost, flowAPI+"/flows", map[string]any{
		"name": "Zoho CRM Leads dataflow", "flowSpec": map[string]any{"id": crmToAEP, "version": "1.0"},
		"sourceConnectionIds": []string{df.source}, "targetConnectionIds": []string{df.target},
		"transformations": []any{
			map[string]any{"name": "Copy", "params": map[string]any{"deltaColumn": map[string]any{
				"name": "Modified_Time", "dateFormat": "yyyy-MM-dd HH:mm:ss", "timezone": "UTC"}}},
			map[string]any{"name": "Mapping", "params": map[string]any{"mappingId": df.mapping, "mappingVersion": 0}},
		},
		"scheduleParams": map[string]any{"startTime": strconv.FormatInt(start.Unix(), 10), "frequency": "hour", "interval": "1"},
	}, http.StatusCreated, &flow)
	df.flow = flow.ID
	return df
}

// freeze stops the virtual clock and returns "now" as a schedule's
// startTime says it: in whole seconds, so up to a second in the past.
func freeze(e *emulator.Emulator) time.Time {
	return e.Clock().Freeze().Truncate(time.Second)
}

// expectedLeads are the ids of the CRM's unconverted Leads last modified
// in [from, to), as a dataflow window must read them, with the records.
func expectedLeads(t *testing.T, e *emulator.Emulator, from, to time.Time) map[string]crmdata.Record {
	t.Helper()
	page, err := e.CRMData().List(emulator.DemoOrgID, crmdata.Leads, crmdata.Query{SortBy: "Modified_Time"})
	require.NoError(t, err)
	out := map[string]crmdata.Record{}
	for _, r := range page.Records {
		if !r.Modified.Before(from) && r.Modified.Before(to) {
			out[r.ID] = r
		}
	}
	return out
}

// landed indexes a dataset's rows by the Zoho record id they carry,
// failing on a record that landed twice.
func landed(t *testing.T, rows []map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, r := range rows {
		id := dig(r, "_zohoaep", "recordId")
		require.NotEmpty(t, id, "a row without its record id: %v", r)
		require.NotContains(t, out, id, "record %s landed twice", id)
		out[id] = r
	}
	return out
}

// dig reads a string at a dotted XDM path; "" when absent.
func dig(row map[string]any, path ...string) string {
	var v any = row
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[p]
	}
	s, _ := v.(string)
	return s
}

// sameLeads asserts the rows are exactly the records, mapped as the
// mapping set says (every sample-th record is compared field by field).
func sameLeads(t *testing.T, want map[string]crmdata.Record, rows []map[string]any, sample int) {
	t.Helper()
	got := landed(t, rows)
	require.Len(t, got, len(want))
	ids := make([]string, 0, len(want))
	for id := range want {
		ids = append(ids, id)
		require.Contains(t, got, id)
	}
	slices.Sort(ids)
	for i := 0; i < len(ids); i += sample {
		r, row := want[ids[i]], got[ids[i]]
		for _, m := range [][2]string{{"First_Name", "person.name.firstName"}, {"Last_Name", "person.name.lastName"},
			{"Email", "personalEmail.address"}, {"Company", "_zohoaep.company"}} {
			v, _ := r.Values[m[0]].(string)
			assert.Equal(t, v, dig(row, strings.Split(m[1], ".")...), "%s of %s", m[0], r.ID)
		}
		modified, err := time.Parse(time.RFC3339, dig(row, "_zohoaep", "modifiedTime"))
		require.NoError(t, err)
		assert.True(t, r.Modified.Equal(modified), "Modified_Time of %s: %s, want %s", r.ID, modified, r.Modified)
	}
}

// readBack reads a dataset's rows through the control API.
func readBack(t *testing.T, e *emulator.Emulator, datasetID string) []map[string]any {
	t.Helper()
	resp, err := http.Get(e.URL() + "/_emulator/aep/datasets/" + datasetID + "/rows?" +
		url.Values{"org": {demoTenant.Org}, "sandbox": {demoTenant.Sandbox}}.Encode())
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var page struct {
		Rows         []map[string]any `json:"rows"`
		Count, Total int
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&page))
	require.Equal(t, len(page.Rows), page.Count)
	require.Equal(t, page.Count, page.Total)
	return page.Rows
}

// readBackRuns reads a flow's runs through the control API.
func readBackRuns(t *testing.T, e *emulator.Emulator, flowID string) []flowservice.Run {
	t.Helper()
	resp, err := http.Get(e.URL() + "/_emulator/aep/runs?" +
		url.Values{"org": {demoTenant.Org}, "sandbox": {demoTenant.Sandbox}, "flow_id": {flowID}}.Encode())
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var list struct {
		Runs []flowservice.Run `json:"runs"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&list))
	return list.Runs
}

// rowsOf is the dataset's rows by the Go API, which must agree with the
// control API's read-back.
func rowsOf(t *testing.T, e *emulator.Emulator, datasetID string) []map[string]any {
	t.Helper()
	rows, err := e.FlowService().Rows(demoTenant, datasetID)
	require.NoError(t, err)
	a, err := json.Marshal(rows)
	require.NoError(t, err)
	b, err := json.Marshal(readBack(t, e, datasetID))
	require.NoError(t, err)
	require.JSONEq(t, string(a), string(b), "the control API reads back what the Go API holds")
	return rows
}

// window is a copy activity's window, epoch ms.
func window(r flowservice.Run) (from, to int64) {
	ext := r.Activities[0].DurationSummary.Extensions
	n := func(v any) int64 {
		i, _ := strconv.ParseInt(strings.TrimSpace(jsonString(v)), 10, 64)
		return i
	}
	return n(ext["windowStart"]), n(ext["windowEnd"])
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func statuses(runs []flowservice.Run) []string {
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = r.Metrics.StatusSummary.Status
	}
	return out
}

// salesRep adds Leads through Zoho CRM's API with a self client's
// tokens, as someone at Zylker would while the dataflow runs.
type salesRep struct {
	t       *testing.T
	e       *emulator.Emulator
	refresh string
}

func newSalesRep(t *testing.T, e *emulator.Emulator) *salesRep {
	code, err := e.Accounts().GenerateCode(zohoaccounts.SelfClientCode{ClientID: emulator.DemoSelfClientID,
		User: emulator.DemoUserEmail, Scopes: []string{"ZohoCRM.modules.ALL"}})
	require.NoError(t, err)
	resp, err := http.PostForm(e.URL()+"/oauth/v2/token", exchangeForm(code.Code))
	require.NoError(t, err)
	tok := decode(t, resp)
	require.NotEmpty(t, tok["refresh_token"], tok)
	return &salesRep{t: t, e: e, refresh: tok["refresh_token"].(string)}
}

// accessToken is a fresh access token from the rep's refresh token.
func (s *salesRep) accessToken() string {
	s.t.Helper()
	resp, err := http.PostForm(s.e.URL()+"/oauth/v2/token", url.Values{"grant_type": {"refresh_token"},
		"client_id": {emulator.DemoSelfClientID}, "client_secret": {emulator.DemoClientSecret}, "refresh_token": {s.refresh}})
	require.NoError(s.t, err)
	tok := decode(s.t, resp)
	require.NotEmpty(s.t, tok["access_token"], tok)
	return tok["access_token"].(string)
}

// write sends one record to the CRM and returns its id.
func (s *salesRep) write(method, path string, record map[string]any, status int) string {
	s.t.Helper()
	body, _ := json.Marshal(map[string]any{"data": []any{record}})
	req, _ := http.NewRequest(method, s.e.URL()+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Zoho-oauthtoken "+s.accessToken())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	out := decode(s.t, resp)
	require.Equal(s.t, status, resp.StatusCode, out)
	return out["data"].([]any)[0].(map[string]any)["details"].(map[string]any)["id"].(string)
}

// addLead creates a Lead now (on the virtual clock) and returns its id.
func (s *salesRep) addLead(last string) string {
	return s.write(http.MethodPost, "/crm/v8/Leads", map[string]any{"First_Name": "Ada", "Last_Name": last,
		"Company": "Analytical Engines", "Email": strings.ToLower(last) + "@engines.test"}, http.StatusCreated)
}

// updateLead changes a Lead's e-mail address now.
func (s *salesRep) updateLead(id, email string) {
	s.write(http.MethodPut, "/crm/v8/Leads/"+id, map[string]any{"Email": email}, http.StatusOK)
}

// secretsIn lists the secrets of a run document, if any.
func secretsIn(doc []byte, secrets ...string) []string {
	var found []string
	for _, s := range secrets {
		if s != "" && bytes.Contains(doc, []byte(s)) {
			found = append(found, s)
		}
	}
	return found
}

// TestDataflowFromZohoCRMToAEP does, over HTTP, what Adobe's Zoho CRM
// source tutorials do, then breaks and mends the Zoho credentials:
//
//   - an IMS token; the Zoho CRM connection spec; Zoho tokens from Zoho
//     Accounts; a base connection; its test; explore; a dataset, a mapping
//     set, source and target connections and an hourly flow from now;
//   - the first run backfills every unconverted Lead, the next reads the
//     hour's new Leads: each run appends exactly the CRM's Leads of its
//     window, mapped;
//   - the admin revokes the refresh token: the next run fails with
//     CONNECTOR-1001-500 and Zoho's invalid_code, no secret in it;
//   - fresh tokens are PATCHed into the base connection: the next run
//     succeeds and reads from the last success, so nothing is lost.
func TestDataflowFromZohoCRMToAEP(t *testing.T) {
	e := emulatortest.New(t)
	start := freeze(e)
	aep := newPlatform(t, e)
	grant := zohoConsent(t, e)

	conn := aep.connect(e, grant)
	require.True(t, aep.connectionTest(conn))
	df := aep.build(conn, aep.explore(conn), start)

	// The first window backfills; the second reads the hour's new Leads,
	// up to its last second; a Lead of the next hour's first is not its.
	rep := newSalesRep(t, e)
	e.Clock().Advance(10 * time.Minute)
	rep.addLead("Lovelace")
	e.Clock().Set(start.Add(time.Hour - time.Second))
	rep.addLead("Hopper")
	e.Clock().Set(start.Add(time.Hour))
	boundary := rep.addLead("Boundary")
	e.Clock().Set(start.Add(time.Hour + time.Minute))
	runs := aep.runs(df.flow)
	require.Len(t, runs, 2, "the front door runs the windows due before it answers")
	backfill := expectedLeads(t, e, time.Time{}, start)
	hour1 := expectedLeads(t, e, start, start.Add(time.Hour))
	unconverted, err := e.CRMData().Count(emulator.DemoOrgID, crmdata.Leads, crmdata.Query{})
	require.NoError(t, err)
	require.Equal(t, unconverted, len(backfill)+len(hour1)+1, "every unconverted Lead is in a window")
	require.Greater(t, len(backfill), 2000, "the demo CRM's Leads, past Zoho's discrete paging")
	require.Len(t, hour1, 2)
	for i, tc := range []struct {
		from, to time.Time
		want     map[string]crmdata.Record
		kind     string
	}{{time.UnixMilli(0), start, backfill, "one-time"}, {start, start.Add(time.Hour), hour1, "incremental"}} {
		r := runs[i]
		assert.Equal(t, df.flow, r.FlowID)
		assert.Equal(t, flowservice.RunSuccess, r.Metrics.StatusSummary.Status, "run %d: %s", i, jsonString(r.Metrics))
		from, to := window(r)
		assert.Equal(t, tc.from.UnixMilli(), from, "run %d", i)
		assert.Equal(t, tc.to.UnixMilli(), to, "run %d", i)
		assert.Equal(t, tc.kind, r.Activities[0].StatusSummary.Extensions["type"])
		assert.Equal(t, int64(len(tc.want)), r.Metrics.RecordSummary.OutputRecordCount, "run %d", i)
		assert.Zero(t, r.Metrics.RecordSummary.FailedRecordCount)
	}
	rows := rowsOf(t, e, df.dataset)
	require.Len(t, rows, len(backfill)+len(hour1))
	sameLeads(t, backfill, rows[:len(backfill)], 97)
	sameLeads(t, hour1, rows[len(backfill):], 1)
	assert.Equal(t, []string{"Lovelace", "Hopper"}, lastNames(rows[len(backfill):]), "in Modified_Time order")

	// The admin revokes the connector's refresh token under Connected Apps.
	resp, err := http.Post(e.URL()+"/oauth/v2/token/revoke?"+url.Values{"token": {grant.refresh}}.Encode(), "", nil)
	require.NoError(t, err)
	assert.Equal(t, "success", decode(t, resp)["status"])
	live, _ := e.FlowService().Connection(demoTenant, conn)
	writtenBack, _ := live.Auth.Params["accessToken"].(string)
	assert.NotEqual(t, grant.access, writtenBack, "the runtime wrote its refreshed token back")
	e.Clock().Advance(9 * time.Minute)
	second := rep.addLead("Babbage")
	// An hour on, every access token minted from the revoked grant is dead too.
	e.Clock().Set(start.Add(2*time.Hour + 5*time.Minute))
	status, _, raw := aep.call(http.MethodGet, flowAPI+"/runs?property="+url.QueryEscape("flowId=="+df.flow), nil)
	require.Equal(t, http.StatusOK, status)
	runs = aep.runs(df.flow)
	require.Len(t, runs, 3)
	failed := runs[2]
	assert.Equal(t, flowservice.StatusSummary{Status: flowservice.RunFailed, ActivityRefs: []string{"copyActivity"},
		Errors: []flowservice.RunError{{Code: "CONNECTOR-1001-500", Message: "Error in copying the data from Source."}}}, failed.Metrics.StatusSummary)
	require.Len(t, failed.Activities, 1, "no promotion after a failed copy")
	detail, _ := failed.Activities[0].StatusSummary.Extensions["errorDetail"].(string)
	assert.Contains(t, detail, "ErrorCode=ZohoAuthenticationFailed")
	assert.Contains(t, detail, "POST "+e.URL()+"/oauth/v2/token with HTTP 200: "+`{"error":"invalid_code"}`, "Zoho's answer, verbatim")
	require.Len(t, failed.Metrics.RecordSummary.FailedInfo, 1)
	assert.Equal(t, "2200", failed.Metrics.RecordSummary.FailedInfo[0].Code)
	from, to := window(failed)
	assert.Equal(t, start.Add(time.Hour).UnixMilli(), from)
	assert.Equal(t, start.Add(2*time.Hour).UnixMilli(), to)
	assert.Empty(t, secretsIn(raw, emulator.DemoClientSecret, grant.access, grant.refresh, writtenBack, aep.token),
		"a run document carries no secret")
	assert.Len(t, rowsOf(t, e, df.dataset), len(rows), "a failed run appends nothing")

	// The user reconnects: fresh tokens PATCHed into the base connection.
	fresh := zohoConsent(t, e)
	var cur items[map[string]any]
	aep.must(http.MethodGet, flowAPI+"/connections/"+conn, nil, http.StatusOK, &cur)
	require.Len(t, cur.Items, 1)
	etag := cur.Items[0]["etag"].(string)
	var patched created
	aep.must(http.MethodPatch, flowAPI+"/connections/"+conn, []any{
		map[string]any{"op": "replace", "path": "/auth/params", "value": authParams(e, fresh)},
	}, http.StatusOK, &patched, "If-Match", etag)
	assert.NotEqual(t, etag, patched.Etag)
	assert.True(t, aep.connectionTest(conn))
	e.Clock().Advance(10 * time.Minute)
	third := rep.addLead("Somerville")
	e.Clock().Advance(5 * time.Minute)
	changed := keys(backfill)[0]
	rep.updateLead(changed, "changed@zylker.test")
	e.Clock().Set(start.Add(3*time.Hour + time.Minute))

	// The control API runs the due window before reading back.
	all := readBack(t, e, df.dataset)
	runs = readBackRuns(t, e, df.flow)
	require.Equal(t, []string{"success", "success", "failed", "success"}, statuses(runs))
	mended := runs[3]
	from, to = window(mended)
	assert.Equal(t, start.Add(time.Hour).UnixMilli(), from, "from the last success: the failed window is read again")
	assert.Equal(t, start.Add(3*time.Hour).UnixMilli(), to)
	caught := expectedLeads(t, e, start.Add(time.Hour), start.Add(3*time.Hour))
	assert.ElementsMatch(t, []string{boundary, second, third, changed}, keys(caught))
	assert.Equal(t, int64(len(caught)), mended.Metrics.RecordSummary.OutputRecordCount)
	require.Len(t, all, len(rows)+len(caught))
	sameLeads(t, caught, all[len(rows):], 1)
	assert.Equal(t, "changed@zylker.test", dig(landed(t, all[len(rows):])[changed], "personalEmail", "address"))
	sameLeads(t, expectedLeads(t, e, time.Time{}, start.Add(3*time.Hour)), latest(all), 97)
	assert.Len(t, rowsOf(t, e, df.dataset), len(all))
	var viaFlowService []string
	for _, r := range aep.runs(df.flow) {
		viaFlowService = append(viaFlowService, r.ID)
	}
	var viaControl []string
	for _, r := range runs {
		viaControl = append(viaControl, r.ID)
	}
	assert.Equal(t, viaFlowService, viaControl, "both read the same runs")

	// The journal saw every exchange, the runtime's included; it keeps no secret.
	for _, en := range e.Journal().Query(journal.Filter{}) {
		doc, err := json.Marshal(en)
		require.NoError(t, err)
		assert.Empty(t, secretsIn(doc, emulator.DemoClientSecret, grant.access, grant.refresh, writtenBack,
			fresh.access, fresh.refresh, aep.token), "%s %s", en.Method, en.Path)
	}
}

// latest keeps each record's newest row: a dataset is append-only, so an
// updated record lands again.
func latest(rows []map[string]any) []map[string]any {
	at := map[string]int{}
	var out []map[string]any
	for _, r := range rows {
		id := dig(r, "_zohoaep", "recordId")
		if i, ok := at[id]; ok {
			out[i] = r
			continue
		}
		at[id] = len(out)
		out = append(out, r)
	}
	return out
}

func lastNames(rows []map[string]any) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = dig(r, "person", "name", "lastName")
	}
	return out
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
