package control

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
)

const imsOrg = "ACME0000000000000000000@AdobeOrg"

var prod = flowservice.Tenant{Org: imsOrg, Sandbox: "prod"}

// fakeAEP is the Flow Service as the control API reads it: a real service
// holding the demo dataflow, with rows and runs written through its Go
// API. caughtUp counts the reads, each of which would first run the
// windows that fell due.
type fakeAEP struct {
	fs       *flowservice.Service
	caughtUp int
}

func (f *fakeAEP) Rows(_ context.Context, t flowservice.Tenant, id string) ([]map[string]any, error) {
	f.caughtUp++
	return f.fs.Rows(t, id)
}

func (f *fakeAEP) Runs(_ context.Context, t flowservice.Tenant, flowID string) ([]flowservice.Run, error) {
	f.caughtUp++
	if flowID == "" {
		var out []flowservice.Run
		for _, fl := range f.fs.Flows(t) {
			out = append(out, f.fs.Runs(t, fl.ID)...)
		}
		return out, nil
	}
	if _, ok := f.fs.Flow(t, flowID); !ok {
		return nil, flowservice.ErrUnknown
	}
	return f.fs.Runs(t, flowID), nil
}

// withAEP is the fixture with the demo dataflow in prod: three rows in its
// dataset and two runs.
func withAEP(t *testing.T) (*fixture, *fakeAEP) {
	t.Helper()
	f := newFixture(t)
	fs := flowservice.New(flowservice.Config{}, nil, f.clock.Now)
	require.NoError(t, fs.Seed(flowservice.State{Tenants: []flowservice.TenantState{zohosource.Demo{
		Tenant: prod, AccountsURL: "https://accounts.zoho.com", ClientID: webID, ClientSecret: webSecret,
		AccessToken: "1000.a", RefreshToken: "1000.r", StartTime: wall,
	}.TenantState()}}))
	require.NoError(t, fs.AppendRows(prod, zohosource.DemoDatasetID, []map[string]any{
		{"_zohoaep": map[string]any{"recordId": "1"}}, {"_zohoaep": map[string]any{"recordId": "2"}}, {"_zohoaep": map[string]any{"recordId": "3"}},
	}))
	for _, status := range []string{flowservice.RunSuccess, flowservice.RunFailed} {
		_, err := fs.AddRun(prod, flowservice.Run{FlowID: zohosource.DemoFlowID,
			Metrics: flowservice.RunMetrics{StatusSummary: flowservice.StatusSummary{Status: status}}})
		require.NoError(t, err)
	}
	aep := &fakeAEP{fs: fs}
	f.api = New(Deps{Clock: f.clock, Journal: f.journal, Faults: f.faults, Accounts: f.accounts, World: f.world, AEP: aep})
	return f, aep
}

func TestDatasetRows(t *testing.T) {
	rows := "/_emulator/aep/datasets/" + zohosource.DemoDatasetID + "/rows?org=" + imsOrg
	tests := []struct {
		name  string
		query string
		want  []string // record ids
		total int
	}{
		{"every row, prod by default", "", []string{"1", "2", "3"}, 3},
		{"the sandbox named", "&sandbox=prod", []string{"1", "2", "3"}, 3},
		{"offset", "&offset=1", []string{"2", "3"}, 3},
		{"offset and limit", "&offset=1&limit=1", []string{"2"}, 3},
		{"limit above the rows", "&limit=10", []string{"1", "2", "3"}, 3},
		{"offset past the end", "&offset=7", []string{}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, aep := withAEP(t)
			rec := f.do(t, http.MethodGet, rows+tt.query, nil)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			page := result[rowPage](t, rec)
			got := []string{}
			for _, r := range page.Rows {
				got = append(got, r["_zohoaep"].(map[string]any)["recordId"].(string))
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, len(tt.want), page.Count)
			assert.Equal(t, tt.total, page.Total)
			assert.Equal(t, 1, aep.caughtUp, "due windows run before the answer")
		})
	}
}

func TestAEPRuns(t *testing.T) {
	runs := "/_emulator/aep/runs?org=" + imsOrg
	tests := []struct {
		name  string
		query string
		want  []string // statuses
	}{
		{"one flow", "&flow_id=" + zohosource.DemoFlowID, []string{"success", "failed"}},
		{"every flow", "", []string{"success", "failed"}},
		{"a sandbox without flows", "&sandbox=dev", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, aep := withAEP(t)
			rec := f.do(t, http.MethodGet, runs+tt.query, nil)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			got := []string{}
			for _, r := range result[runList](t, rec).Runs {
				assert.Equal(t, zohosource.DemoFlowID, r.FlowID)
				assert.Equal(t, imsOrg, r.IMSOrgID)
				got = append(got, r.Metrics.StatusSummary.Status)
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, 1, aep.caughtUp)
		})
	}
}

func TestAEPReadBackErrors(t *testing.T) {
	rows := "/_emulator/aep/datasets/" + zohosource.DemoDatasetID + "/rows"
	tests := []struct {
		name   string
		path   string
		want   expect
		status int
		code   string
	}{
		{"rows: no org", rows, badRequest, 400, CodeInvalid},
		{"rows: unknown dataset", "/_emulator/aep/datasets/5f0a1b2c3d4e5f6a7b8c9d0f/rows?org=" + imsOrg, conforming, 404, CodeNotFound},
		{"rows: another sandbox's dataset", rows + "?org=" + imsOrg + "&sandbox=dev", conforming, 404, CodeNotFound},
		{"rows: another org's dataset", rows + "?org=OTHER@AdobeOrg", conforming, 404, CodeNotFound},
		{"rows: limit 0", rows + "?org=" + imsOrg + "&limit=0", badRequest, 400, CodeInvalid},
		{"rows: limit not a number", rows + "?org=" + imsOrg + "&limit=ten", badRequest, 400, CodeInvalid},
		{"rows: negative offset", rows + "?org=" + imsOrg + "&offset=-1", badRequest, 400, CodeInvalid},
		{"runs: no org", "/_emulator/aep/runs", badRequest, 400, CodeInvalid},
		{"runs: unknown flow", "/_emulator/aep/runs?org=" + imsOrg + "&flow_id=8d3e3b4f-5061-4283-bd94-a5b6c738d9eb", conforming, 404, CodeNotFound},
		{"runs: wrong method", "/_emulator/aep/runs?org=" + imsOrg, noOperation, 405, CodeMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := withAEP(t)
			method := http.MethodGet
			if tt.code == CodeMethodNotAllowed {
				method = http.MethodPost
			}
			requireError(t, f.do(t, method, tt.path, nil, tt.want), tt.status, tt.code)
		})
	}
}

func TestAEPReadBackWithoutFlowService(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/_emulator/aep/runs?org=" + imsOrg, "/_emulator/aep/datasets/" + zohosource.DemoDatasetID + "/rows?org=" + imsOrg} {
		requireError(t, f.do(t, http.MethodGet, path, nil), 404, CodeNotFound)
	}
}
