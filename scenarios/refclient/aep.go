package refclient

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
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

// Create implements scenarios.AEPDataflow: a tested connection, a
// dataset, a mapping set, source and target connections and an hourly
// CRMToAEP flow from now.
func (s *session) Create(ctx context.Context, env scenarios.Env) scenarios.Outcome {
	if out := s.Connect(ctx, env); !out.OK {
		return out
	}
	a, out := s.aep(ctx, env, http.MethodPost, "/data/foundation/catalog/dataSets", map[string]any{
		"name": "Zoho CRM " + env.Module, "schemaRef": map[string]any{"id": schemaID, "contentType": schemaType}}, nil)
	var refs []string
	if !out.OK || a.json(&refs) != nil || len(refs) != 1 {
		return failed(out, "dataset")
	}
	dataset := strings.TrimPrefix(refs[0], "@/dataSets/")
	var maps []any
	for _, m := range mapping {
		maps = append(maps, map[string]any{"sourceAttribute": m[0], "destinationXdmPath": m[1], "identity": false,
			"identityGroup": nil, "namespaceCode": nil, "version": 0})
	}
	var made struct {
		ID string `json:"id"`
	}
	a, out = s.aep(ctx, env, http.MethodPost, "/data/foundation/conversion/mappingSets", map[string]any{
		"version": 0, "xdmSchema": schemaID, "xdmVersion": "1.0", "id": nil, "mappings": maps}, nil)
	if !out.OK || a.json(&made) != nil {
		return failed(out, "mapping set")
	}
	mappingID := made.ID
	a, out = s.aep(ctx, env, http.MethodPost, flowAPI+"/sourceConnections", map[string]any{
		"name": "Zoho CRM source", "baseConnectionId": s.connID, "data": map[string]any{"format": "tabular"},
		"params": map[string]any{"tableName": env.Module}, "connectionSpec": map[string]any{"id": zohoSpec, "version": "1.0"}}, nil)
	if !out.OK || a.json(&made) != nil {
		return failed(out, "source connection")
	}
	source := made.ID
	a, out = s.aep(ctx, env, http.MethodPost, flowAPI+"/targetConnections", map[string]any{
		"name": "Zoho CRM target", "data": map[string]any{"schema": map[string]any{"id": schemaID, "version": schemaType}},
		"params": map[string]any{"dataSetId": dataset}, "connectionSpec": map[string]any{"id": dataLakeSpec, "version": "1.0"}}, nil)
	if !out.OK || a.json(&made) != nil {
		return failed(out, "target connection")
	}
	target := made.ID
	a, out = s.aep(ctx, env, http.MethodPost, flowAPI+"/flows", map[string]any{
		"name": "Zoho CRM " + env.Module, "flowSpec": map[string]any{"id": crmToAEP, "version": "1.0"},
		"sourceConnectionIds": []string{source}, "targetConnectionIds": []string{target},
		"transformations": []any{
			map[string]any{"name": "Copy", "params": map[string]any{"deltaColumn": map[string]any{
				"name": "Modified_Time", "dateFormat": "yyyy-MM-dd HH:mm:ss", "timezone": "UTC"}}},
			map[string]any{"name": "Mapping", "params": map[string]any{"mappingId": mappingID, "mappingVersion": 0}},
		},
		"scheduleParams": map[string]any{"startTime": strconv.FormatInt(env.Clock().Unix(), 10), "frequency": "hour", "interval": "1"},
	}, nil)
	if !out.OK || a.json(&made) != nil {
		return failed(out, "flow")
	}
	s.flowID = made.ID
	out = scenarios.Success()
	out.ID = made.ID
	return out
}

func failed(out scenarios.Outcome, what string) scenarios.Outcome {
	if out.OK {
		return scenarios.Failure(scenarios.KindOther, "the "+what+" answer does not decode")
	}
	out.Detail = what + ": " + out.Detail
	return out
}

// Watch implements scenarios.AEPDataflow: the newest run's status.
func (s *session) Watch(ctx context.Context, env scenarios.Env) scenarios.Outcome {
	if s.flowID == "" {
		return scenarios.Failure(scenarios.KindOther, "no flow to watch")
	}
	if s.has(TrustsLastRun) {
		return scenarios.Success()
	}
	a, out := s.aep(ctx, env, http.MethodGet, flowAPI+"/runs?property="+url.QueryEscape("flowId=="+s.flowID), nil, nil)
	if !out.OK {
		return out
	}
	var runs struct {
		Items []struct {
			ID        string `json:"id"`
			CreatedAt int64  `json:"createdAt"`
			Metrics   struct {
				StatusSummary struct {
					Status string `json:"status"`
				} `json:"statusSummary"`
			} `json:"metrics"`
		} `json:"items"`
	}
	if err := a.json(&runs); err != nil {
		return scenarios.Failure(scenarios.KindOther, "runs do not decode: "+err.Error())
	}
	if len(runs.Items) == 0 {
		return scenarios.Failure(scenarios.KindOther, "no run yet")
	}
	newest := runs.Items[0]
	for _, r := range runs.Items {
		if r.CreatedAt > newest.CreatedAt {
			newest = r
		}
	}
	out = scenarios.Success()
	out.ID, out.Records = newest.ID, len(runs.Items)
	if st := newest.Metrics.StatusSummary.Status; st != "success" {
		out = scenarios.Failure(scenarios.KindRunFailed, "run "+newest.ID+" is "+st)
	}
	return out
}

// Reconnect implements scenarios.AEPDataflow: the new Zoho tokens go into
// the base connection with the connection's current etag.
func (s *session) Reconnect(ctx context.Context, env scenarios.Env) scenarios.Outcome {
	if s.connID == "" {
		return scenarios.Failure(scenarios.KindOther, "no connection to update")
	}
	patch := []any{map[string]any{"op": "replace", "path": "/auth/params", "value": authParams(env)}}
	for attempt := 0; ; attempt++ {
		etag := s.connEtag
		if !s.has(CachesEtag) {
			a, out := s.aep(ctx, env, http.MethodGet, flowAPI+"/connections/"+s.connID, nil, nil)
			var cur struct {
				Items []struct {
					Etag string `json:"etag"`
				} `json:"items"`
			}
			if !out.OK || a.json(&cur) != nil || len(cur.Items) != 1 {
				return failed(out, "connection")
			}
			etag = cur.Items[0].Etag
		}
		a, out := s.aep(ctx, env, http.MethodPatch, flowAPI+"/connections/"+s.connID, patch, http.Header{"If-Match": {etag}})

		if out.OK {
			var c struct {
				Etag string `json:"etag"`
			}
			_ = a.json(&c)
			s.connEtag = c.Etag
			return out
		}
		if out.Kind != scenarios.KindConflict || attempt > 0 || s.has(CachesEtag) {
			return out
		}
	}
}
