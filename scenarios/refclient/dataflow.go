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
		// A minute ahead: "now" in whole seconds is in the past once a
		// running clock ticks before the request lands (1360-400).
		"scheduleParams": map[string]any{"startTime": strconv.FormatInt(env.Clock().Add(time.Minute).Unix(), 10), "frequency": "hour", "interval": "1"},
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
