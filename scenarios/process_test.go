package scenarios_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/scenarios"
)

// TestPythonClientThroughTheProcessProtocol runs the example Python client
// (zoho-oauth only) through the process protocol: it passes every
// zoho-oauth scenario and the others are skipped.
func TestPythonClientThroughTheProcessProtocol(t *testing.T) {
	// The interpreter itself, not a version manager's shim, which costs
	// a shell script per step.
	exe, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		if os.Getenv("ZOHOAEP_REQUIRE_PYTHON") != "" {
			t.Fatalf("python3 is required (ZOHOAEP_REQUIRE_PYTHON): %v", err)
		}
		t.Skip("python3 is not installed")
	}
	ctx := context.Background()
	p, err := scenarios.NewProcess(ctx, strings.TrimSpace(string(exe))+" -S examples/python/zoho_oauth_client.py")
	require.NoError(t, err)
	assert.Equal(t, []scenarios.Role{scenarios.RoleZohoOAuth}, p.Roles())
	list, err := scenarios.Catalog()
	require.NoError(t, err)
	rep := scenarios.Execute(ctx, p, list, scenarios.Options{Parallel: 4}) // mostly waiting on processes
	ran := 0
	for _, r := range rep.Results {
		oauthOnly := len(r.Roles) == 1 && r.Roles[0] == scenarios.RoleZohoOAuth
		if !oauthOnly {
			assert.Equal(t, scenarios.Skip, r.Status, r.ID)
			continue
		}
		ran++
		assert.Equal(t, scenarios.Pass, r.Status, "%s: %s %+v", r.ID, r.Reason, r.Findings)
	}
	assert.GreaterOrEqual(t, ran, 15)
}

func TestProcessWithoutRolesIsRefused(t *testing.T) {
	_, err := scenarios.NewProcess(context.Background(), "echo not json")
	assert.ErrorContains(t, err, "no JSON object")
	_, err = scenarios.NewProcess(context.Background(), `echo '{"roles":["tea-maker"]}'`)
	assert.ErrorContains(t, err, "unknown role")
}
