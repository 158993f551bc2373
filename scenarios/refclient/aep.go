package refclient

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/scenarios"
)

// The Experience Platform resources a Zoho CRM dataflow takes.
const (
	flowAPI      = "/data/foundation/flowservice"
	zohoSpec     = "929e4450-0237-4ed2-9404-b7e1e0a00309"
	crmToAEP     = "14518937-270c-4525-bdec-c2ba7cce3860"
	dataLakeSpec = "c604ff05-7f1a-43c0-8e18-33bf874cb11c"
	schemaID     = "https://ns.adobe.com/zylker/schemas/zoho-crm-records"
	schemaType   = "application/vnd.adobe.xed-full+json;version=1"
)

// mapping is this client's mapping of CRM columns to XDM paths.
var mapping = [][2]string{{"id", "_zohoaep.recordId"}, {"Last_Name", "person.name.lastName"},
	{"Email", "personalEmail.address"}, {"Modified_Time", "_zohoaep.modifiedTime"}}

// ims returns an IMS access token valid now, renewing it when it is
// about to expire (on the harness's clock).
func (s *session) ims(ctx context.Context, env scenarios.Env, force bool) (string, scenarios.Outcome) {
	if s.imsToken != "" && !force && (s.has(CachesIMSToken) || env.Clock().Before(s.imsExpiry.Add(-5*time.Minute))) {
		return s.imsToken, scenarios.Success()
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {env.IMSClientID},
		"client_secret": {env.IMSClientSecret}, "scope": {"openid,AdobeID,read_organizations"}}
	a := s.retrying(ctx, func() answer {
		return s.do(ctx, env, http.MethodPost, env.IMSURL+"/ims/token/v3", strings.NewReader(form.Encode()),
			http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, "")
	})
	var tok struct {
		Access    string `json:"access_token"`
		ExpiresIn int64  `json:"expires_in"`
	}
	if a.err != nil || a.status != http.StatusOK || a.json(&tok) != nil || tok.Access == "" {
		return "", scenarios.Failure(scenarios.KindUnauthorized, "IMS: "+describe(a))
	}
	s.imsToken, s.imsExpiry = tok.Access, env.Clock().Add(time.Duration(tok.ExpiresIn)*time.Second)
	return s.imsToken, scenarios.Success()
}

// aep sends one Platform call with the IMS token and the gateway headers;
// a 401 renews the token once.
func (s *session) aep(ctx context.Context, env scenarios.Env, method, path string, body any, extra http.Header) (answer, scenarios.Outcome) {
	for attempt := 0; ; attempt++ {
		tok, out := s.ims(ctx, env, attempt > 0)
		if !out.OK {
			return answer{}, out
		}
		h := http.Header{}
		h.Set("Authorization", "Bearer "+tok)
		h.Set("x-api-key", env.IMSClientID)
		h.Set("x-gw-ims-org-id", env.IMSOrg)
		if !s.has(DropsSandbox) {
			h.Set("x-sandbox-name", env.Sandbox)
		}
		for k, v := range extra {
			h[http.CanonicalHeaderKey(k)] = v
		}
		a := s.retrying(ctx, func() answer {
			var rd = strings.NewReader("")
			if body != nil {
				h.Set("Content-Type", "application/json")
				b := jsonBody(body)
				return s.do(ctx, env, method, env.PlatformURL+path, b, h, "")
			}
			return s.do(ctx, env, method, env.PlatformURL+path, rd, h, "")
		})
		if a.status == http.StatusUnauthorized && attempt == 0 && !s.has(CachesIMSToken) {
			continue
		}
		if a.err != nil || a.status >= 300 {
			return a, aepFailure(a)
		}
		return a, scenarios.Success()
	}
}

func aepFailure(a answer) scenarios.Outcome {
	switch {
	case a.transient():
		return scenarios.Failure(scenarios.KindServerError, describe(a))
	case a.status == http.StatusUnauthorized || a.status == http.StatusForbidden:
		return scenarios.Failure(scenarios.KindUnauthorized, describe(a))
	case a.status == http.StatusPreconditionFailed || strings.Contains(string(a.body), "1418"):
		return scenarios.Failure(scenarios.KindConflict, describe(a))
	case a.status == http.StatusNotFound:
		return scenarios.Failure(scenarios.KindNotFound, describe(a))
	}
	return scenarios.Failure(scenarios.KindOther, describe(a))
}

// authParams are the Zoho CRM base connection's credentials.
func authParams(env scenarios.Env) map[string]any {
	return map[string]any{"endpoint": "crm.zoho.com/crm/private", "accountsUrl": env.AccountsURL,
		"clientId": env.ClientID, "clientSecret": env.ClientSecret,
		"accessToken": env.ZohoAccessToken, "refreshToken": env.ZohoRefreshToken}
}

// Connect implements scenarios.AEPConnection: a base connection, tested.
func (s *session) Connect(ctx context.Context, env scenarios.Env) scenarios.Outcome {
	a, out := s.aep(ctx, env, http.MethodPost, flowAPI+"/connections", map[string]any{
		"name": "Zoho CRM", "description": "Zoho CRM base connection",
		"auth":           map[string]any{"specName": "Basic Authentication", "params": authParams(env)},
		"connectionSpec": map[string]any{"id": zohoSpec, "version": "1.0"},
	}, nil)
	if !out.OK {
		return out
	}
	var c struct {
		ID   string `json:"id"`
		Etag string `json:"etag"`
	}
	if err := a.json(&c); err != nil || c.ID == "" {
		return scenarios.Failure(scenarios.KindOther, "the connection's id does not decode")
	}
	s.connID, s.connEtag = c.ID, c.Etag
	if !s.has(SkipsConnectionTest) {
		a, out = s.aep(ctx, env, http.MethodGet, flowAPI+"/connections/"+c.ID+"/test", nil, nil)
		var res struct {
			Result bool `json:"result"`
		}
		if !out.OK || a.json(&res) != nil || !res.Result {
			return scenarios.Failure(scenarios.KindConnectionTest, "the connection test failed: "+describe(a))
		}
	}
	out = scenarios.Success()
	out.ID = c.ID
	return out
}

// Explore implements scenarios.AEPConnection: the connection's tables.
func (s *session) Explore(ctx context.Context, env scenarios.Env) scenarios.Outcome {
	if s.connID == "" {
		return scenarios.Failure(scenarios.KindOther, "no connection to explore")
	}
	a, out := s.aep(ctx, env, http.MethodGet, flowAPI+"/connections/"+s.connID+"/explore?objectType=root", nil, nil)
	if !out.OK {
		return out
	}
	var tables []map[string]any
	if err := a.json(&tables); err != nil {
		return scenarios.Failure(scenarios.KindOther, "explore does not decode: "+err.Error())
	}
	out.Records = len(tables)
	return out
}

// Delete implements scenarios.AEPConnection.
func (s *session) Delete(ctx context.Context, env scenarios.Env) scenarios.Outcome {
	if s.connID == "" {
		return scenarios.Failure(scenarios.KindOther, "no connection to delete")
	}
	_, out := s.aep(ctx, env, http.MethodDelete, flowAPI+"/connections/"+s.connID, nil, nil)
	if s.has(IgnoresDeleteErrors) {
		return scenarios.Success()
	}
	return out
}
