package contracts_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// flowService is the contract's name (openapi/flow-service.yaml).
const flowService = "flow-service"

// Real bodies from shared/reference/adobe-flow-service.md (§1-§6), as
// Adobe's tutorials and error pages show them.
const (
	fsConnectionCreate = `{"name":"Zoho CRM base connection","description":"Base Connection for Zoho CRM",
	 "auth":{"specName":"Basic Authentication","params":{"endpoint":"{ENDPOINT}","accountsUrl":"{ACCOUNTS_URL}","clientId":"{CLIENT_ID}",
	 "clientSecret":"{CLIENT_SECRET}","accessToken":"{ACCESS_TOKEN}","refreshToken":"{REFRESH_TOKEN}"}},
	 "connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309","version":"1.0"}}`
	fsCreated        = `{"id":"2484f2df-c057-4ab5-84f2-dfc0577ab592","etag":"\"10033e77-0000-0200-0000-5e96785b0000\""}`
	fsSalesforceConn = `{"items":[{"createdAt":1597973312000,"updatedAt":1597973312000,"createdBy":"{CREATED_BY}","updatedBy":"{UPDATED_BY}",
	 "createdClient":"{CREATED_CLIENT}","updatedClient":"{UPDATED_CLIENT}","sandboxName":"{SANDBOX_NAME}","id":"139f6a5f-a78b-4744-9f6a-5fa78bd74431",
	 "name":"E2E_SF Base_Connection","connectionSpec":{"id":"cfc0fee1-7dc0-40ef-b73e-d8b134c436f5","version":"1.0"},"state":"enabled",
	 "auth":{"specName":"Basic Authentication","params":{"securityToken":"{SECURITY_TOKEN}","password":"{PASSWORD}","username":"my-salesforce-account","environmentUrl":"login.salesforce.com"}},
	 "version":"\"1400dd53-0000-0200-0000-5f3f23450000\"","etag":"\"1400dd53-0000-0200-0000-5f3f23450000\""}]}`
	fsPatchTutorial = `[{"op":"replace","path":"/auth/params","value":{"username":"salesforce-connector-username","password":"{NEW_PASSWORD}","securityToken":"{NEW_SECURITY_TOKEN}"}},
	 {"op":"replace","path":"/name","value":"Test salesforce connection"},{"op":"add","path":"/description","value":"A test salesforce connection"}]`
	fsPatched      = `{"id":"139f6a5f-a78b-4744-9f6a-5fa78bd74431","etag":"\"3600e378-0000-0200-0000-5f40212f0000\""}`
	fsHubSpotSpecs = `{"items":[{"id":"cc6a4487-9e91-433e-a3a3-9cf6626c1806","name":"hubspot","providerId":"0ed90a81-07f4-4586-8190-b40eccef1c5a","version":"1.0","authSpec":[{"name":"Basic Authentication","spec":{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","description":"defines auth params required for connecting to HubSpot","properties":{"clientId":{"type":"string","description":"The client ID associated with your HubSpot application."},"clientSecret":{"type":"string","description":"The client secret associated with your HubSpot application.","format":"password"},"accessToken":{"type":"string","description":"The access token obtained when initially authenticating your OAuth integration.","format":"password"},"refreshToken":{"type":"string","description":"The refresh token obtained when initially authenticating your OAuth integration.","format":"password"}},"required":["clientId","clientSecret","accessToken","refreshToken"]}}]}]}`
	fsSourceCreate = `{"name":"Salesforce source connection","baseConnectionId":"4cb0c374-d3bb-4557-b139-5712880adc55","description":"Salesforce source connection",
	 "data":{"format":"tabular"},"params":{"tableName":"Accounts","columns":[{"name":"first_name","type":"string","xdm":{"type":"String"}},{"name":"email","type":"string","xdm":{"type":"String"}}]},
	 "connectionSpec":{"id":"ccfc0fee1-7dc0-40ef-b73e-d8b134c436f5","version":"1.0"}}`
	fsSourceGet = `{"items":[{"createdAt":1728592929650,"updatedAt":1728592929650,"createdBy":"acme@AdobeID","updatedBy":"acme@AdobeID","createdClient":"exc_app",
	 "updatedClient":"acme","sandboxId":"7f3419ce-53e2-476b-b419-ce53e2376b02","sandboxName":"prod","imsOrgId":"acme@AdobeOrg","id":"56f7eb3a-b544-4eaa-b167-ef1711044c7a",
	 "name":"Activity source","baseConnectionId":"2484f2df-c057-4ab5-84f2-dfc0577ab592","state":"draft","data":{"format":"tabular","schema":null,"properties":null},
	 "connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309","version":"1.0"},"params":{"columns":[],"tableName":"Activity"},
	 "version":"\"4a00038b-0000-0200-0000-5ebc47fd0000\"","etag":"\"4a00038b-0000-0200-0000-5ebc47fd0000\"",
	 "inheritedAttributes":{"baseConnection":{"id":"2484f2df-c057-4ab5-84f2-dfc0577ab592","connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309","version":"1.0"}}}}]}`
	fsTargetCreate = `{"name":"Salesforce target connection","description":"Salesforce target connection",
	 "data":{"schema":{"id":"https://ns.adobe.com/{TENANT_ID}/schemas/417a33eg81a221bd10495920574gfa2d","version":"application/vnd.adobe.xed-full+json;version=1"}},
	 "params":{"dataSetId":"5c8c3c555033b814b69f947f"},"connectionSpec":{"id":"c604ff05-7f1a-43c0-8e18-33bf874cb11c","version":"1.0"}}`
	fsFlowCreate = `{"name":"Salesforce dataflow","description":"Salesforce dataflow","flowSpec":{"id":"14518937-270c-4525-bdec-c2ba7cce3860","version":"1.0"},
	 "sourceConnectionIds":["9a603322-19d2-4de9-89c6-c98bd54eb184"],"targetConnectionIds":["4ee890c7-519c-4291-bd20-d64186b62da8"],
	 "transformations":[{"name":"Copy","params":{"deltaColumn":{"name":"updatedAt","dateFormat":"YYYY-MM-DD","timezone":"UTC"}}},
	  {"name":"Mapping","params":{"mappingId":"500a9b747fcf4908a21917d49bd61780","mappingVersion":0}}],
	 "scheduleParams":{"startTime":"1567411548","frequency":"minute","interval":"30"}}`
	fsFlowGet = `{"items":[{"id":"a7e88a01-40f9-4ebf-80b2-0fc838ff82ef","createdAt":1728592929650,"updatedAt":1728597187444,"createdBy":"acme@AdobeID","updatedBy":"acme@AdobeID",
	 "createdClient":"exc_app","updatedClient":"acme","sandboxId":"7f3419ce-53e2-476b-b419-ce53e2376b02","sandboxName":"prod","imsOrgId":"acme@AdobeOrg",
	 "name":"Zoho flow","description":"","flowSpec":{"id":"15f8402c-ba66-4626-b54c-9f8e54244d61","version":"1.0"},"state":"enabled",
	 "version":"\"600290fc-0000-0200-0000-67084cc30000\"","etag":"\"600290fc-0000-0200-0000-67084cc30000\"","sourceConnectionIds":["56f7eb3a-b544-4eaa-b167-ef1711044c7a"],
	 "targetConnectionIds":["7e53e6e8-b432-4134-bb29-21fc6e8532e5"],
	 "inheritedAttributes":{"properties":{"isSourceFlow":true},
	  "sourceConnections":[{"id":"56f7eb3a-b544-4eaa-b167-ef1711044c7a","connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309","version":"1.0"},
	   "baseConnection":{"id":"2484f2df-c057-4ab5-84f2-dfc0577ab592","connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309","version":"1.0"}}}],
	  "targetConnections":[{"id":"7e53e6e8-b432-4134-bb29-21fc6e8532e5","connectionSpec":{"id":"c604ff05-7f1a-43c0-8e18-33bf874cb11c","version":"1.0"}}]},
	 "options":{"isSampleDataflow":false,"errorDiagnosticsEnabled":true},
	 "transformations":[{"name":"Mapping","params":{"mappingVersion":0,"mappingId":"f6447514ef95482889fac1818972e285"}}],
	 "runs":"/runs?property=flowId==a7e88a01-40f9-4ebf-80b2-0fc838ff82ef","lastOperation":{"started":1728592929650,"updated":0,"operation":"create"},
	 "lastRunDetails":{"id":"2d7863d5-9d5c-4fa5-a9b4-4c5a6c9e1c8b","state":"success","startedAtUTC":1728594713537,"completedAtUTC":1728597183080},
	 "labels":[],"recordTypes":[{"type":"experienceevent","extensions":{}}]}]}`
	fsRuns = `{"items":[{"createdAt":1596656079576,"updatedAt":1596656113526,"createdBy":"{CREATED_BY}","updatedBy":"{UPDATED_BY}","createdClient":"{CREATED_CLIENT}",
	 "updatedClient":"{UPDATED_CLIENT}","sandboxId":"1bd86660-c5da-11e9-93d4-6d5fc3a66a8e","sandboxName":"prod","id":"9830305a-985f-47d0-b030-5a985fd7d004",
	 "flowId":"c9cef9cb-c934-4467-8ef9-cbc934546741","etag":"\"b8003af1-0000-0200-0000-5f2b09f10000\"",
	 "metrics":{"durationSummary":{"startedAtUTC":1596656058198,"completedAtUTC":1596656113306},"sizeSummary":{"inputBytes":24012,"outputBytes":17128},
	  "recordSummary":{"inputRecordCount":100,"outputRecordCount":99,"failedRecordCount":1},
	  "fileSummary":{"inputFileCount":1,"outputFileCount":1,"activityRefs":["promotionActivity"]},
	  "statusSummary":{"status":"success","errors":[{"code":"CONNECTOR-2001-500","message":"Error occurred at promotion activity."}],"activityRefs":["promotionActivity"]}},
	 "activities":[{"id":"copyActivity","durationSummary":{"startedAtUTC":1596656058198,"completedAtUTC":1596656089650,"extensions":{"windowStart":1596653708000,"windowEnd":1596655508000}},
	  "statusSummary":{"status":"success","extensions":{"type":"one-time"}},
	  "sourceInfo":[{"id":"c0e18602-f9ea-44f9-ba5f-a8ba0b3f9f7b","type":"SourceConnection","reference":{"type":"AdfRunId","ids":["8a8eb0cc-e283-4605-ac70-65a5adb1baef"]}}]},
	 {"id":"promotionActivity","statusSummary":{"status":"success","extensions":{"errors":[{"code":"INGEST-1212-400","message":"Encountered 1 errors in the data. Successfully ingested 99 rows. Review the associated diagnostic files for additional details."},
	  {"code":"MAPPER-3700-400","recordCount":1,"message":"Mapper Transform Error"}]}},
	  "targetInfo":[{"id":"47166b83-01c7-4b65-bbd9-b10c3b9b2b06","type":"TargetConnection","reference":{"type":"Batch","ids":["01EF01X41KJD82Y9ZX6ET54PCZ"]}}]}]}],
	 "_links":{}}`
	fsFailedRun = `{"items":[{"createdAt":1596656079576,"updatedAt":1596656113526,"createdBy":"acp_foundation_connectors@AdobeID","updatedBy":"acp_foundation_connectors@AdobeID",
	 "createdClient":"acp_foundation_connectors","updatedClient":"acp_foundation_connectors","sandboxName":"prod","id":"9830305a-985f-47d0-b030-5a985fd7d004",
	 "flowId":"c9cef9cb-c934-4467-8ef9-cbc934546741","etag":"\"b8003af1-0000-0200-0000-5f2b09f10000\"",
	 "providerRefId":"M-c9cef9cb-c934-4467-8ef9-cbc934546741-incremental-0:9830305a-985f-47d0-b030-5a985fd7d004",
	 "metrics":{"recordSummary":{"failedInfo":[{"code":"2200","message":"A connection attempt failed because the connected party did not properly respond"}]},
	  "statusSummary":{"status":"failed","errors":[{"code":"CONNECTOR-1001-500","message":"Error in copying the data from Source."}],"activityRefs":["copyActivity"]}},
	 "activities":[{"id":"copyActivity","statusSummary":{"status":"failed","extensions":{"errorDetail":"ErrorCode=SftpNetworkIssue,'Type=Microsoft.DataTransfer.Common.Shared.HybridDeliveryException'"}}}]}]}`
	fsNotFound = `{"type":"https://ns.adobe.com/aep/errors/FLOW-1439-404","title":"Resource not found","status":404,
	 "report":{"detailed-message":"The requested flows resource 84224def-1e2a-4d95-9ea2-132d697ed2aa is not found. Verify the resource ID before trying again.",
	  "id":"84224def-1e2a-4d95-9ea2-132d697ed2aa","request-id":"{REQUEST_ID}","type":"flows"},
	 "errorMessage":"The requested flows resource 84224def-1e2a-4d95-9ea2-132d697ed2aa is not found. Verify the resource ID before trying again.",
	 "errorDetails":"The requested flows resource 84224def-1e2a-4d95-9ea2-132d697ed2aa is not found. Verify the resource ID before trying again."}`
	fsForbidden = `{"type":"https://ns.adobe.com/aep/errors/FLOW-2120-403","title":"Forbidden","status":403,
	 "report":{"detailed-message":"You do not have sufficient permissions to perform the operation. Please contact your administrator to resolve permissions and try again.","request-id":"{REQUEST_ID}"},
	 "errorMessage":"You do not have sufficient permissions to perform the operation. Please contact your administrator to resolve permissions and try again.",
	 "errorDetails":"You do not have sufficient permissions to perform the operation. Please contact your administrator to resolve permissions and try again."}`
	fsContentType    = `{"type":"/placeholder/type/uri","status":400,"title":"BadRequestError","detail":"A valid content-type must be specified"}`
	fsMappingCreate  = `{"version":0,"xdmSchema":"https://ns.adobe.com/acme/schemas/x","xdmVersion":"1.0","id":null,"mappings":[{"destinationXdmPath":"person.name.firstName","sourceAttribute":"first_name","identity":false,"identityGroup":null,"namespaceCode":null,"version":0}]}`
	fsMappingCreated = `{"id":"500a9b747fcf4908a21917d49bd61780","version":0,"createdDate":1591043336298,"modifiedDate":1591043336298,"createdBy":"{CREATED_BY}","modifiedBy":"{MODIFIED_BY}"}`
	fsExploreRoot    = `[{"type":"table","name":"ACME Spring Campaign","path":"acmeSpringCampaign","canPreview":true,"canFetchSchema":true},{"type":"table","name":"ACME Summer Campaign","path":"acmeSummerCampaign","canPreview":true,"canFetchSchema":true}]`
	fsExploreTable   = `{"format":"flat","schema":{"columns":[{"name":"TestID","type":"string","xdm":{"type":"string"}},{"name":"Datefield","type":"string","meta:xdmType":"date-time","xdm":{"type":"string","format":"date-time"}}]}}`
)

var flowServiceOperations = []string{
	"listConnectionSpecs", "getConnectionSpec",
	"listConnections", "createConnection", "getConnection", "updateConnection", "deleteConnection",
	"updateConnectionTrailingSlash", "deleteConnectionTrailingSlash", "connectionAction", "testConnection", "exploreConnection",
	"listSourceConnections", "createSourceConnection", "getSourceConnection", "updateSourceConnection", "deleteSourceConnection", "sourceConnectionAction",
	"listTargetConnections", "createTargetConnection", "getTargetConnection", "updateTargetConnection", "deleteTargetConnection", "targetConnectionAction",
	"listFlowSpecs", "getFlowSpec", "listFlows", "createFlow", "getFlow", "updateFlow", "deleteFlow", "flowAction",
	"listRuns", "getRun", "createDataSet", "getDataSet", "createMappingSet", "getMappingSet",
}

func TestFlowServiceContractLoads(t *testing.T) {
	parsed := parseContract(t, flowService, flowServiceOperations)

	// Every operation answers the gateway (400, 401, 403), not-found
	// sandboxes (404) and internal errors; writes with a body also 413,
	// PATCHes 412.
	for _, path := range parsed.Doc.Paths.InMatchingOrder() {
		for method, op := range parsed.Doc.Paths.Value(path).Operations() {
			for _, status := range []int{400, 401, 403, 404, 500} {
				assert.NotNil(t, op.Responses.Status(status), "%s %s declares %d", method, path, status)
			}
			if op.RequestBody != nil {
				assert.NotNil(t, op.Responses.Status(413), "%s %s declares 413", method, path)
			}
			if method == http.MethodPatch {
				assert.NotNil(t, op.Responses.Status(412), "%s %s declares 412", method, path)
			}
		}
	}
}

func TestFlowServiceContractExchanges(t *testing.T) {
	c := loadContract(t, flowService)
	const (
		fs    = "/data/foundation/flowservice"
		conn  = "/data/foundation/flowservice/connections/139f6a5f-a78b-4744-9f6a-5fa78bd74431"
		jtype = "application/json"
	)
	h := http.Header{"Authorization": {"Bearer {ACCESS_TOKEN}"}, "X-Api-Key": {"{API_KEY}"}, "X-Gw-Ims-Org-Id": {"{ORG_ID}"}, "X-Sandbox-Name": {"prod"}}
	ifMatch := http.Header{"Authorization": {"Bearer t"}, "X-Api-Key": {"k"}, "X-Gw-Ims-Org-Id": {"o"}, "If-Match": {`"1400dd53-0000-0200-0000-5f3f23450000"`}}
	created := http.Header{"Location": {"https://platform.adobe.io/data/foundation/flowservice/connections/2484f2df-c057-4ab5-84f2-dfc0577ab592"}}
	reqBad := want{side: contracts.Request}
	respBad := want{side: contracts.Response}
	tests := []exchange{
		{name: "create a base connection: the Zoho tutorial", method: http.MethodPost, target: fs + "/connections", reqType: jtype, reqBody: fsConnectionCreate, reqHeader: h,
			status: 201, respType: jtype, respHeader: created, respBody: fsCreated},
		{name: "create: draft mode", method: http.MethodPost, target: fs + "/connections?mode=draft", reqType: jtype, reqBody: fsConnectionCreate, reqHeader: h,
			status: 201, respType: jtype, respHeader: created, respBody: fsCreated},
		{name: "create: no Location", method: http.MethodPost, target: fs + "/connections", reqType: jtype, reqBody: fsConnectionCreate, reqHeader: h,
			status: 201, respType: jtype, respBody: fsCreated, want: respBad},
		{name: "create: an etag without its quotes", method: http.MethodPost, target: fs + "/connections", reqType: jtype, reqBody: fsConnectionCreate, reqHeader: h,
			status: 201, respType: jtype, respHeader: created, respBody: `{"id":"2484f2df-c057-4ab5-84f2-dfc0577ab592","etag":"10033e77-0000-0200-0000-5e96785b0000"}`, want: respBad},
		{name: "create: an uppercase id", method: http.MethodPost, target: fs + "/connections", reqType: jtype, reqBody: fsConnectionCreate, reqHeader: h,
			status: 201, respType: jtype, respHeader: created, respBody: `{"id":"2484F2DF-C057-4AB5-84F2-DFC0577AB592","etag":"\"10033e77-0000-0200-0000-5e96785b0000\""}`, want: respBad},
		{name: "create: no auth", method: http.MethodPost, target: fs + "/connections", reqType: jtype, reqHeader: h,
			reqBody: `{"name":"x","connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309"}}`,
			status:  400, respType: jtype, respBody: strings.ReplaceAll(fsNotFound, "1439-404", "1304-400"), want: reqBad},
		{name: "create: the Content-Type refusal", method: http.MethodPost, target: fs + "/connections", reqType: "text/plain", reqBody: fsConnectionCreate, reqHeader: h,
			status: 400, respType: jtype, respBody: fsContentType, want: reqBad},
		{name: "create: an undeclared status", method: http.MethodPost, target: fs + "/connections", reqType: jtype, reqBody: fsConnectionCreate, reqHeader: h,
			status: 409, respType: jtype, respBody: fsNotFound, want: want{side: contracts.Response, rule: "status"}},
		{name: "get a base connection: the Salesforce sample", method: http.MethodGet, target: conn, reqHeader: h,
			status: 200, respType: jtype, respBody: fsSalesforceConn},
		{name: "get: an unknown field", method: http.MethodGet, target: conn, reqHeader: h,
			status: 200, respType: jtype, respBody: strings.Replace(fsSalesforceConn, `"state":"enabled"`, `"state":"enabled","color":"blue"`, 1), want: respBad},
		{name: "get: an unknown state", method: http.MethodGet, target: conn, reqHeader: h,
			status: 200, respType: jtype, respBody: strings.Replace(fsSalesforceConn, `"state":"enabled"`, `"state":"broken"`, 1), want: respBad},
		{name: "get: not found", method: http.MethodGet, target: fs + "/flows/84224def-1e2a-4d95-9ea2-132d697ed2aa", reqHeader: h,
			status: 404, respType: jtype, respBody: fsNotFound},
		{name: "get: a wrong error prefix", method: http.MethodGet, target: fs + "/flows/84224def-1e2a-4d95-9ea2-132d697ed2aa", reqHeader: h,
			status: 404, respType: jtype, respBody: strings.Replace(fsNotFound, "FLOW-1439", "FLOWS-1439", 1), want: respBad},
		{name: "the gateway: token missing", method: http.MethodGet, target: fs + "/connections", reqHeader: http.Header{"X-Api-Key": {"k"}, "X-Gw-Ims-Org-Id": {"o"}},
			status: 403, respType: jtype, respBody: `{"error_code":"403010","message":"Oauth token is missing."}`},
		{name: "the gateway: token invalid", method: http.MethodGet, target: fs + "/connections", reqHeader: h,
			status: 401, respType: jtype, respBody: `{"error_code":"401013","message":"Oauth token is not valid"}`},
		{name: "the gateway: org header missing", method: http.MethodGet, target: fs + "/connections", reqHeader: http.Header{"Authorization": {"Bearer t"}, "X-Api-Key": {"k"}},
			status: 400, respType: jtype, respBody: `{"error_code":"400003","message":"Missing header"}`, want: reqBad},
		{name: "the gateway: an unknown code", method: http.MethodGet, target: fs + "/connections", reqHeader: h,
			status: 403, respType: jtype, respBody: `{"error_code":"403999","message":"?"}`, want: respBad},
		{name: "forbidden: FLOW-2120-403", method: http.MethodGet, target: fs + "/connections", reqHeader: h,
			status: 403, respType: jtype, respBody: fsForbidden},
		{name: "list: a filter, paging and count", method: http.MethodGet, target: fs + `/connections?property=state==enabled&property=name=="x"&limit=10&orderby=-createdAt`, reqHeader: h,
			status: 200, respType: jtype, respBody: `{"items":[],"_links":{"next":{"href":"/connections?continuationToken=abcdefghijkLMNOPqrstupWXKYZ"}}}`},
		{name: "list: count", method: http.MethodGet, target: fs + "/flows?property=state==enabled&count=true", reqHeader: h,
			status: 200, respType: jtype, respBody: `{"count":95}`},
		{name: "list: limit zero", method: http.MethodGet, target: fs + "/flows?limit=0", reqHeader: h,
			status: 400, respType: jtype, respBody: strings.ReplaceAll(fsNotFound, "1439-404", "1453-400"), want: reqBad},
		{name: "connection specs: HubSpot's real answer", method: http.MethodGet, target: fs + `/connectionSpecs?property=name=="hubspot"`, reqHeader: h,
			status: 200, respType: jtype, respBody: fsHubSpotSpecs},
		{name: "patch: the tutorial's array", method: http.MethodPatch, target: conn, reqType: jtype, reqBody: fsPatchTutorial, reqHeader: ifMatch,
			status: 200, respType: jtype, respBody: fsPatched},
		{name: "patch: Adobe's OpenAPI, one uppercase instruction", method: http.MethodPatch, target: conn + "/", reqType: jtype,
			reqBody: `{"op":"REPLACE","path":"/name","value":{"any":"object"}}`, reqHeader: ifMatch, status: 200, respType: jtype, respBody: fsPatched},
		{name: "patch: json-patch+json", method: http.MethodPatch, target: conn, reqType: "application/json-patch+json", reqBody: fsPatchTutorial, reqHeader: ifMatch,
			status: 200, respType: jtype, respBody: fsPatched},
		{name: "patch: stale", method: http.MethodPatch, target: conn, reqType: jtype, reqBody: fsPatchTutorial, reqHeader: ifMatch,
			status: 412, respType: jtype, respBody: strings.ReplaceAll(fsNotFound, "1439-404", "1404-412")},
		{name: "patch: move is not an op", method: http.MethodPatch, target: conn, reqType: jtype, reqHeader: ifMatch,
			reqBody: `[{"op":"move","from":"/a","path":"/b"}]`, status: 400, respType: jtype, respBody: strings.ReplaceAll(fsNotFound, "1439-404", "1434-400"), want: reqBad},
		{name: "patch: no If-Match", method: http.MethodPatch, target: conn, reqType: jtype, reqBody: fsPatchTutorial, reqHeader: h,
			status: 400, respType: jtype, respBody: strings.ReplaceAll(fsNotFound, "1439-404", "1403-400"), want: reqBad},
		{name: "delete", method: http.MethodDelete, target: conn, reqHeader: h, status: 204},
		{name: "delete: trailing slash", method: http.MethodDelete, target: conn + "/", reqHeader: h, status: 204},
		{name: "publish", method: http.MethodPost, target: conn + "/action?op=publish", reqHeader: h, status: 200, respType: jtype, respBody: fsPatched},
		{name: "test", method: http.MethodGet, target: conn + "/test", reqHeader: h, status: 200, respType: jtype, respBody: `{"result":true}`},
		{name: "explore: root, a bare array", method: http.MethodGet, target: conn + "/explore?objectType=root", reqHeader: h, status: 200, respType: jtype, respBody: fsExploreRoot},
		{name: "explore: a table, uppercase", method: http.MethodGet, target: conn + "/explore?objectType=TABLE&object=acmeSpringCampaign&preview=true", reqHeader: h,
			status: 200, respType: jtype, respBody: fsExploreTable},
		{name: "explore: an unknown object type", method: http.MethodGet, target: conn + "/explore?objectType=drawer", reqHeader: h,
			status: 400, respType: jtype, respBody: strings.ReplaceAll(fsNotFound, "1439-404", "1358-400"), want: reqBad},
		{name: "source connection: the CRM tutorial", method: http.MethodPost, target: fs + "/sourceConnections", reqType: jtype, reqBody: fsSourceCreate, reqHeader: h,
			status: 201, respType: jtype, respHeader: created, respBody: fsCreated},
		{name: "source connection: the real GET", method: http.MethodGet, target: fs + "/sourceConnections/56f7eb3a-b544-4eaa-b167-ef1711044c7a", reqHeader: h,
			status: 200, respType: jtype, respBody: fsSourceGet},
		{name: "target connection: the CRM tutorial", method: http.MethodPost, target: fs + "/targetConnections", reqType: jtype, reqBody: fsTargetCreate, reqHeader: h,
			status: 201, respType: jtype, respHeader: created, respBody: fsCreated},
		{name: "flow: the CRM tutorial, strings", method: http.MethodPost, target: fs + "/flows", reqType: jtype, reqBody: fsFlowCreate, reqHeader: h,
			status: 201, respType: jtype, respHeader: created, respBody: fsCreated},
		{name: "flow: integers", method: http.MethodPost, target: fs + "/flows", reqType: jtype, reqHeader: h,
			reqBody: strings.NewReplacer(`"1567411548"`, `1567411548`, `"30"`, `30`).Replace(fsFlowCreate), status: 201, respType: jtype, respHeader: created, respBody: fsCreated},
		{name: "flow: an interval in words", method: http.MethodPost, target: fs + "/flows", reqType: jtype, reqHeader: h,
			reqBody: strings.Replace(fsFlowCreate, `"30"`, `"thirty"`, 1), status: 400, respType: jtype, respBody: strings.ReplaceAll(fsNotFound, "1439-404", "1312-400"), want: reqBad},
		{name: "flow: the real GET", method: http.MethodGet, target: fs + "/flows/a7e88a01-40f9-4ebf-80b2-0fc838ff82ef", reqHeader: h,
			status: 200, respType: jtype, respBody: fsFlowGet},
		{name: "flow: enable", method: http.MethodPost, target: fs + "/flows/a7e88a01-40f9-4ebf-80b2-0fc838ff82ef/action?op=enable", reqHeader: h,
			status: 200, respType: jtype, respBody: fsPatched},
		{name: "flow spec by name", method: http.MethodGet, target: fs + `/flowSpecs?property=name=="CRMToAEP"`, reqHeader: h, status: 200, respType: jtype,
			respBody: `{"items":[{"id":"14518937-270c-4525-bdec-c2ba7cce3860","name":"CRMToAEP","providerId":"0ed90a81-07f4-4586-8190-b40eccef1c5a","version":"1.0",
			 "sourceConnectionSpecIds":["929e4450-0237-4ed2-9404-b7e1e0a00309"],"targetConnectionSpecIds":["c604ff05-7f1a-43c0-8e18-33bf874cb11c"]}]}`},
		{name: "runs: the monitoring tutorial", method: http.MethodGet, target: fs + "/runs?property=flowId==c9cef9cb-c934-4467-8ef9-cbc934546741", reqHeader: h,
			status: 200, respType: jtype, respBody: fsRuns},
		{name: "runs: a failed run", method: http.MethodGet, target: fs + "/runs/9830305a-985f-47d0-b030-5a985fd7d004", reqHeader: h,
			status: 200, respType: jtype, respBody: fsFailedRun},
		{name: "catalog: create a dataset", method: http.MethodPost, target: "/data/foundation/catalog/dataSets?requestDataSource=true", reqType: jtype, reqHeader: h,
			reqBody: `{"name":"LoyaltyMembersDataset","schemaRef":{"id":"https://ns.adobe.com/{TENANT_ID}/schemas/719c4e19184402c27595e65b931a142b","contentType":"application/vnd.adobe.xed+json;version=1"}}`,
			status:  201, respType: jtype, respBody: `["@/dataSets/5c8c3c555033b814b69f947f"]`},
		{name: "catalog: a dataset by id", method: http.MethodGet, target: "/data/foundation/catalog/dataSets/5ba9452f7de80400007fc52a?properties=name,description,state,tags,files", reqHeader: h,
			status: 200, respType: jtype, respBody: `{"5ba9452f7de80400007fc52a":{"name":"Sample Dataset","description":"Sample dataset containing important data.","state":"DRAFT","tags":{"adobe/pqs/table":["sample_dataset"]},"files":"@/dataSets/5ba9452f7de80400007fc52a/views/5ba9452f7de80400007fc52b/files"}}`},
		{name: "data prep: create a mapping set", method: http.MethodPost, target: "/data/foundation/conversion/mappingSets", reqType: jtype, reqHeader: h,
			reqBody: fsMappingCreate, status: 200, respType: jtype, respBody: fsMappingCreated},
		{name: "data prep: dates as date-times", method: http.MethodGet, target: "/data/foundation/conversion/mappingSets/500a9b747fcf4908a21917d49bd61780", reqHeader: h,
			status: 200, respType: jtype, respBody: `{"id":"500a9b747fcf4908a21917d49bd61780","version":0,"createdDate":"2020-11-25T20:24:27.968Z","modifiedDate":"2020-11-25T20:24:27.968Z","mappings":[]}`},
		{name: "no such path", method: http.MethodGet, target: fs + "/nothing", reqHeader: h, status: 404, respType: jtype, respBody: fsNotFound,
			want: want{side: contracts.Request, rule: "route"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := judgeExchange(t, c, tt)
			assertVerdict(t, v, tt.want)
			if tt.want.side == contracts.Request && tt.want.rule != "route" {
				assert.Falsef(t, hasSide(v, contracts.Response), "the answer is legal: %s", v.Summary())
			}
		})
	}
}

// fsIMS is Adobe IMS for the end-to-end check: one token, two sandboxes.
type fsIMS struct{}

func (fsIMS) Verify(token string) (flowservice.Identity, error) {
	if token != "tok" {
		return flowservice.Identity{}, errors.New("unknown token")
	}
	return flowservice.Identity{ClientID: "acme_client", OrgID: "ACME@AdobeOrg", UserID: "me@AdobeID"}, nil
}

func (fsIMS) Sandbox(_, name string) (flowservice.SandboxInfo, bool) {
	ids := map[string]string{"prod": "1bd86660-c5da-11e9-93d4-6d5fc3a66a8e", "dev": "7f3419ce-53e2-476b-b419-ce53e2376b02"}
	id, ok := ids[name]
	return flowservice.SandboxInfo{Name: name, ID: id, Type: "production"}, ok
}

// TestFlowServiceHonoursContract drives the emulator's Flow Service
// through the whole Zoho tutorial and checks every exchange against the
// contract: a mismatch here is a service bug or a contract bug.
func TestFlowServiceHonoursContract(t *testing.T) {
	c := loadContract(t, flowService)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	svc := flowservice.New(flowservice.Config{}, fsIMS{}, func() time.Time { return now })
	serve := func(t *testing.T, method, target, body string, extra ...string) map[string]any {
		t.Helper()
		req := newRequest(method, target, "", body, nil)
		req.Header.Set("Authorization", "Bearer tok")
		req.Header.Set("x-api-key", "acme_client")
		req.Header.Set("x-gw-ims-org-id", "ACME@AdobeOrg")
		req.Header.Set("x-sandbox-name", "prod")
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for i := 0; i+1 < len(extra); i += 2 {
			req.Header.Set(extra[i], extra[i+1])
		}
		rec, v := roundTrip(c, svc, req)
		assert.True(t, v.OK(), "%s %s -> %d: %s\n%s", method, target, rec.Code, v.Summary(), rec.Body.String())
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		return out
	}
	const fs = "/data/foundation/flowservice"
	base := serve(t, http.MethodPost, fs+"/connections", strings.NewReplacer("{ENDPOINT}", "crm.zoho.com/crm/private", "{ACCOUNTS_URL}", "https://accounts.zoho.com").Replace(fsConnectionCreate))
	baseID, baseEtag := base["id"].(string), base["etag"].(string)
	serve(t, http.MethodGet, fs+"/connections/"+baseID, "")
	serve(t, http.MethodGet, fs+"/connections?property=connectionSpec.id==929e4450-0237-4ed2-9404-b7e1e0a00309&limit=1", "")
	serve(t, http.MethodPatch, fs+"/connections/"+baseID, `[{"op":"replace","path":"/name","value":"renamed"}]`, "If-Match", baseEtag)
	serve(t, http.MethodPatch, fs+"/connections/"+baseID, `[{"op":"replace","path":"/name","value":"again"}]`, "If-Match", baseEtag)
	serve(t, http.MethodGet, fs+"/connections/"+baseID+"/explore?objectType=root", "")
	serve(t, http.MethodGet, fs+"/connections/"+baseID+"/test", "")
	serve(t, http.MethodGet, fs+`/flowSpecs?property=name=="CRMToAEP"`, "")
	serve(t, http.MethodGet, fs+"/connectionSpecs/929e4450-0237-4ed2-9404-b7e1e0a00309", "")

	ds := serve(t, http.MethodPost, "/data/foundation/catalog/dataSets", `{"name":"Leads","schemaRef":{"id":"https://ns.adobe.com/acme/schemas/leads","contentType":"application/vnd.adobe.xed+json;version=1"}}`)
	require.Nil(t, ds, "Catalog answers an array")
	dataset := func() string {
		req := httptest.NewRequest(http.MethodPost, "/data/foundation/catalog/dataSets", strings.NewReader(`{"name":"Leads","schemaRef":{"id":"https://ns.adobe.com/acme/schemas/leads"}}`))
		for k, v := range map[string]string{"Authorization": "Bearer tok", "x-api-key": "acme_client", "x-gw-ims-org-id": "ACME@AdobeOrg", "Content-Type": "application/json"} {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		svc.ServeHTTP(rec, req)
		var refs []string
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &refs))
		return strings.TrimPrefix(refs[0], "@/dataSets/")
	}()
	serve(t, http.MethodGet, "/data/foundation/catalog/dataSets/"+dataset, "")
	mapping := serve(t, http.MethodPost, "/data/foundation/conversion/mappingSets", strings.Replace(fsMappingCreate, "https://ns.adobe.com/acme/schemas/x", "https://ns.adobe.com/acme/schemas/leads", 1))["id"].(string)
	serve(t, http.MethodGet, "/data/foundation/conversion/mappingSets/"+mapping, "")
	src := serve(t, http.MethodPost, fs+"/sourceConnections", strings.NewReplacer("4cb0c374-d3bb-4557-b139-5712880adc55", baseID,
		"ccfc0fee1-7dc0-40ef-b73e-d8b134c436f5", "929e4450-0237-4ed2-9404-b7e1e0a00309").Replace(fsSourceCreate))["id"].(string)
	serve(t, http.MethodGet, fs+"/sourceConnections/"+src, "")
	tgt := serve(t, http.MethodPost, fs+"/targetConnections", strings.Replace(fsTargetCreate, "5c8c3c555033b814b69f947f", dataset, 1))["id"].(string)
	serve(t, http.MethodGet, fs+"/targetConnections/"+tgt, "")
	flowBody := strings.NewReplacer("9a603322-19d2-4de9-89c6-c98bd54eb184", src, "4ee890c7-519c-4291-bd20-d64186b62da8", tgt,
		"500a9b747fcf4908a21917d49bd61780", mapping, "1567411548", "1772449200").Replace(fsFlowCreate)
	flow := serve(t, http.MethodPost, fs+"/flows", flowBody)["id"].(string)
	serve(t, http.MethodPost, fs+"/flows", strings.Replace(flowBody, "1772449200", "1567411548", 1))
	serve(t, http.MethodGet, fs+"/flows/"+flow, "")
	serve(t, http.MethodPost, fs+"/flows/"+flow+"/action?op=disable", "")
	serve(t, http.MethodGet, fs+"/flows?property=state==disabled&count=true", "")
	_, err := svc.AddRun(flowservice.Tenant{Org: "ACME@AdobeOrg", Sandbox: "prod"}, flowservice.Run{FlowID: flow,
		Metrics: flowservice.RunMetrics{StatusSummary: flowservice.StatusSummary{Status: flowservice.RunInProgress}}})
	require.NoError(t, err)
	serve(t, http.MethodGet, fs+"/runs?property=flowId=="+flow, "")
	serve(t, http.MethodGet, fs+"/flows/"+flow, "")
	serve(t, http.MethodDelete, fs+"/connections/"+baseID, "")
	serve(t, http.MethodDelete, fs+"/flows/"+flow, "")
	serve(t, http.MethodDelete, fs+"/sourceConnections/"+src, "")
	serve(t, http.MethodDelete, fs+"/connections/"+baseID+"/", "")
	serve(t, http.MethodGet, fs+"/connections/"+baseID, "")
	serve(t, http.MethodGet, fs+"/connections", "", "x-sandbox-name", "staging")
	serve(t, http.MethodGet, fs+"/connections", "", "Authorization", "Bearer nope")
}

// TestFlowServiceContractRoutes: concrete URLs find their operations; the
// trailing-slash forms are operations of their own.
func TestFlowServiceContractRoutes(t *testing.T) {
	c := loadContract(t, flowService)
	const id = "139f6a5f-a78b-4744-9f6a-5fa78bd74431"
	for _, tt := range []struct{ method, target, op string }{
		{http.MethodGet, "/data/foundation/flowservice/connections/" + id, "getConnection"},
		{http.MethodPatch, "/data/foundation/flowservice/connections/" + id, "updateConnection"},
		{http.MethodPatch, "/data/foundation/flowservice/connections/" + id + "/", "updateConnectionTrailingSlash"},
		{http.MethodDelete, "/data/foundation/flowservice/connections/" + id + "/", "deleteConnectionTrailingSlash"},
		{http.MethodPost, "/data/foundation/flowservice/connections/" + id + "/action?op=publish", "connectionAction"},
		{http.MethodGet, "/data/foundation/flowservice/connections/" + id + "/explore?objectType=root", "exploreConnection"},
		{http.MethodGet, "/data/foundation/flowservice/runs/" + id, "getRun"},
		{http.MethodGet, "/data/foundation/catalog/dataSets/5c8c3c555033b814b69f947f", "getDataSet"},
		{http.MethodGet, "/data/foundation/conversion/mappingSets/500a9b747fcf4908a21917d49bd61780", "getMappingSet"},
		{http.MethodGet, "/data/foundation/flowservice/connections/" + id + "/", ""},
		{http.MethodPut, "/data/foundation/flowservice/connections/" + id, ""},
	} {
		req := httptest.NewRequest(tt.method, tt.target, nil)
		x := c.CheckRequest(context.Background(), req)
		assert.Equal(t, tt.op, x.Operation(), "%s %s", tt.method, tt.target)
	}
}
