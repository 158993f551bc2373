package flowservice_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// The fixture: two IMS orgs, each with a prod and a dev sandbox, tokens of
// a user and of a service account, a frozen virtual clock.
const (
	base     = "http://127.0.0.1:9595"
	fs       = "/data/foundation/flowservice"
	catalog  = "/data/foundation/catalog"
	prep     = "/data/foundation/conversion"
	org      = "5C1328435BF324E90A49402A@AdobeOrg"
	otherOrg = "7D2428435BF324E90A49402B@AdobeOrg"
	apiKey   = "acme_aep_client"
	otherKey = "other_client"
	user     = "28AF22BA5DE6B0B40A494036@AdobeID"
	prodID   = "1bd86660-c5da-11e9-93d4-6d5fc3a66a8e"
	devID    = "7f3419ce-53e2-476b-b419-ce53e2376b02"

	tokUser    = "eyJ-user-token"
	tokService = "eyJ-service-token"
	tokOther   = "eyJ-other-org-token"
	tokExpired = "eyJ-expired-token"
	tokScoped  = "eyJ-scoped-token"
)

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

var tenantProd = flowservice.Tenant{Org: org, Sandbox: "prod"}

// fakeIMS is Adobe IMS as Flow Service sees it.
type fakeIMS struct {
	mu        sync.Mutex
	tokens    map[string]flowservice.Identity
	sandboxes map[string][]flowservice.SandboxInfo
}

func (f *fakeIMS) Verify(token string) (flowservice.Identity, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id, ok := f.tokens[token]
	if !ok {
		return flowservice.Identity{}, errors.New("unknown token")
	}
	return id, nil
}

func (f *fakeIMS) Sandbox(orgID, name string) (flowservice.SandboxInfo, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, sb := range f.sandboxes[orgID] {
		if sb.Name == name {
			return sb, true
		}
	}
	return flowservice.SandboxInfo{}, false
}

type world struct {
	clk *clock.Clock
	ims *fakeIMS
	svc *flowservice.Service
}

func newWorld(t testing.TB, cfg flowservice.Config) *world {
	t.Helper()
	clk := clock.New(func() time.Time { return t0 })
	clk.Freeze()
	exp := t0.Add(24 * time.Hour)
	ims := &fakeIMS{
		tokens: map[string]flowservice.Identity{
			tokUser:    {ClientID: apiKey, OrgID: org, UserID: user, Scopes: []string{"openid", "AdobeID"}, Expires: exp},
			tokService: {ClientID: apiKey, OrgID: org, Expires: exp},
			tokOther:   {ClientID: otherKey, OrgID: otherOrg, UserID: "B@AdobeID", Expires: exp},
			tokExpired: {ClientID: apiKey, OrgID: org, UserID: user, Expires: t0.Add(-time.Second)},
			tokScoped:  {ClientID: apiKey, OrgID: org, UserID: user, Scopes: []string{"openid", "AdobeID", "read_organizations"}, Expires: exp},
		},
		sandboxes: map[string][]flowservice.SandboxInfo{
			org:      {{Name: "prod", ID: prodID, Type: "production"}, {Name: "dev", ID: devID, Type: "development"}},
			otherOrg: {{Name: "prod", ID: "2bd86660-c5da-11e9-93d4-6d5fc3a66a8f", Type: "production"}},
		},
	}
	return &world{clk: clk, ims: ims, svc: flowservice.New(cfg, ims, clk.Now)}
}

// req is one request to the service. By default it carries the user
// token, the API key, the org and the prod sandbox; header overrides
// them, an empty value removing the header.
type req struct {
	method, path string
	body         string
	header       map[string]string
	// bad: the contract must refuse the request (a client error it
	// declares); the response is still checked.
	bad bool
	// noRoute: no operation of the contract matches.
	noRoute bool
}

func get(path string) req { return req{method: http.MethodGet, path: path} }
func post(path, body string) req {
	return req{method: http.MethodPost, path: path, body: body}
}
func del(path string) req { return req{method: http.MethodDelete, path: path} }
func patch(path, etag, body string) req {
	return req{method: http.MethodPatch, path: path, body: body, header: map[string]string{"If-Match": etag}}
}

func (r req) with(k, v string) req {
	h := map[string]string{}
	for hk, hv := range r.header {
		h[hk] = hv
	}
	h[k] = v
	r.header = h
	return r
}

func (r req) in(sandbox string) req { return r.with("x-sandbox-name", sandbox) }
func (r req) as(token string) req   { return r.with("Authorization", "Bearer "+token) }
func (r req) badReq() req           { r.bad = true; return r }

func (r req) request() *http.Request {
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr := httptest.NewRequest(r.method, base+r.path, body)
	hr.Header.Set("Authorization", "Bearer "+tokUser)
	hr.Header.Set("x-api-key", apiKey)
	hr.Header.Set("x-gw-ims-org-id", org)
	hr.Header.Set("x-sandbox-name", "prod")
	if r.body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.header {
		if v == "" {
			hr.Header.Del(k)
			continue
		}
		hr.Header.Set(k, v)
	}
	return httpx.WithLanding(hr, httpx.Landing{Base: base, Location: "us"})
}

// contractName is openapi/flow-service.yaml's.
const contractName = "flow-service"

var (
	contractOnce sync.Once
	contract     *contracts.Contract
	contractErr  error
)

func flowContract(t testing.TB) *contracts.Contract {
	t.Helper()
	contractOnce.Do(func() { contract, contractErr = contracts.Load(contractName) })
	require.NoError(t, contractErr)
	return contract
}

// do sends a request and judges the exchange under
// openapi/flow-service.yaml: the response must always conform; the
// request must conform unless it says otherwise.
func (w *world) do(t testing.TB, r req) *httptest.ResponseRecorder {
	t.Helper()
	rec, verdict := flowContract(t).Judge(w.svc, r.request())
	reqSide, respSide := verdict.On(contracts.Request), verdict.On(contracts.Response)
	what := fmt.Sprintf("%s %s -> %d %s", r.method, r.path, rec.Code, truncate(rec.Body.String(), 600))
	switch {
	case r.noRoute:
		assert.Empty(t, verdict.Operation, "%s should match no operation", what)
	case r.bad:
		assert.NotEmpty(t, reqSide, "the contract should refuse the request: %s", what)
		assert.Empty(t, respSide, "response breaks the contract: %s", what)
	default:
		assert.NotEmpty(t, verdict.Operation, "%s matches no operation", what)
		assert.Empty(t, reqSide, "request breaks the contract: %s", what)
		assert.Empty(t, respSide, "response breaks the contract: %s", what)
	}
	assert.NotEqual(t, http.StatusInternalServerError, rec.Code, what)
	if rec.Body.Len() > 0 {
		assert.Equal(t, "application/json", rec.Header().Get("Content-Type"), what)
		assert.True(t, json.Valid(rec.Body.Bytes()), "invalid JSON: %s", what)
	}
	assert.NotEmpty(t, rec.Header().Get("x-request-id"), what)
	return rec
}

// judge sends a request and returns the answer with the response-side
// contract violations, whatever the request's own.
func (w *world) judge(r req) (*httptest.ResponseRecorder, []string) {
	ctx := context.Background()
	hr := r.request()
	c, err := contracts.Load(contractName)
	if err != nil {
		return nil, []string{err.Error()}
	}
	x := c.CheckRequest(ctx, hr)
	rec := httptest.NewRecorder()
	w.svc.ServeHTTP(rec, hr)
	var out []string
	for _, v := range x.CheckResponse(ctx, rec.Code, rec.Header(), rec.Body.Bytes()).Violations {
		if v.Side == contracts.Response {
			out = append(out, v.String())
		}
	}
	return rec, out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// decode decodes a JSON answer into a generic value (numbers as json.Number).
func decode(t testing.TB, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	d.UseNumber()
	require.NoError(t, d.Decode(&m), rec.Body.String())
	return m
}

// flowError asserts a Flow Service error with its code.
func flowError(t testing.TB, rec *httptest.ResponseRecorder, code string) map[string]any {
	t.Helper()
	var status int
	_, err := fmt.Sscanf(code[strings.IndexByte(code, '-')+1:], "%d", &status)
	require.NoError(t, err)
	m := decode(t, rec)
	assert.Equal(t, status, rec.Code, rec.Body.String())
	assert.Equal(t, "https://ns.adobe.com/aep/errors/FLOW-"+code, m["type"], rec.Body.String())
	rep, _ := m["report"].(map[string]any)
	assert.Equal(t, rec.Header().Get("x-request-id"), rep["request-id"])
	assert.Equal(t, m["errorMessage"], rep["detailed-message"])
	assert.Equal(t, m["errorMessage"], m["errorDetails"])
	return m
}

// created reads a 201 {"id","etag"}.
func created(t testing.TB, rec *httptest.ResponseRecorder) (id, etag string) {
	t.Helper()
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var b struct{ ID, Etag string }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &b))
	return b.ID, b.Etag
}

// item reads the only item of a GET by id.
func item(t testing.TB, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	items, _ := decode(t, rec)["items"].([]any)
	require.Len(t, items, 1)
	return items[0].(map[string]any)
}

// items reads a list answer's items.
func items(t testing.TB, rec *httptest.ResponseRecorder) []map[string]any {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	list, ok := decode(t, rec)["items"].([]any)
	require.True(t, ok, rec.Body.String())
	out := make([]map[string]any, len(list))
	for i, v := range list {
		out[i] = v.(map[string]any)
	}
	return out
}

func ids(list []map[string]any) []string {
	out := make([]string, len(list))
	for i, m := range list {
		out[i], _ = m["id"].(string)
	}
	return out
}

// Bodies from the tutorials (reference §3, §5).
func zohoConnection(name string) string {
	return `{"name":"` + name + `","description":"Base Connection for Zoho CRM",
	 "auth":{"specName":"Basic Authentication","params":{"endpoint":"crm.zoho.com/crm/private","accountsUrl":"https://accounts.zoho.com",
	 "clientId":"1000.0SQKHCOMCQOBELBGMDTL9K1904GNIX","clientSecret":"883e9bf021e43cb0b4147a2353319f4be8167138e5",
	 "accessToken":"1000.90be74d31c1b5313923b413dac9b009d.fea754b862ceb19d31e2617cc54676be",
	 "refreshToken":"1000.554cea0ad58509632bb0ae2f9e936fc1.6bb39626fed34274defd2d765c183c73"}},
	 "connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309","version":"1.0"}}`
}

func sourceBody(baseID, table string) string {
	return `{"name":"Zoho source connection","baseConnectionId":"` + baseID + `","description":"Zoho source",
	 "data":{"format":"tabular"},
	 "params":{"tableName":"` + table + `","columns":[{"name":"First_Name","type":"string","xdm":{"type":"String"}},{"name":"Email","type":"string","xdm":{"type":"String"}}]},
	 "connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309","version":"1.0"}}`
}

func targetBody(datasetID string) string {
	return `{"name":"Zoho target connection","description":"Zoho target",
	 "data":{"schema":{"id":"https://ns.adobe.com/acme/schemas/417a33eg81a221bd10495920574gfa2d","version":"application/vnd.adobe.xed-full+json;version=1"}},
	 "params":{"dataSetId":"` + datasetID + `"},
	 "connectionSpec":{"id":"c604ff05-7f1a-43c0-8e18-33bf874cb11c","version":"1.0"}}`
}

const schemaID = "https://ns.adobe.com/acme/schemas/417a33eg81a221bd10495920574gfa2d"

func flowBody(sourceID, targetID, mappingID, schedule string) string {
	return `{"name":"Zoho dataflow","description":"Zoho dataflow",
	 "flowSpec":{"id":"14518937-270c-4525-bdec-c2ba7cce3860","version":"1.0"},
	 "sourceConnectionIds":["` + sourceID + `"],"targetConnectionIds":["` + targetID + `"],
	 "transformations":[{"name":"Copy","params":{"deltaColumn":{"name":"Modified_Time","dateFormat":"YYYY-MM-DD","timezone":"UTC"}}},
	  {"name":"Mapping","params":{"mappingId":"` + mappingID + `","mappingVersion":0}}],
	 "scheduleParams":` + schedule + `}`
}

// future is a start time an hour after t0, in epoch seconds.
var future = fmt.Sprint(t0.Add(time.Hour).Unix())

// pipeline is a whole dataflow's ids.
type pipeline struct {
	base, baseEtag, source, target, dataset, mapping, flow, flowEtag string
}

// build makes a base connection, a dataset, a mapping set, a source, a
// target and a flow in the sandbox.
func (w *world) build(t testing.TB, sandbox string) pipeline {
	t.Helper()
	var p pipeline
	p.base, p.baseEtag = created(t, w.do(t, post(fs+"/connections", zohoConnection("Zoho CRM base connection")).in(sandbox)))
	p.dataset = w.dataset(t, sandbox)
	p.mapping = w.mapping(t, sandbox)
	p.source, _ = created(t, w.do(t, post(fs+"/sourceConnections", sourceBody(p.base, "Leads")).in(sandbox)))
	p.target, _ = created(t, w.do(t, post(fs+"/targetConnections", targetBody(p.dataset)).in(sandbox)))
	p.flow, p.flowEtag = created(t, w.do(t, post(fs+"/flows",
		flowBody(p.source, p.target, p.mapping, `{"startTime":"`+future+`","frequency":"minute","interval":"30"}`)).in(sandbox)))
	return p
}

func (w *world) dataset(t testing.TB, sandbox string) string {
	t.Helper()
	rec := w.do(t, post(catalog+"/dataSets", `{"name":"Zoho Leads","schemaRef":{"id":"`+schemaID+`","contentType":"application/vnd.adobe.xed+json;version=1"}}`).in(sandbox))
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var refs []string
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &refs))
	require.Len(t, refs, 1)
	return strings.TrimPrefix(refs[0], "@/dataSets/")
}

func (w *world) mapping(t testing.TB, sandbox string) string {
	t.Helper()
	rec := w.do(t, post(prep+"/mappingSets", `{"version":0,"xdmSchema":"`+schemaID+`","xdmVersion":"1.0","id":null,
	 "mappings":[{"destinationXdmPath":"person.name.firstName","sourceAttribute":"First_Name","identity":false,"identityGroup":null,"namespaceCode":null,"version":0}]}`).in(sandbox))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	id, _ := decode(t, rec)["id"].(string)
	require.Len(t, id, 32)
	return id
}

// snapshot is the whole state, as JSON, for before/after comparisons.
func (w *world) snapshot(t testing.TB) string {
	t.Helper()
	b, err := json.Marshal(w.svc.Export())
	require.NoError(t, err)
	return string(b)
}

// jsonInt is n as a decoded JSON number.
func jsonInt(n int64) json.Number { return json.Number(fmt.Sprint(n)) }
