package flowservice_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// TestIdentify: the journal's client is the x-api-key; its tenant the
// token's org, or the org header when IMS does not know the token.
func TestIdentify(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	tests := []struct {
		r              req
		client, tenant string
	}{
		{get(fs + "/flows"), apiKey, org},
		{get(fs+"/flows").with("x-gw-ims-org-id", otherOrg), apiKey, org},
		{get(fs+"/flows").as("unknown").with("x-gw-ims-org-id", otherOrg), apiKey, otherOrg},
		{get(fs+"/flows").with("Authorization", "").with("x-api-key", ""), "", org},
		{get(fs+"/flows").as(tokOther).with("x-api-key", otherKey), otherKey, otherOrg},
	}
	for _, tt := range tests {
		client, tenant := w.svc.Identify(tt.r.request(), nil)
		assert.Equal(t, tt.client, client)
		assert.Equal(t, tt.tenant, tenant)
	}
	assert.Equal(t, apiKey, flowservice.ClientOf(http.Header{"X-Api-Key": {apiKey}}))
	nilIMS := flowservice.New(flowservice.Config{}, nil, nil)
	assert.Equal(t, org, nilIMS.TenantOf(http.Header{"X-Gw-Ims-Org-Id": {org}, "Authorization": {"Bearer " + tokUser}}))
	assert.Equal(t, http.StatusUnauthorized, func() int {
		rec, _ := (&world{svc: nilIMS}).judge(get(fs + "/flows"))
		return rec.Code
	}())
	assert.Equal(t, 413, flowservice.TooLarge().Status())
	assert.Equal(t, "application/json", flowservice.Writer().ContentType)
	assert.Contains(t, flowservice.Catalogue(), "1439-404")
	assert.Contains(t, flowservice.Catalogue(), "403010")
}

// TestConcurrentClients: parallel clients in their own sandboxes and orgs
// see only their own resources (run with -race).
func TestConcurrentClients(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	var wg sync.WaitGroup
	for i := range 8 {
		sandbox := []string{"prod", "dev"}[i%2]
		wg.Go(func() {
			for j := range 5 {
				rec, v := w.judge(post(fs+"/connections", zohoConnection(fmt.Sprintf("c-%d-%d", i, j))).in(sandbox))
				assert.Empty(t, v)
				assert.Equal(t, http.StatusCreated, rec.Code)
				rec, v = w.judge(get(fs + "/connections?limit=3").in(sandbox))
				assert.Empty(t, v)
				assert.Equal(t, http.StatusOK, rec.Code)
			}
			_ = w.svc.Export()
		})
	}
	wg.Wait()
	require.Len(t, items(t, w.do(t, get(fs+"/connections"))), 20)
	require.Len(t, items(t, w.do(t, get(fs+"/connections").in("dev"))), 20)
}
