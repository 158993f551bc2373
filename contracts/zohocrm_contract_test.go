package contracts_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
)

// zohoCRM is the contract's name (openapi/zoho-crm.yaml).
const zohoCRM = "zoho-crm"

// Real bodies from shared/reference/zoho-accounts-and-crm.md §11-§12 and
// Zoho's own OpenAPI examples (zoho/crm-oas v8.0).
const (
	crmLeadsV2 = `{"data":[{"Owner":{"name":"Patricia Boyle","id":"4918916000000319001","email":"patricia.boyle@zylker.com"},` +
		`"Company":"Rangoni Of Florence","Email":"christopher-maclead@noemail.invalid","$currency_symbol":"$",` +
		`"$field_states":null,"Last_Activity_Time":"2021-06-27T20:29:12-07:00","Industry":"Service Provider",` +
		`"$state":"save","Unsubscribed_Mode":null,"$converted":false,"$process_flow":false,` +
		`"Street":"37275 St Rt 17m M","Zip_Code":"11953","id":"4918916000000329425","$approved":true,` +
		`"$approval":{"delegate":false,"approve":false,"reject":false,"resubmit":false},` +
		`"Created_Time":"2021-06-27T18:48:29-07:00","$editable":true,"City":"Middle Island","No_of_Employees":null,` +
		`"State":"NY","Country":"United States",` +
		`"Created_By":{"name":"Patricia Boyle","id":"4918916000000319001","email":"patricia.boyle@zylker.com"},` +
		`"Annual_Revenue":850000,"Secondary_Email":null,"Description":null,"Rating":null,` +
		`"$review_process":{"approve":false,"reject":false,"resubmit":false},"Website":"https://rangoni.example",` +
		`"Twitter":null,"Salutation":"Mr.","First_Name":"Christopher","Full_Name":"Mr. Christopher Maclead",` +
		`"Lead_Status":"Contacted","Record_Image":null,` +
		`"Modified_By":{"name":"Patricia Boyle","id":"4918916000000319001","email":"patricia.boyle@zylker.com"},` +
		`"$review":null,"Skype_ID":null,"Phone":"555-555-5555","Email_Opt_Out":false,"Designation":"VP Accounting",` +
		`"Modified_Time":"2021-06-27T20:29:12-07:00","$converted_detail":{},"Unsubscribed_Time":null,` +
		`"Mobile":"555-555-5555","$orchestration":false,"Last_Name":"Maclead","$in_merge":false,` +
		`"Lead_Source":"Cold Call","Tag":[],"Fax":null,"$approval_state":"approved"}],` +
		`"info":{"per_page":200,"count":1,"page":1,"more_records":false}}`
	crmLeadsV7FirstPage = `{"data":[{"Converted_Date_Time":"2022-11-21T15:12:13+05:30","Email":null,"Last_Name":"test8000","id":"3652397000009851001","Record_Status__s":"Available","Converted__s":true}],` +
		`"info":{"call":false,"per_page":5,"next_page_token":"c8582xx9e7c7","count":5,"sort_by":"id","page":1,"previous_page_token":null,"page_token_expiry":"2022-11-11T15:08:14+05:30","sort_order":"desc","email":false,"more_records":true}}`
	crmLeadsV8LastPage = `{"data":[{"Last_Name":"test8000","id":"3652397000009851001"}],` +
		`"info":{"call":false,"per_page":200,"next_page_token":null,"count":1,"sort_by":"id","page":11,"previous_page_token":"c8582xx9e7c7","page_token_expiry":null,"sort_order":"desc","email":false,"more_records":false}}`
	crmModules = `{"modules":[{"has_more_profiles":false,"access_type":"org_based","private_profile":null,"global_search_supported":true,` +
		`"deletable":true,"description":null,"creatable":true,"recycle_bin_on_delete":true,"modified_time":"2024-07-16T05:56:33-07:00",` +
		`"plural_label":"Leads","presence_sub_menu":true,"actual_plural_label":"Leads","lookupable":true,"id":"5725767000000002175",` +
		`"isBlueprintSupported":true,"visibility":1,"convertable":true,"sub_menu_available":true,"editable":true,` +
		`"actual_singular_label":"Lead","profiles":[{"name":"Administrator","id":"5725767000000026011"}],"show_as_tab":true,` +
		`"web_link":null,"sequence_number":2,"singular_label":"Lead","viewable":true,"api_supported":true,"api_name":"Leads",` +
		`"quick_create":true,"modified_by":{"name":"Patricia Boyle","id":"5725767000000411001"},"generated_type":"default",` +
		`"feeds_required":false,"public_fields_configured":false,"arguments":[],"module_name":"Leads","profile_count":3,` +
		`"business_card_field_limit":5,"parent_module":{},"status":"visible"}]}`
	crmFields = `{"fields":[` +
		`{"api_name":"Owner","field_label":"Lead Owner","display_label":"Lead Owner","data_type":"ownerlookup","json_type":"jsonobject","length":120,"id":"5725767000000002589","custom_field":false,"read_only":false,"field_read_only":true,"visible":true,"system_mandatory":false,"pick_list_values":[],"lookup":{},"decimal_place":null,"created_source":"default","ui_type":8,"display_type":-1},` +
		`{"api_name":"Company","field_label":"Company","display_label":"Company","data_type":"text","json_type":"string","length":200,"id":"5725767000000002591","custom_field":false,"read_only":false,"field_read_only":false,"visible":true,"system_mandatory":false,"pick_list_values":[],"lookup":{},"convert_mapping":{"Contacts":null,"Deals":null,"Accounts":"Account_Name"},"ui_type":1,"display_type":-1}]}`
	crmUsers = `{"users":[{"country":"US","language":"en_US","id":"5725767000000411001","zuid":"808233918","full_name":"Patricia Boyle",` +
		`"first_name":"Patricia","last_name":"Boyle","email":"patricia.a+us@zohotest.com","status":"active","confirm":true,` +
		`"role":{"name":"CEO","id":"5725767000000026005"},"profile":{"name":"Administrator","id":"5725767000000026011"},` +
		`"time_zone":"America/Los_Angeles","locale":"en_US","date_format":"MMM d, yyyy","time_format":"hh:mm a",` +
		`"created_time":"2023-04-12T02:08:05-07:00","Modified_Time":"2024-12-31T01:59:14-08:00","type__s":"Regular User",` +
		`"Isonline":true,"offset":-28800000}],` +
		`"info":{"per_page":200,"count":1,"page":1,"more_records":false}}`
	crmOrg = `{"org":[{"country":null,"hierarchy_preferences":{"type":"Role_Hierarchy"},"photo_id":null,"city":null,"description":null,` +
		`"type":"production","mc_status":false,"gapps_enabled":false,"lite_users_enabled":false,"domain_name":"org808232144",` +
		`"translation_enabled":false,"street":null,"alias":null,"currency":"US Dollar - USD","deletable_org_account":false,` +
		`"id":"5725767000000020005","state":null,"fax":null,"employee_count":"1","zip":null,"created_time":"2023-04-12T02:08:05-07:00",` +
		`"website":null,"currency_symbol":"$","mobile":null,"currency_locale":"USD","primary_zuid":"808233918","zia_portal_id":"814461734",` +
		`"time_zone":"America/Los_Angeles","zgid":"808232144","country_code":"US","license_details":{"paid_expiry":"2025-04-11T17:00:00-07:00",` +
		`"users_license_purchased":10,"trial_type":null,"trial_expiry":null,"paid":true,"paid_type":"enterprise","portal_users_license_purchased":0},` +
		`"phone":"1226652","company_name":"zohoo","privacy_settings":false,"primary_email":"patricia+us@zohotest.com",` +
		`"hipaa_compliance_enabled":true,"iso_code":"USD"}]}`
	crmDeleted = `{"data":[` +
		`{"deleted_by":{"name":"Patricia Boyle","id":"410888000000086001"},"id":"410888000000099071","display_name":"Patricia","type":"recycle",` +
		`"created_by":{"name":"Patricia Boyle","id":"410888000000086001"},"deleted_time":"2015-06-19T11:19:38+05:30"},` +
		`{"deleted_by":null,"id":"410888000000680013","display_name":null,"type":"permanent","created_by":null,"deleted_time":"2016-10-26T11:44:15+05:30"}],` +
		`"info":{"per_page":200,"count":2,"page":1,"more_records":false}}`
	crmAdded = `{"code":"SUCCESS","details":{"Modified_Time":"2023-05-10T01:10:47-07:00","Modified_By":{"name":"Patricia Boyle","id":"5725767000000411001"},` +
		`"Created_Time":"2023-05-10T01:10:47-07:00","id":"5725767000000524157","Created_By":{"name":"Patricia Boyle","id":"5725767000000411001"},` +
		`"$approval_state":"approved"},"message":"record added","status":"success"}`
	crmUpdated = `{"code":"SUCCESS","details":{"Modified_Time":"2023-05-10T01:10:47-07:00","Modified_By":{"name":"Patricia Boyle","id":"5725767000000411001"},` +
		`"Created_Time":"2023-05-10T01:10:47-07:00","id":"111112000000142001","Created_By":{"name":"Patricia Boyle","id":"5725767000000411001"}},` +
		`"message":"record updated","status":"success"}`
	crmDeletedOne = `{"code":"SUCCESS","details":{"id":"410405000002264040"},"message":"record deleted","status":"success"}`
	crmFailedOne  = `{"code":"INVALID_DATA","details":{"api_name":"Last_Name","json_path":"$.data[1].Last_Name"},"message":"the field api name given seems to be invalid","status":"error"}`

	crmInvalidToken    = `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}`
	crmAuthFailure     = `{"code":"AUTHENTICATION_FAILURE","details":{},"message":"Authentication failed","status":"error"}`
	crmScopeMismatch   = `{"code":"OAUTH_SCOPE_MISMATCH","details":{},"message":"invalid oauth scope to access this URL","status":"error"}`
	crmNoPermission    = `{"code":"NO_PERMISSION","details":{"permissions":["Crm_Implied_Api_Access"]},"message":"permission denied","status":"error"}`
	crmInvalidURL      = `{"code":"INVALID_URL_PATTERN","details":{},"message":"Please check if the URL trying to access is a correct one","status":"error"}`
	crmTooMany         = `{"code":"TOO_MANY_REQUESTS","details":{},"message":"The number of API requests has exceeded the limit","status":"error"}`
	crmInternal        = `{"code":"INTERNAL_ERROR","details":{},"message":"Internal Server Error","status":"error"}`
	crmInvalidModule   = `{"code":"INVALID_MODULE","details":{"resource_path_index":0},"message":"the module name given seems to be invalid","status":"error"}`
	crmFieldsMissing   = `{"code":"REQUIRED_PARAM_MISSING","details":{"param_name":"fields"},"message":"required param is missing","status":"error"}`
	crmModuleMissing   = `{"code":"REQUIRED_PARAM_MISSING","details":{"param_name":"module"},"message":"required param is missing","status":"error"}`
	crmDiscreteLimit   = `{"code":"DISCRETE_PAGINATION_LIMIT_EXCEEDED","details":{"limit":2000},"message":"You can only get the first 2000 records without using page_token param.","status":"error"}`
	crmInvalidRecord   = `{"code":"INVALID_DATA","message":"invalid record id","details":{"resource_path_index":0},"status":"error"}`
	crmTokenMismatch   = `{"code":"TOKEN_BOUND_DATA_MISMATCH","details":{"param_name":"sort_by"},"message":"the value is not matched with the token","status":"error"}`
	crmLimitExceeded   = `{"code":"LIMIT_EXCEEDED","details":{"param_name":"per_page","limit":200},"message":"per_page limit exceeded","status":"error"}`
	crmAPINotSupported = `{"code":"API_NOT_SUPPORTED","details":{"supported_version":"v2.1"},"message":"the API is not supported in this version","status":"error"}`
)

var zohoCRMOperations = []string{
	"listModules", "getModule", "listFields", "listLayouts",
	"listRecords", "createRecords", "updateRecords", "deleteRecords",
	"getRecord", "updateRecord", "deleteRecord", "listDeletedRecords",
	"listUsers", "getUser", "getOrg",
}

func TestZohoCRMContractLoads(t *testing.T) {
	parsed := parseContract(t, zohoCRM, zohoCRMOperations)

	// Zoho-oauthtoken, applied globally.
	scheme := parsed.Doc.Components.SecuritySchemes["zohoOAuthToken"]
	require.NotNil(t, scheme)
	assert.Equal(t, "apiKey", scheme.Value.Type)
	assert.Equal(t, "header", scheme.Value.In)
	assert.Equal(t, "Authorization", scheme.Value.Name)
	require.Len(t, parsed.Doc.Security, 1)
	assert.Contains(t, parsed.Doc.Security[0], "zohoOAuthToken")

	// Every version from v2 to v8.
	version := parsed.Doc.Components.Parameters["Version"]
	require.NotNil(t, version)
	assert.ElementsMatch(t, []any{"v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"}, version.Value.Schema.Value.Enum)

	// Every operation declares each error status of the reference's table,
	// and every answer may carry X-API-CREDITS-REMAINING.
	for _, path := range parsed.Doc.Paths.InMatchingOrder() {
		require.True(t, strings.HasPrefix(path, "/crm/{version}/"), path)
		for method, op := range parsed.Doc.Paths.Value(path).Operations() {
			scopes, _ := op.Extensions["x-zohoaep-scopes"].([]any)
			assert.NotEmpty(t, scopes, "%s %s lists its scopes", method, path)
			for _, status := range []int{400, 401, 403, 404, 429, 500} {
				assert.NotNil(t, op.Responses.Status(status), "%s %s declares %d", method, path, status)
			}
			for code, resp := range op.Responses.Map() {
				assert.Contains(t, resp.Value.Headers, "X-API-CREDITS-REMAINING", "%s %s %s", method, path, code)
			}
		}
	}
}

// TestZohoCRMContractRoutes checks that concrete URLs find the right
// operation: the literal paths (settings, users, org) win over the module
// templates, and values the templates cannot hold are violations.
func TestZohoCRMContractRoutes(t *testing.T) {
	c := loadContract(t, zohoCRM)
	const (
		record = "123456789012345678"
		user   = "5725767000000411001"
		body   = `{"data":[{"id":"123456789012345678","Last_Name":"Maclead"}]}`
	)
	tests := []struct {
		method, target, body string
		op                   string // "" when no operation matches
		want                 want   // zero: the request is legal
	}{
		{method: http.MethodGet, target: "/crm/v2/settings/modules", op: "listModules"},
		{method: http.MethodGet, target: "/crm/v8/settings/modules?status=visible,user_hidden", op: "listModules"},
		{method: http.MethodGet, target: "/crm/v8/settings/modules/Leads", op: "getModule"},
		{method: http.MethodGet, target: "/crm/v2.1/settings/fields?module=Leads", op: "listFields"},
		{method: http.MethodGet, target: "/crm/v8/settings/layouts?module=Deals", op: "listLayouts"},
		{method: http.MethodGet, target: "/crm/v8/Leads?fields=Last_Name,Email", op: "listRecords"},
		{method: http.MethodGet, target: "/crm/v2/Vendors_X", op: "listRecords"},
		{method: http.MethodPost, target: "/crm/v8/Leads", body: body, op: "createRecords"},
		{method: http.MethodPut, target: "/crm/v8/Leads", body: body, op: "updateRecords"},
		{method: http.MethodDelete, target: "/crm/v8/Leads?ids=" + record + ",123456789012345679", op: "deleteRecords"},
		{method: http.MethodGet, target: "/crm/v8/Leads/" + record, op: "getRecord"},
		{method: http.MethodPut, target: "/crm/v8/Leads/" + record, body: body, op: "updateRecord"},
		{method: http.MethodDelete, target: "/crm/v8/Leads/" + record, op: "deleteRecord"},
		{method: http.MethodGet, target: "/crm/v8/Leads/deleted", op: "listDeletedRecords"},
		{method: http.MethodGet, target: "/crm/v8/Leads/deleted?type=recycle&page=2&per_page=100", op: "listDeletedRecords"},
		{method: http.MethodGet, target: "/crm/v2.1/users", op: "listUsers"},
		{method: http.MethodGet, target: "/crm/v8/users?type=CurrentUser", op: "listUsers"},
		{method: http.MethodGet, target: "/crm/v8/users/" + user, op: "getUser"},
		{method: http.MethodGet, target: "/crm/v7/org", op: "getOrg"},
		// Literal segments match case-sensitively, and only where the
		// path has them: these are module paths, with "Users" and "users"
		// taken as module api_names (Zoho has no such modules).
		{method: http.MethodGet, target: "/crm/v8/Users", op: "listRecords"},
		{method: http.MethodGet, target: "/crm/v8/users/deleted", op: "listDeletedRecords"},

		// The version must be one of Zoho's.
		{method: http.MethodGet, target: "/crm/v9/Leads", op: "listRecords",
			want: want{side: contracts.Request, rule: "parameter", where: "path.version"}},
		{method: http.MethodGet, target: "/crm/v1/org", op: "getOrg",
			want: want{side: contracts.Request, rule: "parameter", where: "path.version"}},
		// Settings Zoho serves but this contract does not fall to the record
		// template, where the id cannot be a word.
		{method: http.MethodGet, target: "/crm/v8/settings/profiles", op: "getRecord",
			want: want{side: contracts.Request}},
		// Literal paths only take their own methods.
		{method: http.MethodPost, target: "/crm/v8/settings/modules", want: want{side: contracts.Request, rule: "route"}},
		{method: http.MethodPost, target: "/crm/v8/users", want: want{side: contracts.Request, rule: "route"}},
		{method: http.MethodDelete, target: "/crm/v8/org", want: want{side: contracts.Request, rule: "route"}},
		{method: http.MethodPost, target: "/crm/v8/Leads/deleted", want: want{side: contracts.Request, rule: "route"}},
		{method: http.MethodPatch, target: "/crm/v8/Leads", want: want{side: contracts.Request, rule: "route"}},
		// Paths outside the contract.
		{method: http.MethodGet, target: "/crm/v8/settings/layouts/123", want: want{side: contracts.Request, rule: "route"}},
		{method: http.MethodGet, target: "/crm/v8/Leads/" + record + "/Notes", want: want{side: contracts.Request, rule: "route"}},
		{method: http.MethodGet, target: "/crm/v8", want: want{side: contracts.Request, rule: "route"}},
		{method: http.MethodGet, target: "/crm/v8/Leads/", want: want{side: contracts.Request, rule: "route"}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			var rd io.Reader
			if tt.body != "" {
				rd = strings.NewReader(tt.body)
			}
			req := httptest.NewRequest(tt.method, tt.target, rd)
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			x := c.CheckRequest(context.Background(), req)
			assert.Equal(t, tt.op, x.Operation())
			v := x.Verdict()
			if tt.want == (want{}) {
				assert.True(t, v.OK(), v.Summary())
				return
			}
			assert.Truef(t, crmHasViolation(v, tt.want), "want %s %s %s; got %s", tt.want.side, tt.want.rule, tt.want.where, v.Summary())
		})
	}
}

func TestZohoCRMContractExchanges(t *testing.T) {
	c := loadContract(t, zohoCRM)
	respBody := want{side: contracts.Response, rule: "body"}
	respStatus := want{side: contracts.Response, rule: "status"}
	reqBody := want{side: contracts.Request, rule: "body"}
	param := func(where string) want { return want{side: contracts.Request, rule: "parameter", where: where} }
	// badParam is a parameter that breaks its schema's pattern or bounds.
	// kin-openapi wraps those failures in a MultiError inside the
	// RequestError, and violations() flattens through it, so they come out
	// as rule "body" without the parameter's name; only the side is checked.
	badParam := func(string) want { return want{side: contracts.Request} }
	credits := func(n string) http.Header { return http.Header{"X-Api-Credits-Remaining": {n}} }
	const (
		leads     = "/crm/v8/Leads?fields=Last_Name,Email,Company"
		leadsV2   = "/crm/v2/Leads"
		oneLead   = "/crm/v8/Leads/4918916000000329425"
		since     = "2019-07-25T15:26:49+05:30"
		createOne = `{"data":[{"Last_Name":"Maclead","Company":"Rangoni Of Florence"}],"trigger":["workflow"]}`
		updateOne = `{"data":[{"id":"4918916000000329425","Lead_Status":"Contacted"}]}`
	)

	tests := []exchange{
		// settings/modules, settings/fields, settings/layouts.
		{name: "modules: the reference's v7 sample",
			method: http.MethodGet, target: "/crm/v7/settings/modules", status: 200, respType: jsonType, respBody: crmModules},
		{name: "modules: a module without api_name",
			method: http.MethodGet, target: "/crm/v7/settings/modules", status: 200, respType: jsonType,
			respBody: `{"modules":[{"id":"5725767000000002175","module_name":"Leads","singular_label":"Lead","plural_label":"Leads","api_supported":true,"generated_type":"default"}]}`,
			want:     respBody},
		{name: "modules: modified_time with milliseconds",
			method: http.MethodGet, target: "/crm/v7/settings/modules", status: 200, respType: jsonType,
			respBody: strings.Replace(crmModules, "2024-07-16T05:56:33-07:00", "2024-07-16T05:56:33.000-07:00", 1),
			want:     respBody},
		{name: "modules: an unknown status filter",
			method: http.MethodGet, target: "/crm/v8/settings/modules?status=archived", status: 400, respType: jsonType,
			respBody: `{"code":"INVALID_DATA","details":{"param_name":"status"},"message":"invalid data","status":"error"}`,
			want:     badParam("query.status")},
		{name: "module: one",
			method: http.MethodGet, target: "/crm/v8/settings/modules/Leads", status: 200, respType: jsonType, respBody: crmModules},
		{name: "module: unknown",
			method: http.MethodGet, target: "/crm/v8/settings/modules/Nope", status: 400, respType: jsonType, respBody: crmInvalidModule},
		{name: "fields: the reference's sample",
			method: http.MethodGet, target: "/crm/v8/settings/fields?module=Leads", status: 200, respType: jsonType, respBody: crmFields},
		{name: "fields: v2 lookup names its module by string",
			method: http.MethodGet, target: "/crm/v2/settings/fields?module=Contacts", status: 200, respType: jsonType,
			respBody: `{"fields":[{"api_name":"Account_Name","field_label":"Account Name","data_type":"lookup","json_type":"jsonobject","id":"5725767000000002601","lookup":{"display_label":"Account Name","api_name":"Account_Name","module":"Accounts","id":"5725767000000002603"}}]}`},
		{name: "fields: an unknown json_type",
			method: http.MethodGet, target: "/crm/v8/settings/fields?module=Leads", status: 200, respType: jsonType,
			respBody: `{"fields":[{"api_name":"Company","field_label":"Company","data_type":"text","json_type":"text","id":"5725767000000002591"}]}`,
			want:     respBody},
		{name: "fields: module missing, Zoho's error",
			method: http.MethodGet, target: "/crm/v8/settings/fields", status: 400, respType: jsonType, respBody: crmModuleMissing,
			want: param("query.module")},
		{name: "layouts",
			method: http.MethodGet, target: "/crm/v8/settings/layouts?module=Leads", status: 200, respType: jsonType,
			respBody: `{"layouts":[{"id":"5725767000000091055","name":"Standard","sections":[{"name":"Lead Information","fields":[{"api_name":"Company"}]}]}]}`},
		{name: "layouts: a layout without id",
			method: http.MethodGet, target: "/crm/v8/settings/layouts?module=Leads", status: 200, respType: jsonType,
			respBody: `{"layouts":[{"name":"Standard","sections":[]}]}`,
			want:     respBody},

		// Records: pages and their info.
		{name: "records: a v2 page with the four-key info",
			method: http.MethodGet, target: leadsV2, status: 200, respType: jsonType, respBody: crmLeadsV2},
		{name: "records: a v7 first page with a page token",
			method: http.MethodGet, target: "/crm/v7/Leads?fields=Last_Name&per_page=5", status: 200, respType: jsonType, respBody: crmLeadsV7FirstPage},
		{name: "records: a v8 last page reached by page_token",
			method: http.MethodGet, target: "/crm/v8/Leads?fields=Last_Name&page_token=c8582xx9e7c7", status: 200, respType: jsonType, respBody: crmLeadsV8LastPage,
			respHeader: credits("24750")},
		{name: "records: info mixing the two forms",
			method: http.MethodGet, target: leads, status: 200, respType: jsonType,
			respBody: `{"data":[{"id":"3652397000009851001"}],"info":{"per_page":200,"count":1,"page":1,"more_records":true,"next_page_token":"c8582xx9e7c7"}}`,
			want:     respBody},
		{name: "records: v8 info without previous_page_token",
			method: http.MethodGet, target: leads, status: 200, respType: jsonType,
			respBody: `{"data":[{"id":"3652397000009851001"}],"info":{"call":false,"per_page":200,"next_page_token":null,"count":1,"sort_by":"id","page":1,"page_token_expiry":null,"sort_order":"desc","email":false,"more_records":false}}`,
			want:     respBody},
		{name: "records: no info",
			method: http.MethodGet, target: leads, status: 200, respType: jsonType,
			respBody: `{"data":[{"id":"3652397000009851001"}]}`,
			want:     respBody},
		{name: "records: an empty page instead of a 204",
			method: http.MethodGet, target: leads, status: 200, respType: jsonType,
			respBody: `{"data":[],"info":{"per_page":200,"count":0,"page":1,"more_records":false}}`,
			want:     respBody},
		{name: "records: a record without id",
			method: http.MethodGet, target: leads, status: 200, respType: jsonType,
			respBody: `{"data":[{"Last_Name":"Maclead"}],"info":{"per_page":200,"count":1,"page":1,"more_records":false}}`,
			want:     respBody},
		{name: "records: a numeric id",
			method: http.MethodGet, target: leads, status: 200, respType: jsonType,
			respBody: `{"data":[{"id":4918916000000329425}],"info":{"per_page":200,"count":1,"page":1,"more_records":false}}`,
			want:     respBody},
		{name: "records: Modified_Time in UTC with Z",
			method: http.MethodGet, target: leads, status: 200, respType: jsonType,
			respBody: `{"data":[{"id":"4918916000000329425","Modified_Time":"2021-06-28T03:29:12Z"}],"info":{"per_page":200,"count":1,"page":1,"more_records":false}}`,
			want:     respBody},
		{name: "records: an owner without its id",
			method: http.MethodGet, target: leads, status: 200, respType: jsonType,
			respBody: `{"data":[{"id":"4918916000000329425","Owner":{"name":"Patricia Boyle"}}],"info":{"per_page":200,"count":1,"page":1,"more_records":false}}`,
			want:     respBody},
		{name: "records: no records (204)",
			method: http.MethodGet, target: leads + "&page=3", status: 204, respHeader: credits("100")},
		{name: "records: nothing modified (304)",
			method: http.MethodGet, target: leads, reqHeader: http.Header{"If-Modified-Since": {since}}, status: 304},
		{name: "records: If-Modified-Since in RFC 3339 UTC",
			method: http.MethodGet, target: leads, reqHeader: http.Header{"If-Modified-Since": {"2019-07-25T09:56:49Z"}}, status: 304},
		{name: "records: If-Modified-Since as an HTTP date",
			method: http.MethodGet, target: leads, reqHeader: http.Header{"If-Modified-Since": {"Thu, 25 Jul 2019 09:56:49 GMT"}}, status: 304,
			want: badParam("header.If-Modified-Since")},
		{name: "records: every query parameter",
			method: http.MethodGet, target: leads + "&page=2&per_page=200&sort_by=Modified_Time&sort_order=asc&converted=both&approved=true&include_child=true&territory_id=5725767000000123001&ids=4918916000000329425,4918916000000329426",
			status: 200, respType: jsonType, respBody: crmLeadsV8LastPage},
		{name: "records: per_page above 200",
			method: http.MethodGet, target: leads + "&per_page=201", status: 400, respType: jsonType, respBody: crmLimitExceeded,
			want: badParam("query.per_page")},
		{name: "records: page 0",
			method: http.MethodGet, target: leads + "&page=0", status: 400, respType: jsonType, respBody: crmLimitExceeded,
			want: badParam("query.page")},
		{name: "records: sort_by a field",
			method: http.MethodGet, target: leads + "&sort_by=Last_Name", status: 400, respType: jsonType,
			respBody: `{"code":"INVALID_DATA","details":{"param_name":"sort_by","supported_values":["id","Created_Time","Modified_Time"]},"message":"invalid data","status":"error"}`,
			want:     param("query.sort_by")},
		{name: "records: converted=maybe",
			method: http.MethodGet, target: leads + "&converted=maybe", status: 400, respType: jsonType,
			respBody: `{"code":"INVALID_DATA","details":{"param_name":"converted"},"message":"invalid data","status":"error"}`,
			want:     param("query.converted")},
		{name: "records: ids that are not ids",
			method: http.MethodGet, target: leads + "&ids=abc", status: 400, respType: jsonType,
			respBody: `{"code":"INVALID_DATA","details":{"param_name":"ids"},"message":"invalid data","status":"error"}`,
			want:     badParam("query.ids")},

		// Records: each error status of the reference's table.
		{name: "records: v7 without fields",
			method: http.MethodGet, target: "/crm/v7/Leads", status: 400, respType: jsonType, respBody: crmFieldsMissing},
		{name: "records: past the discrete cap",
			method: http.MethodGet, target: leads + "&page=11", status: 400, respType: jsonType, respBody: crmDiscreteLimit},
		{name: "records: a page token with other parameters",
			method: http.MethodGet, target: leads + "&page_token=c8582xx9e7c7&sort_by=Created_Time", status: 400, respType: jsonType, respBody: crmTokenMismatch},
		{name: "records: the other 400 codes",
			method: http.MethodGet, target: "/crm/v3/Activities", status: 400, respType: jsonType, respBody: crmAPINotSupported},
		{name: "records: an unknown module",
			method: http.MethodGet, target: "/crm/v8/Nope?fields=id", status: 400, respType: jsonType, respBody: crmInvalidModule},
		{name: "records: expired token",
			method: http.MethodGet, target: leads, status: 401, respType: jsonType, respBody: crmInvalidToken},
		{name: "records: no Authorization header",
			method: http.MethodGet, target: leads, status: 401, respType: jsonType, respBody: crmAuthFailure},
		{name: "records: scope not granted",
			method: http.MethodGet, target: leads, status: 401, respType: jsonType, respBody: crmScopeMismatch},
		{name: "records: no permission",
			method: http.MethodGet, target: leads, status: 403, respType: jsonType, respBody: crmNoPermission},
		{name: "records: not a URL of Zoho's",
			method: http.MethodGet, target: "/crm/v8/settings/profiles", status: 404, respType: jsonType, respBody: crmInvalidURL,
			want: badParam("path.record_id")},
		{name: "records: credits spent",
			method: http.MethodGet, target: leads, status: 429, respType: jsonType, respBody: crmTooMany, respHeader: credits("0")},
		{name: "records: internal error",
			method: http.MethodGet, target: leads, status: 500, respType: jsonType, respBody: crmInternal},
		{name: "records: an unknown version, Zoho's 404",
			method: http.MethodGet, target: "/crm/v9/Leads", status: 404, respType: jsonType, respBody: crmInvalidURL,
			want: param("path.version")},

		// Errors that break the envelope or the status table.
		{name: "error: details missing",
			method: http.MethodGet, target: leads, status: 401, respType: jsonType,
			respBody: `{"code":"INVALID_TOKEN","message":"invalid oauth token","status":"error"}`,
			want:     respBody},
		{name: "error: status failure",
			method: http.MethodGet, target: leads, status: 401, respType: jsonType,
			respBody: `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"failure"}`,
			want:     respBody},
		{name: "error: an extra key",
			method: http.MethodGet, target: leads, status: 401, respType: jsonType,
			respBody: `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error","error":"invalid_token"}`,
			want:     respBody},
		{name: "error: Accounts' envelope on CRM",
			method: http.MethodGet, target: leads, status: 401, respType: jsonType, respBody: `{"error":"invalid_oauthtoken"}`,
			want: respBody},
		{name: "error: a 403 code with 401",
			method: http.MethodGet, target: leads, status: 401, respType: jsonType, respBody: crmNoPermission,
			want: respBody},
		{name: "error: a 401 code with 400",
			method: http.MethodGet, target: leads, status: 400, respType: jsonType, respBody: crmInvalidToken,
			want: respBody},
		{name: "error: 429 with another code",
			method: http.MethodGet, target: leads, status: 429, respType: jsonType, respBody: crmInternal,
			want: respBody},
		{name: "error: a plain-text 500",
			method: http.MethodGet, target: leads, status: 500, respType: "text/plain", respBody: "Internal Server Error",
			want: respBody},
		{name: "status: 418 is not Zoho's",
			method: http.MethodGet, target: leads, status: 418, respType: jsonType, respBody: crmInternal,
			want: respStatus},
		{name: "status: 405 for a wrong verb (Zoho sends 400 INVALID_REQUEST_METHOD)",
			method: http.MethodGet, target: "/crm/v8/org", status: 405, respType: jsonType,
			respBody: `{"code":"INVALID_REQUEST_METHOD","details":{},"message":"The http request method type is not a valid one","status":"error"}`,
			want:     respStatus},
		{name: "status: 400 INVALID_REQUEST_METHOD",
			method: http.MethodGet, target: "/crm/v8/org", status: 400, respType: jsonType,
			respBody: `{"code":"INVALID_REQUEST_METHOD","details":{},"message":"The http request method type is not a valid one","status":"error"}`},
		{name: "status: 201 on a read",
			method: http.MethodGet, target: leads, status: 201, respType: jsonType, respBody: crmLeadsV8LastPage,
			want: respStatus},
		{name: "header: credits not a number",
			method: http.MethodGet, target: leads, status: 200, respType: jsonType, respBody: crmLeadsV8LastPage, respHeader: credits("lots"),
			want: want{side: contracts.Response}},

		// One record.
		{name: "record: one",
			method: http.MethodGet, target: oneLead, status: 200, respType: jsonType,
			respBody: `{"data":[{"id":"4918916000000329425","Last_Name":"Maclead","Created_Time":"2021-06-27T18:48:29-07:00","$has_more":{"Tag":false}}]}`},
		{name: "record: with info",
			method: http.MethodGet, target: oneLead, status: 200, respType: jsonType, respBody: crmLeadsV2,
			want: respBody},
		{name: "record: unknown id (204)",
			method: http.MethodGet, target: "/crm/v8/Leads/4918916000000999999", status: 204},
		{name: "record: not modified (304)",
			method: http.MethodGet, target: oneLead, reqHeader: http.Header{"If-Modified-Since": {since}}, status: 304},

		// Writes.
		{name: "create: one added (201)",
			method: http.MethodPost, target: "/crm/v8/Leads", reqType: "application/json", reqBody: createOne,
			status: 201, respType: jsonType, respBody: `{"data":[` + crmAdded + `]}`},
		{name: "create: one added, one failed (207)",
			method: http.MethodPost, target: "/crm/v8/Leads", reqType: "application/json", reqBody: createOne,
			status: 207, respType: jsonType, respBody: `{"data":[` + crmAdded + `,` + crmFailedOne + `]}`},
		{name: "create: all failed (400)",
			method: http.MethodPost, target: "/crm/v8/Leads", reqType: "application/json", reqBody: createOne,
			status: 400, respType: jsonType, respBody: `{"data":[` + crmFailedOne + `]}`},
		{name: "create: refused as a whole (400)",
			method: http.MethodPost, target: "/crm/v8/Nope", reqType: "application/json", reqBody: createOne,
			status: 400, respType: jsonType, respBody: crmInvalidModule},
		{name: "create: a failure inside a 201",
			method: http.MethodPost, target: "/crm/v8/Leads", reqType: "application/json", reqBody: createOne,
			status: 201, respType: jsonType, respBody: `{"data":[` + crmAdded + `,` + crmFailedOne + `]}`,
			want: respBody},
		{name: "create: answered with update's message",
			method: http.MethodPost, target: "/crm/v8/Leads", reqType: "application/json", reqBody: createOne,
			status: 201, respType: jsonType, respBody: `{"data":[` + strings.Replace(crmAdded, "record added", "record updated", 1) + `]}`,
			want: respBody},
		{name: "create: answered with 200",
			method: http.MethodPost, target: "/crm/v8/Leads", reqType: "application/json", reqBody: createOne,
			status: 200, respType: jsonType, respBody: `{"data":[` + crmAdded + `]}`,
			want: respStatus},
		{name: "create: details without Created_Time",
			method: http.MethodPost, target: "/crm/v8/Leads", reqType: "application/json", reqBody: createOne,
			status: 201, respType: jsonType, respBody: `{"data":[` + strings.Replace(crmAdded, `"Created_Time"`, `"Created"`, 1) + `]}`,
			want: respBody},
		{name: "create: a body without data",
			method: http.MethodPost, target: "/crm/v8/Leads", reqType: "application/json", reqBody: `{"Last_Name":"Maclead"}`,
			status: 400, respType: jsonType,
			respBody: `{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"data"},"message":"required field not found","status":"error"}`,
			want:     reqBody},
		{name: "create: more than 100 records",
			method: http.MethodPost, target: "/crm/v8/Leads", reqType: "application/json",
			reqBody: `{"data":[` + strings.Repeat(`{"Last_Name":"x"},`, 100) + `{"Last_Name":"x"}]}`,
			status:  400, respType: jsonType,
			respBody: `{"code":"LIMIT_EXCEEDED","details":{"limit":100},"message":"the number of records exceeds the limit","status":"error"}`,
			want:     reqBody},
		{name: "create: an unknown trigger",
			method: http.MethodPost, target: "/crm/v8/Leads", reqType: "application/json",
			reqBody: `{"data":[{"Last_Name":"x"}],"trigger":["everything"]}`,
			status:  400, respType: jsonType,
			respBody: `{"code":"INVALID_DATA","details":{"api_name":"trigger"},"message":"invalid data","status":"error"}`,
			want:     reqBody},
		{name: "update: all updated (200)",
			method: http.MethodPut, target: "/crm/v8/Leads", reqType: "application/json", reqBody: updateOne,
			status: 200, respType: jsonType, respBody: `{"data":[` + crmUpdated + `]}`},
		{name: "update: mixed (207)",
			method: http.MethodPut, target: "/crm/v8/Leads", reqType: "application/json", reqBody: updateOne,
			status: 207, respType: jsonType, respBody: `{"data":[` + crmUpdated + `,` + crmFailedOne + `]}`},
		{name: "update: a record without id",
			method: http.MethodPut, target: "/crm/v8/Leads", reqType: "application/json", reqBody: createOne,
			status: 400, respType: jsonType,
			respBody: `{"data":[{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"id","json_path":"$.data[0].id"},"message":"required field not found","status":"error"}]}`,
			want:     reqBody},
		{name: "update one: updated",
			method: http.MethodPut, target: oneLead, reqType: "application/json", reqBody: `{"data":[{"Lead_Status":"Contacted"}]}`,
			status: 200, respType: jsonType, respBody: `{"data":[` + crmUpdated + `]}`},
		{name: "update one: an unknown id",
			method: http.MethodPut, target: oneLead, reqType: "application/json", reqBody: `{"data":[{"Lead_Status":"Contacted"}]}`,
			status: 400, respType: jsonType, respBody: crmInvalidRecord},
		{name: "delete: all deleted (200)",
			method: http.MethodDelete, target: "/crm/v8/Leads?ids=410405000002264040", status: 200, respType: jsonType,
			respBody: `{"data":[` + crmDeletedOne + `]}`},
		{name: "delete: mixed (207)",
			method: http.MethodDelete, target: "/crm/v8/Leads?ids=410405000002264040,4150868000005067099", status: 207, respType: jsonType,
			respBody: `{"data":[` + crmDeletedOne + `,{"status":"error","code":"INVALID_DATA","message":"record not deleted","details":{"id":"4150868000005067099"}}]}`},
		{name: "delete: details with more than the id",
			method: http.MethodDelete, target: "/crm/v8/Leads?ids=410405000002264040", status: 200, respType: jsonType,
			respBody: `{"data":[` + crmAdded + `]}`,
			want:     respBody},
		{name: "delete: ids missing",
			method: http.MethodDelete, target: "/crm/v8/Leads", status: 400, respType: jsonType,
			respBody: `{"code":"REQUIRED_PARAM_MISSING","details":{"param_name":"ids"},"message":"required param is missing","status":"error"}`,
			want:     param("query.ids")},
		{name: "delete one: deleted",
			method: http.MethodDelete, target: "/crm/v8/Leads/410405000002264040", status: 200, respType: jsonType,
			respBody: `{"data":[` + crmDeletedOne + `]}`},
		{name: "delete one: an unknown id",
			method: http.MethodDelete, target: "/crm/v8/Leads/410405000002264040", status: 400, respType: jsonType, respBody: crmInvalidRecord},

		// Deleted records.
		{name: "deleted: recycle and permanent",
			method: http.MethodGet, target: "/crm/v8/Leads/deleted?type=all", status: 200, respType: jsonType, respBody: crmDeleted},
		{name: "deleted: none (204)",
			method: http.MethodGet, target: "/crm/v8/Leads/deleted", status: 204},
		{name: "deleted: none since (304)",
			method: http.MethodGet, target: "/crm/v8/Leads/deleted", reqHeader: http.Header{"If-Modified-Since": {since}}, status: 304},
		{name: "deleted: an unknown type",
			method: http.MethodGet, target: "/crm/v8/Leads/deleted?type=trash", status: 400, respType: jsonType,
			respBody: `{"code":"PATTERN_NOT_MATCHED","details":{"param_name":"type"},"message":"Please check whether the input values are correct","status":"error"}`,
			want:     param("query.type")},
		{name: "deleted: the page-token info",
			method: http.MethodGet, target: "/crm/v8/Leads/deleted", status: 200, respType: jsonType,
			respBody: strings.Replace(crmDeleted, `"info":{"per_page":200,"count":2,"page":1,"more_records":false}`,
				`"info":{"call":false,"per_page":200,"next_page_token":null,"count":2,"sort_by":"id","page":1,"previous_page_token":null,"page_token_expiry":null,"sort_order":"desc","email":false,"more_records":false}`, 1),
			want: respBody},
		{name: "deleted: a type outside recycle and permanent",
			method: http.MethodGet, target: "/crm/v8/Leads/deleted", status: 200, respType: jsonType,
			respBody: strings.Replace(crmDeleted, `"type":"recycle"`, `"type":"all"`, 1),
			want:     respBody},

		// Users and org.
		{name: "users: current user, the reference's sample",
			method: http.MethodGet, target: "/crm/v8/users?type=CurrentUser", status: 200, respType: jsonType, respBody: crmUsers},
		{name: "users: every type",
			method: http.MethodGet, target: "/crm/v2/users?type=ActiveConfirmedAdmins&page=1&per_page=200", status: 200, respType: jsonType, respBody: crmUsers},
		{name: "users: an unknown type",
			method: http.MethodGet, target: "/crm/v8/users?type=SomeUsers", status: 400, respType: jsonType,
			respBody: `{"code":"INVALID_DATA","details":{"param_name":"type"},"message":"invalid data","status":"error"}`,
			want:     param("query.type")},
		{name: "users: none deleted (204)",
			method: http.MethodGet, target: "/crm/v8/users?type=DeletedUsers", status: 204},
		{name: "users: not modified (304)",
			method: http.MethodGet, target: "/crm/v8/users", reqHeader: http.Header{"If-Modified-Since": {since}}, status: 304},
		{name: "users: without info",
			method: http.MethodGet, target: "/crm/v8/users", status: 200, respType: jsonType,
			respBody: `{"users":[{"id":"5725767000000411001","full_name":"Patricia Boyle","email":"patricia.a+us@zohotest.com"}]}`,
			want:     respBody},
		{name: "user: one",
			method: http.MethodGet, target: "/crm/v8/users/5725767000000411001", status: 200, respType: jsonType,
			respBody: `{"users":[{"id":"5725767000000411001","zuid":"808233918","full_name":"Patricia Boyle","email":"patricia.a+us@zohotest.com","status":"active"}]}`},
		{name: "org: the reference's sample",
			method: http.MethodGet, target: "/crm/v8/org", status: 200, respType: jsonType, respBody: crmOrg},
		{name: "org: without id",
			method: http.MethodGet, target: "/crm/v8/org", status: 200, respType: jsonType,
			respBody: `{"org":[{"company_name":"zohoo","time_zone":"America/Los_Angeles"}]}`,
			want:     respBody},
		{name: "org: v2.1 on another host",
			method: http.MethodGet, target: "/crm/v2.1/org", status: 400, respType: jsonType,
			respBody: `{"code":"INVALID_HOST","details":{},"message":"invalid host","status":"error"}`},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := judgeExchange(t, c, tt)
			assertVerdict(t, v, tt.want)
			if tt.want.side == contracts.Request {
				// A bad request still gets Zoho's own, legal answer.
				assert.Falsef(t, hasSide(v, contracts.Response), "the answer is legal: %s", v.Summary())
			}
		})
	}
}
