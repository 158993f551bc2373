package zohosource

import (
	"strconv"
	"time"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// Demo describes a ready dataflow from a Zoho CRM module into a dataset,
// for tests and demos: a base connection with the given credentials, a
// source connection on Table, a dataset and mapping set of DemoSchemaID,
// a target connection, and a scheduled CRMToAEP flow with the
// Modified_Time delta column. Seed its TenantState into a Flow Service
// (or add it to an exported state), then CatchUp.
type Demo struct {
	Tenant    flowservice.Tenant
	SandboxID string // optional

	AccountsURL  string // e.g. the emulator's URL, or https://accounts.zoho.com
	Endpoint     string // default "crm.zoho.com/crm/private" (ADF's form; not used)
	ClientID     string
	ClientSecret string
	AccessToken  string
	RefreshToken string

	Table      string    // default "Leads"
	StartTime  time.Time // the schedule's startTime (whole seconds)
	Frequency  string    // default "hour"; "once" has no interval or delta column
	Interval   int       // default 1 (15 for "minute")
	NoBackfill bool      // backfill is on unless set
}

// The demo documents' ids and schema.
const (
	DemoConnectionID = "5a0b0e1c-2d3e-4f50-8a61-72839405a6b7"
	DemoSourceID     = "6b1c1f2d-3e4f-4061-9b72-8394a516b7c8"
	DemoTargetID     = "7c2d2a3e-4f50-4172-ac83-94a5b627c8d9"
	DemoFlowID       = "8d3e3b4f-5061-4283-bd94-a5b6c738d9ea"
	DemoDatasetID    = "5f0a1b2c3d4e5f6a7b8c9d0e"
	DemoMappingID    = "0123456789abcdef0123456789abcdef"
	DemoSchemaID     = "https://ns.adobe.com/zohoaep/schemas/zoho-crm-records"
)

// DemoMappings are the demo mapping set's mappings (source column ->
// XDM path): the record id, names, email, company and times.
var DemoMappings = [][2]string{
	{"id", "_zohoaep.recordId"},
	{"First_Name", "person.name.firstName"},
	{"Last_Name", "person.name.lastName"},
	{"Email", "personalEmail.address"},
	{"Company", "_zohoaep.company"},
	{"Created_Time", "_zohoaep.createdTime"},
	{"Modified_Time", "_zohoaep.modifiedTime"},
}

// TenantState is the demo as a Flow Service tenant.
func (d Demo) TenantState() flowservice.TenantState {
	if d.Table == "" {
		d.Table = "Leads"
	}
	if d.Endpoint == "" {
		d.Endpoint = "crm.zoho.com/crm/private"
	}
	if d.Frequency == "" {
		d.Frequency = flowservice.FrequencyHour
	}
	if d.Interval <= 0 {
		d.Interval = 1
		if d.Frequency == flowservice.FrequencyMinute {
			d.Interval = 15
		}
	}
	zoho := flowservice.SpecRef{ID: flowservice.SpecZohoCRM, Version: flowservice.SpecVersion}
	lake := flowservice.SpecRef{ID: flowservice.SpecDataLake, Version: flowservice.SpecVersion}
	schemaRef := map[string]any{"id": DemoSchemaID, "contentType": "application/vnd.adobe.xed-full+json;version=1"}
	mappings := make([]any, 0, len(DemoMappings))
	for _, m := range DemoMappings {
		mappings = append(mappings, map[string]any{"sourceType": "ATTRIBUTE", "sourceAttribute": m[0],
			"destinationXdmPath": m[1], "identity": false, "version": 0})
	}
	sched := map[string]any{"startTime": strconv.FormatInt(d.StartTime.Unix(), 10), "frequency": d.Frequency}
	transforms := []flowservice.Transformation{
		{Name: flowservice.TransformMapping, Params: map[string]any{"mappingId": DemoMappingID, "mappingVersion": 0}},
	}
	if d.Frequency != flowservice.FrequencyOnce {
		sched["interval"] = d.Interval
		sched["backfill"] = !d.NoBackfill
		transforms = append([]flowservice.Transformation{{Name: flowservice.TransformCopy, Params: map[string]any{
			"deltaColumn": map[string]any{"name": deltaModified, "dateFormat": "yyyy-MM-dd HH:mm:ss", "timezone": "UTC"}}}}, transforms...)
	}
	return flowservice.TenantState{
		Tenant:    d.Tenant,
		SandboxID: d.SandboxID,
		Connections: []flowservice.Connection{{
			ID: DemoConnectionID, Name: "Zoho CRM base connection", ConnectionSpec: zoho,
			Auth: flowservice.Auth{SpecName: flowservice.AuthBasic, Params: map[string]any{
				paramEndpoint: d.Endpoint, paramAccountsURL: d.AccountsURL, paramClientID: d.ClientID,
				paramClientSecret: d.ClientSecret, paramAccessToken: d.AccessToken, paramRefreshToken: d.RefreshToken,
			}},
		}},
		SourceConnections: []flowservice.SourceConnection{{
			ID: DemoSourceID, Name: "Zoho CRM " + d.Table + " source connection", BaseConnectionID: DemoConnectionID,
			Data: flowservice.SourceData{Format: "tabular"}, ConnectionSpec: zoho,
			Params: map[string]any{"tableName": d.Table, "columns": []any{}},
		}},
		TargetConnections: []flowservice.TargetConnection{{
			ID: DemoTargetID, Name: "Zoho CRM " + d.Table + " target connection", ConnectionSpec: lake,
			Data:   map[string]any{"schema": map[string]any{"id": DemoSchemaID, "version": "application/vnd.adobe.xed-full+json;version=1"}},
			Params: map[string]any{"dataSetId": DemoDatasetID},
		}},
		Flows: []flowservice.Flow{{
			ID: DemoFlowID, Name: "Zoho CRM " + d.Table + " dataflow",
			FlowSpec:            flowservice.SpecRef{ID: flowservice.FlowSpecCRMToAEP, Version: flowservice.SpecVersion},
			SourceConnectionIDs: []string{DemoSourceID}, TargetConnectionIDs: []string{DemoTargetID},
			Transformations: transforms, ScheduleParams: sched,
		}},
		Datasets: []flowservice.DatasetState{{ID: DemoDatasetID, Doc: map[string]any{
			"name": "Zoho CRM " + d.Table, "schemaRef": schemaRef}}},
		MappingSets: []flowservice.MappingSet{{ID: DemoMappingID, Doc: map[string]any{
			"xdmSchema": DemoSchemaID, "xdmVersion": "1.0", "mappings": mappings}}},
	}
}
