package contracts_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/openapi"
)

// TestCasesKeepTheirWord: every generated valid request keeps its contract
// and every generated invalid one that breaks a contract rule is rejected
// for it, with no valid request lost.
func TestCasesKeepTheirWord(t *testing.T) {
	values := map[string]string{"version": "v8", "module_api_name": "Leads", "module": "Leads"}
	for _, name := range contracts.DefaultOrder {
		c, err := contracts.Load(name)
		require.NoError(t, err)
		sets := c.Cases(values)
		require.Len(t, sets, len(c.Operations()), name)
		rejected := 0
		for _, set := range sets {
			require.NotNil(t, set.Valid, "%s/%s: %s", name, set.Operation, set.Reason)
			r, err := set.Valid.Request(context.Background(), "http://provider.invalid", nil)
			require.NoError(t, err)
			v := c.CheckRequest(context.Background(), r).Verdict()
			assert.Equal(t, set.Operation, v.Operation, "%s %s", set.Method, set.Path)
			assert.Empty(t, v.On(contracts.Request), "%s/%s valid request", name, set.Operation)
			for _, k := range set.Invalid {
				assert.False(t, k.Valid)
				assert.NotEmpty(t, k.Rule)
				r, err := k.Request(context.Background(), "http://provider.invalid", nil)
				require.NoError(t, err)
				if !c.CheckRequest(context.Background(), r).Verdict().OK() {
					rejected++
				}
			}
		}
		assert.Positive(t, rejected, "%s: some generated requests break the contract", name)
	}
}

func TestCasesOfListRecords(t *testing.T) {
	c, err := contracts.Load(openapi.ZohoCRM)
	require.NoError(t, err)
	var names []string
	for _, set := range c.Cases(map[string]string{"version": "v8", "module_api_name": "Leads"}) {
		if set.Operation != "listRecords" {
			continue
		}
		assert.Equal(t, "/crm/v8/Leads", set.Valid.URLPath())
		for _, k := range set.Invalid {
			names = append(names, k.Name)
		}
	}
	assert.Contains(t, names, "above maximum query.per_page")
	assert.Contains(t, names, "below minimum query.page")
	assert.Contains(t, names, "not in enum path.version")
	assert.Contains(t, names, "outside pattern path.module_api_name")
	assert.Contains(t, names, "wrong-typed query.page")
}
