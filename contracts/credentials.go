package contracts

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/zohoaep/zohoaep/openapi"
)

// Credentials are what a verification signs in with: a Zoho self client
// and user, and an Adobe IMS server-to-server credential.
type Credentials struct {
	ZohoClientID     string
	ZohoClientSecret string
	ZohoUser         string // the e-mail a self-client code is generated for
	IMSClientID      string // also the x-api-key
	IMSClientSecret  string
	IMSOrgID         string
	Sandbox          string // x-sandbox-name; "prod" when empty
}

// zohoScopes are the scopes a verification's Zoho token carries: every
// CRM operation's and the profile's.
var zohoScopes = []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL", "ZohoCRM.users.ALL", "ZohoCRM.org.ALL", "AaaServer.profile.READ"}

// EmulatorTarget signs in to a zohoaep emulator at base through its
// control API (a self-client grant code, exchanged for a Zoho token) and
// Adobe IMS, and returns a Target carrying the credentials and the valid
// values its world answers (the Leads module, CRM v8, the IMS org).
func EmulatorTarget(ctx context.Context, base string, client *http.Client, creds Credentials) (Target, error) {
	if client == nil {
		client = http.DefaultClient
	}
	base = strings.TrimRight(base, "/")
	if creds.Sandbox == "" {
		creds.Sandbox = "prod"
	}
	var code struct {
		Code string `json:"code"`
	}
	body, _ := json.Marshal(map[string]any{"user": creds.ZohoUser, "scopes": zohoScopes})
	if err := call(ctx, client, http.MethodPost, base+"/_emulator/zoho/clients/"+url.PathEscape(creds.ZohoClientID)+"/codes",
		"application/json", body, &code); err != nil {
		return Target{}, fmt.Errorf("self-client code: %w", err)
	}
	var zoho struct {
		AccessToken string `json:"access_token"`
		Error       string `json:"error"`
	}
	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {creds.ZohoClientID},
		"client_secret": {creds.ZohoClientSecret}, "code": {code.Code}}
	if err := call(ctx, client, http.MethodPost, base+"/oauth/v2/token", "application/x-www-form-urlencoded", []byte(form.Encode()), &zoho); err != nil || zoho.AccessToken == "" {
		return Target{}, fmt.Errorf("zoho token: %v %s", err, zoho.Error)
	}
	var ims struct {
		AccessToken string `json:"access_token"`
	}
	form = url.Values{"grant_type": {"client_credentials"}, "client_id": {creds.IMSClientID},
		"client_secret": {creds.IMSClientSecret}, "scope": {"openid,AdobeID,read_organizations,additional_info.projectedProductContext"}}
	if err := call(ctx, client, http.MethodPost, base+"/ims/token/v3", "application/x-www-form-urlencoded", []byte(form.Encode()), &ims); err != nil || ims.AccessToken == "" {
		return Target{}, fmt.Errorf("ims token: %v", err)
	}
	zohoAuth := http.Header{"Authorization": {"Zoho-oauthtoken " + zoho.AccessToken}}
	return Target{
		BaseURL: base,
		Client:  client,
		Headers: map[string]http.Header{
			openapi.ZohoCRM:      zohoAuth,
			openapi.ZohoAccounts: zohoAuth,
			openapi.FlowService: {
				"Authorization": {"Bearer " + ims.AccessToken}, "X-Api-Key": {creds.IMSClientID},
				"X-Gw-Ims-Org-Id": {creds.IMSOrgID}, "X-Sandbox-Name": {creds.Sandbox},
			},
		},
		Values: DefaultValues(creds),
	}, nil
}

// Adobe's public ids of the Zoho CRM source's connection spec and of the
// CRM-to-AEP flow spec (the same in every org).
const (
	zohoCRMConnectionSpec = "929e4450-0237-4ed2-9404-b7e1e0a00309"
	crmToAEPFlowSpec      = "14518937-270c-4525-bdec-c2ba7cce3860"
)

// DefaultValues are the valid parameter values a verification of a Zoho
// CRM to AEP world uses: CRM v8 and the Leads module, the Zoho CRM
// connection spec and CRM-to-AEP flow spec, and the credentials' API key,
// IMS org and sandbox.
func DefaultValues(creds Credentials) map[string]string {
	if creds.Sandbox == "" {
		creds.Sandbox = "prod"
	}
	return map[string]string{
		"version": "v8", "module_api_name": "Leads", "module": "Leads", "fields": "Last_Name,Email",
		"connectionSpecId": zohoCRMConnectionSpec, "flowSpecId": crmToAEPFlowSpec,
		"x-api-key": creds.IMSClientID, "x-gw-ims-org-id": creds.IMSOrgID, "x-sandbox-name": creds.Sandbox,
		"org": creds.IMSOrgID,
	}
}

// call sends one request and decodes a JSON answer; a status of 400 or
// more is an error.
func call(ctx context.Context, client *http.Client, method, target, contentType string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 400 {
		return fmt.Errorf("%s %s: %d %s", method, target, resp.StatusCode, excerpt(data))
	}
	return json.Unmarshal(data, out)
}
