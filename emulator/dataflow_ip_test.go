package emulator_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
)

// allowOnly sets the demo Zoho org's IP allow list, as its admin would.
func allowOnly(t *testing.T, e *emulator.Emulator, ranges []string) {
	t.Helper()
	org, err := e.Accounts().GetOrg(emulator.DemoOrgID)
	require.NoError(t, err)
	org.AllowedIPs = ranges
	_, err = e.Accounts().UpdateOrg(org)
	require.NoError(t, err)
}

// TestDataflowBehindZohoAllowList: the Zoho org admits another region's
// ranges (an easy mistake), not those of the AEP region the connector
// runtime calls from. The connection test is false, explore fails with
// Flow Service's error, the runs fail. Once the org admits the region's
// ranges, all of it succeeds, and the first successful run reads every
// Lead the failed ones missed. Every Zoho call comes from the region's
// egress IP.
func TestDataflowBehindZohoAllowList(t *testing.T) {
	for i, region := range zohosource.Regions {
		wrong := zohosource.Regions[(i+1)%len(zohosource.Regions)]
		t.Run(region.Name, func(t *testing.T) {
			t.Parallel()
			e := emulatortest.New(t, emulatortest.WithOptions(emulator.Options{
				Seed: emulator.Demo(), Source: zohosource.Config{Region: region.Name},
			}))
			egress := region.EgressIP()
			require.Equal(t, egress, e.Source().EgressIP())
			require.False(t, wrong.Contains(egress), "%s admits %s", wrong.Name, egress)
			start := freeze(e)
			aep := newPlatform(t, e)
			grant := zohoConsent(t, e) // from this machine, before the allow list
			conn := aep.connect(e, grant)

			allowOnly(t, e, wrong.AllowList())
			assert.False(t, aep.connectionTest(conn))
			status, _, body := aep.call(http.MethodGet, flowAPI+"/connections/"+conn+"/explore?objectType=root", nil)
			assert.Equal(t, http.StatusBadRequest, status)
			var problem struct {
				Type   string `json:"type"`
				Status int    `json:"status"`
				Report struct {
					Message string `json:"detailed-message"`
				} `json:"report"`
			}
			require.NoError(t, json.Unmarshal(body, &problem), string(body))
			assert.Equal(t, "https://ns.adobe.com/aep/errors/FLOW-1308-400", problem.Type)
			assert.Contains(t, problem.Report.Message, "ErrorCode=ZohoAccessDenied")
			assert.Contains(t, problem.Report.Message, "Access denied from this IP address")

			df := aep.build(conn, nil, start)
			e.Clock().Set(start.Add(time.Hour + time.Minute))
			runs := aep.runs(df.flow)
			require.Equal(t, []string{"failed", "failed"}, statuses(runs))
			for _, r := range runs {
				from, _ := window(r)
				assert.Zero(t, from, "no success yet: every run reads all history")
				detail, _ := r.Activities[0].StatusSummary.Extensions["errorDetail"].(string)
				assert.Contains(t, detail, "ErrorCode=ZohoAccessDenied")
				assert.Equal(t, "CONNECTOR-1001-500", r.Metrics.StatusSummary.Errors[0].Code)
			}
			assert.Empty(t, rowsOf(t, e, df.dataset))

			allowOnly(t, e, region.AllowList())
			assert.True(t, aep.connectionTest(conn))
			aep.explore(conn)
			e.Clock().Set(start.Add(2*time.Hour + time.Minute))
			runs = readBackRuns(t, e, df.flow)
			require.Equal(t, []string{"failed", "failed", "success"}, statuses(runs))
			from, to := window(runs[2])
			assert.Zero(t, from)
			assert.Equal(t, start.Add(2*time.Hour).UnixMilli(), to)
			want := expectedLeads(t, e, time.Time{}, start.Add(2*time.Hour))
			assert.Equal(t, int64(len(want)), runs[2].Metrics.RecordSummary.OutputRecordCount)
			sameLeads(t, want, rowsOf(t, e, df.dataset), 211)
			var flow items[flowservice.Flow]
			aep.must(http.MethodGet, flowAPI+"/flows/"+df.flow, nil, http.StatusOK, &flow)
			require.Len(t, flow.Items, 1)
			assert.Equal(t, runs[2].ID, flow.Items[0].LastRunDetails.ID)
			assert.Equal(t, "success", flow.Items[0].LastRunDetails.State)

			// Zoho saw every call of the runtime come from the region's egress IP.
			crm := e.Journal().Query(journal.Filter{Service: emulator.ServiceZohoCRM})
			require.NotEmpty(t, crm)
			refused := 0
			for _, en := range crm {
				assert.Equal(t, egress.String(), en.SourceIP, "%s %s", en.Method, en.Path)
				if en.Status == http.StatusUnauthorized || en.Status == http.StatusForbidden {
					refused++
				}
			}
			assert.Positive(t, refused, "the CRM refused the calls from outside the allow list")
			fromEgress := 0
			for _, en := range e.Journal().Query(journal.Filter{Service: emulator.ServiceZohoAccounts, Operation: "token"}) {
				switch en.SourceIP {
				case egress.String():
					fromEgress++
				case "127.0.0.1": // the test's own sign-in
				default:
					t.Errorf("a token request from %s", en.SourceIP)
				}
			}
			assert.Positive(t, fromEgress, "the runtime refreshed its token from the egress IP")
		})
	}
}
