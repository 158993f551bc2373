package control

import (
	"strings"
	"testing"

	"github.com/gorilla/mux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/zohoaep/zohoaep/openapi"
)

// TestRouteTableFollowsContract keeps the route table in the contract's
// order, one route per operation, and every operation documented.
func TestRouteTableFollowsContract(t *testing.T) {
	spec, err := openapi.Spec(openapi.EmulatorAdmin)
	require.NoError(t, err)
	var doc struct {
		Paths yaml.Node `yaml:"paths"`
	}
	require.NoError(t, yaml.Unmarshal(spec, &doc))
	var want []string
	ops := doc.Paths.Content
	for i := 0; i+1 < len(ops); i += 2 {
		path, item := ops[i].Value, ops[i+1]
		for j := 0; j+1 < len(item.Content); j += 2 {
			method := item.Content[j].Value
			if method == "parameters" {
				continue
			}
			var op struct {
				OperationID string `yaml:"operationId"`
				Summary     string `yaml:"summary"`
			}
			require.NoError(t, item.Content[j+1].Decode(&op))
			assert.NotEmpty(t, op.Summary, "%s %s has no summary", method, path)
			assert.Regexp(t, `^[a-z][a-zA-Z]*$`, op.OperationID, "%s %s", method, path)
			want = append(want, strings.ToUpper(method)+" "+path)
		}
	}

	var got []string
	router := New(Deps{}).handler.(*mux.Router)
	require.NoError(t, router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		path, err := route.GetPathTemplate()
		require.NoError(t, err)
		methods, err := route.GetMethods()
		require.NoError(t, err)
		for _, m := range methods {
			got = append(got, m+" "+path)
		}
		return nil
	}))
	assert.Equal(t, want, got)
	assert.Len(t, got, 43)
}
