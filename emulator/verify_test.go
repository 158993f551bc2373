package emulator_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/openapi"
)

// DemoCredentials are the demo world's public credentials, as a
// verification signs in with them.
func demoCredentials() contracts.Credentials {
	return contracts.Credentials{
		ZohoClientID: emulator.DemoSelfClientID, ZohoClientSecret: emulator.DemoClientSecret, ZohoUser: emulator.DemoUserEmail,
		IMSClientID: adobeims.DemoClientID, IMSClientSecret: adobeims.DemoClientSecret, IMSOrgID: adobeims.DemoOrgID,
	}
}

// TestProviderVerification runs the contract verification against the
// emulator over loopback: every operation of every contract, zero
// violations and full coverage. Its valid requests only: the generated
// invalid ones are the bad-input matrix's (TestBadInputMatrix, with
// stricter checks), and the whole verification runs in CI through
// `zohoaep contracts verify` (.ci/run), so -race pays for them once.
func TestProviderVerification(t *testing.T) {
	e := emulatortest.New(t, emulatortest.AllowRequestViolations())
	target, err := contracts.EmulatorTarget(context.Background(), e.URL(), nil, demoCredentials())
	require.NoError(t, err)
	target.ValidOnly = true
	assert.Equal(t, flowservice.SpecZohoCRM, target.Values["connectionSpecId"])
	assert.Equal(t, flowservice.FlowSpecCRMToAEP, target.Values["flowSpecId"])
	report := contracts.Verify(t, target)
	require.NotNil(t, report)
	totals := report.Totals()
	assert.Zero(t, totals.Violated)
	assert.Zero(t, totals.NotCovered)
	operations := 0
	for _, name := range contracts.DefaultOrder {
		c, err := contracts.Load(name)
		require.NoError(t, err)
		operations += len(c.Operations())
	}
	assert.Equal(t, operations, totals.Operations, "every operation of every contract")
	// The contracts' links carry what one answer gives to the next request
	// (the id of the connection just created): those requests succeed.
	linked := map[string]string{
		"flow-service/getConnection": "createConnection", "flow-service/updateConnection": "createConnection",
		"flow-service/deleteSourceConnection": "createSourceConnection", "flow-service/getMappingSet": "createMappingSet",
		"zoho-crm/getRecord": "createRecords", "zoho-crm/updateRecords": "createRecords", "zoho-crm/deleteRecords": "createRecords",
		"emulator-admin/deleteClient": "registerClient", "emulator-admin/deleteOrg": "createOrg",
		"emulator-admin/resetTenant": "createTenant", "emulator-admin/removeFault": "addFault",
	}
	for _, op := range report.Operations {
		if from, ok := linked[op.Contract+"/"+op.Operation]; ok {
			delete(linked, op.Contract+"/"+op.Operation)
			assert.True(t, op.Success, "%s/%s: %+v", op.Contract, op.Operation, op.Cases)
			if assert.NotEmpty(t, op.Cases) {
				assert.Contains(t, op.Cases[0].From, from)
			}
		}
	}
	assert.Empty(t, linked, "operations not in the report")
	assert.Len(t, contracts.DefaultOrder, len(openapi.Names()), "every embedded contract is verified")
	if path := os.Getenv("ZOHOAEP_VERIFY_JUNIT"); path != "" {
		f, err := os.Create(path)
		require.NoError(t, err)
		defer f.Close()
		require.NoError(t, report.WriteJUnit(f))
	}
}
