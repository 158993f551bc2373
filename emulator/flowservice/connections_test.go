package flowservice_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

var (
	uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	etagRE = regexp.MustCompile(`^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$`)
)

// TestCreateConnection: the Zoho tutorial's request gets 201 {"id","etag"}
// with a Location, and GET shows the document with its audit fields and
// the secrets masked.
func TestCreateConnection(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	rec := w.do(t, post(fs+"/connections", zohoConnection("Zoho CRM base connection")))
	id, etag := created(t, rec)
	assert.Regexp(t, uuidV4, id)
	assert.Regexp(t, etagRE, etag)
	assert.Equal(t, base+fs+"/connections/"+id, rec.Header().Get("Location"))
	// The etag's last 12 digits are the virtual clock's Unix seconds.
	assert.True(t, strings.HasSuffix(etag, "69a55fa00000\""), etag)

	got := item(t, w.do(t, get(fs+"/connections/"+id)))
	assert.Equal(t, id, got["id"])
	assert.Equal(t, etag, got["etag"])
	assert.Equal(t, etag, got["version"], "version == etag")
	assert.Equal(t, "enabled", got["state"])
	assert.Equal(t, "Zoho CRM base connection", got["name"])
	assert.Equal(t, "1772445600000", string(got["createdAt"].(json.Number)), "epoch ms on the virtual clock")
	assert.Equal(t, user, got["createdBy"])
	assert.Equal(t, user, got["updatedBy"])
	assert.Equal(t, apiKey, got["createdClient"])
	assert.Equal(t, "prod", got["sandboxName"])
	assert.Equal(t, prodID, got["sandboxId"])
	assert.Equal(t, org, got["imsOrgId"])
	assert.Equal(t, map[string]any{"id": flowservice.SpecZohoCRM, "version": "1.0"}, got["connectionSpec"])
	auth := got["auth"].(map[string]any)
	assert.Equal(t, "Basic Authentication", auth["specName"])
	assert.Equal(t, map[string]any{
		"endpoint": "crm.zoho.com/crm/private", "accountsUrl": "https://accounts.zoho.com",
		"clientId":     "1000.0SQKHCOMCQOBELBGMDTL9K1904GNIX",
		"clientSecret": "********", "accessToken": "********", "refreshToken": "********",
	}, auth["params"])

	// The Go API has the secrets.
	conn, ok := w.svc.Connection(tenantProd, id)
	require.True(t, ok)
	assert.Equal(t, "883e9bf021e43cb0b4147a2353319f4be8167138e5", conn.Auth.Params["clientSecret"])

	// A service token's documents name its client.
	id2, _ := created(t, w.do(t, post(fs+"/connections", zohoConnection("by service")).as(tokService)))
	assert.Equal(t, apiKey, item(t, w.do(t, get(fs+"/connections/"+id2)))["createdBy"])
}

// TestSecretsConfig: the masking choices.
func TestSecretsConfig(t *testing.T) {
	for _, tt := range []struct {
		cfg  flowservice.Config
		want any // clientSecret as GET shows it; nil: left out
	}{
		{flowservice.Config{}, "********"},
		{flowservice.Config{SecretMask: "{SECRET}"}, "{SECRET}"},
		{flowservice.Config{Secrets: flowservice.SecretsOmit}, nil},
		{flowservice.Config{Secrets: flowservice.SecretsPlain}, "883e9bf021e43cb0b4147a2353319f4be8167138e5"},
	} {
		w := newWorld(t, tt.cfg)
		id, _ := created(t, w.do(t, post(fs+"/connections", zohoConnection("x"))))
		params := item(t, w.do(t, get(fs+"/connections/"+id)))["auth"].(map[string]any)["params"].(map[string]any)
		assert.Equal(t, tt.want, params["clientSecret"], "%+v", tt.cfg)
		assert.Equal(t, "1000.0SQKHCOMCQOBELBGMDTL9K1904GNIX", params["clientId"], "not a secret")
	}
}

// TestCreateConnectionRefusals: every refusal of a create, in Adobe's
// codes.
func TestCreateConnectionRefusals(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	withParams := func(params string) string {
		return `{"name":"x","auth":{"specName":"Basic Authentication","params":` + params + `},"connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309"}}`
	}
	all := `"endpoint":"e","accountsUrl":"a","clientId":"c","clientSecret":"s","accessToken":"t"`
	tests := []struct {
		name, body string
		code       string
		bad        bool
		message    string
	}{
		{"empty body", "", "1405-400", true, "The request body cannot be null or empty. Please provide a request body and try again."},
		{"null body", "null", "1405-400", true, ""},
		{"malformed JSON", `{"name":`, "1000-400", true, ""},
		{"two documents", zohoConnection("x") + " {}", "1000-400", false, ""},
		{"an array", `[]`, "1014-400", true, ""},
		{"no name", `{"auth":{"specName":"Basic Authentication","params":{}},"connectionSpec":{"id":"x"}}`, "1304-400", true,
			"The mandatory field name is not provided. Please provide the name and try again."},
		{"name of the wrong type", `{"name":5,"auth":{},"connectionSpec":{"id":"x"}}`, "1014-400", true, ""},
		{"no connection spec", `{"name":"x","auth":{"specName":"Basic Authentication","params":{}}}`, "1304-400", true, ""},
		{"unknown connection spec", `{"name":"x","auth":{"specName":"Basic Authentication","params":{}},"connectionSpec":{"id":"ccfc0fee1-7dc0-40ef-b73e-d8b134c436f5"}}`,
			"1413-400", false, "The spec ID provided is  invalid. Please provide a valid spec ID and try again."},
		{"unknown spec version", `{"name":"x","auth":{"specName":"Basic Authentication","params":{}},"connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309","version":"2.0"}}`,
			"1413-400", false, ""},
		{"no auth", `{"name":"x","connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309"}}`, "1304-400", true, ""},
		{"unknown auth spec", `{"name":"x","auth":{"specName":"authConnection","params":{}},"connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309"}}`,
			"1415-400", false, "The auth spec 'authConnection' could not be found for the connection spec ID 929e4450-0237-4ed2-9404-b7e1e0a00309."},
		{"the SDK's OAuth spec is not Zoho's", `{"name":"x","auth":{"specName":"OAuth2 Refresh Code","params":{}},"connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309"}}`,
			"1415-400", false, ""},
		{"no params", `{"name":"x","auth":{"specName":"Basic Authentication"},"connectionSpec":{"id":"929e4450-0237-4ed2-9404-b7e1e0a00309"}}`, "1304-400", true, ""},
		{"no refresh token", withParams(`{` + all + `}`), "1304-400", false,
			"The mandatory field refreshToken is not provided. Please provide the refreshToken and try again."},
		{"empty refresh token", withParams(`{` + all + `,"refreshToken":""}`), "1304-400", false, ""},
		{"a number for a string", withParams(`{` + all + `,"refreshToken":42}`), "1312-400", false,
			"The provided param value 42 is not a valid input for property=refreshToken. Please provide a valid param value and try again."},
		{"bad mode", zohoConnection("x"), "1453-400", true, "Invalid query value mode=final provided in query param."},
		{"the data lake has no auth spec", `{"name":"x","auth":{"specName":"Basic Authentication","params":{}},"connectionSpec":{"id":"c604ff05-7f1a-43c0-8e18-33bf874cb11c"}}`,
			"1415-400", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.snapshot(t)
			path := fs + "/connections"
			if tt.name == "bad mode" {
				path += "?mode=final"
			}
			r := post(path, tt.body)
			if tt.bad {
				r = r.badReq()
			}
			m := flowError(t, w.do(t, r), tt.code)
			if tt.message != "" {
				assert.Equal(t, tt.message, m["errorMessage"])
			}
			assert.Equal(t, before, w.snapshot(t), "a refusal stores nothing")
		})
	}
}

// TestOtherSources: the catalogue's other sources take their own auth specs.
func TestOtherSources(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	sf := `{"name":"E2E_SF Base_Connection","auth":{"specName":"Basic Authentication","params":{"securityToken":"tok","password":"pw","username":"my-salesforce-account","environmentUrl":"login.salesforce.com"}},"connectionSpec":{"id":"cfc0fee1-7dc0-40ef-b73e-d8b134c436f5","version":"1.0"}}`
	id, _ := created(t, w.do(t, post(fs+"/connections", sf)))
	params := item(t, w.do(t, get(fs+"/connections/"+id)))["auth"].(map[string]any)["params"].(map[string]any)
	assert.Equal(t, "********", params["password"])
	assert.Equal(t, "********", params["securityToken"])
	assert.Equal(t, "my-salesforce-account", params["username"])

	hub := `{"name":"hub","auth":{"specName":"Basic Authentication","params":{"clientId":"c","clientSecret":"s","accessToken":"a","refreshToken":"r"}},"connectionSpec":{"id":"cc6a4487-9e91-433e-a3a3-9cf6626c1806"}}`
	created(t, w.do(t, post(fs+"/connections", hub)))
	sq := `{"name":"sq","auth":{"specName":"OAuth2 Refresh Code","params":{"host":"h","clientId":"c","clientSecret":"s","accessToken":"a","refreshToken":"r"}},"connectionSpec":{"id":"2acf109f-9b66-4d5e-bc18-ebb2adcff8d5"}}`
	created(t, w.do(t, post(fs+"/connections", sq)))
	dyn := `{"name":"dyn","auth":{"specName":"Service-principal-based Authentication","params":{"serviceUri":"u","servicePrincipalId":"i","servicePrincipalKey":"k"}},"connectionSpec":{"id":"38ad80fe-8b06-4938-94f4-d4ee80266b07"}}`
	created(t, w.do(t, post(fs+"/connections", dyn)))
	got := items(t, w.do(t, get(fs+"/connections?property=connectionSpec.id==cc6a4487-9e91-433e-a3a3-9cf6626c1806,2acf109f-9b66-4d5e-bc18-ebb2adcff8d5")))
	assert.Len(t, got, 2)
}

// TestDeleteConnection: 204; 404 after; 1418 while a flow uses it.
func TestDeleteConnection(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	m := flowError(t, w.do(t, del(fs+"/connections/"+p.base)), "1418-400")
	assert.Contains(t, m["errorMessage"], p.base)
	flowError(t, w.do(t, del(fs+"/sourceConnections/"+p.source)), "1447-400")
	flowError(t, w.do(t, del(fs+"/targetConnections/"+p.target)), "1447-400")

	rec := w.do(t, del(fs+"/flows/"+p.flow))
	assert.Equal(t, http.StatusNoContent, rec.Code)
	assert.Empty(t, rec.Body.String())
	assert.Equal(t, http.StatusNoContent, w.do(t, del(fs+"/sourceConnections/"+p.source)).Code)
	assert.Equal(t, http.StatusNoContent, w.do(t, del(fs+"/targetConnections/"+p.target)).Code)
	assert.Equal(t, http.StatusNoContent, w.do(t, del(fs+"/connections/"+p.base+"/")).Code, "the trailing-slash form")
	m = flowError(t, w.do(t, get(fs+"/connections/"+p.base)), "1439-404")
	assert.Equal(t, "The requested connections resource "+p.base+" is not found. Verify the resource ID before trying again.", m["errorMessage"])
	assert.Equal(t, "connections", m["report"].(map[string]any)["type"])
	assert.Equal(t, p.base, m["report"].(map[string]any)["id"])
	flowError(t, w.do(t, del(fs+"/connections/"+p.base)), "1439-404")
}

// TestDraftAndPublish: ?mode=draft creates drafts; op=publish enables
// them, once.
func TestDraftAndPublish(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	id, etag := created(t, w.do(t, post(fs+"/connections?mode=draft", zohoConnection("draft"))))
	assert.Equal(t, "draft", item(t, w.do(t, get(fs+"/connections/"+id)))["state"])
	assert.Len(t, items(t, w.do(t, get(fs+"/connections?property=state==draft"))), 1)

	flowError(t, w.do(t, post(fs+"/connections/"+id+"/action", "").badReq()), "1359-400")
	flowError(t, w.do(t, post(fs+"/connections/"+id+"/action?op=explode", "")), "1398-400")
	flowError(t, w.do(t, post(fs+"/connections/"+id+"/action?op=finalize", "")), "1402-400")
	rec := w.do(t, post(fs+"/connections/"+id+"/action?op=publish", ""))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	got := decode(t, rec)
	assert.Equal(t, id, got["id"])
	assert.NotEqual(t, etag, got["etag"])
	assert.Equal(t, "enabled", item(t, w.do(t, get(fs+"/connections/"+id)))["state"])
	m := flowError(t, w.do(t, post(fs+"/connections/"+id+"/action?op=PUBLISH", "")), "1422-400")
	assert.Equal(t, "The action publish cannot be applied on the current state enabled. Please update the action and try again.", m["errorMessage"])
	flowError(t, w.do(t, post(fs+"/connections/00000000-0000-4000-8000-000000000000/action?op=publish", "")), "1439-404")
}

// TestConnectionState: PATCH /state disables and enables; other states are
// 1456; a connection in a state that cannot change is 1416.
func TestConnectionState(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	id, etag := created(t, w.do(t, post(fs+"/connections", zohoConnection("x"))))
	rec := w.do(t, patch(fs+"/connections/"+id, etag, `[{"op":"replace","path":"/state","value":"disabled"}]`))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	etag = decode(t, rec)["etag"].(string)
	assert.Equal(t, "disabled", item(t, w.do(t, get(fs+"/connections/"+id)))["state"])
	m := flowError(t, w.do(t, patch(fs+"/connections/"+id, etag, `[{"op":"replace","path":"/state","value":"delete-finalizing"}]`)), "1456-400")
	assert.Equal(t, "State delete-finalizing is not a valid value. Allowed values are [enabled, disabled, initializing].", m["errorMessage"])

	_, err := w.svc.UpdateConnection(tenantProd, id, func(c *flowservice.Connection) error {
		c.State = "delete-finalizing"
		return nil
	})
	require.NoError(t, err)
	conn, _ := w.svc.Connection(tenantProd, id)
	flowError(t, w.do(t, patch(fs+"/connections/"+id, conn.Etag, `[{"op":"replace","path":"/name","value":"y"}]`)), "1416-400")
	flowError(t, w.do(t, del(fs+"/connections/"+id)), "1416-400")
}
