package scenarios

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestForConsoleShowsTheLastReport(t *testing.T) {
	list, err := Catalog()
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(list), 2)

	path := filepath.Join(t.TempDir(), "report.json")
	view := ForConsole(Catalog, path)
	for _, sc := range view.Scenarios() {
		assert.Nil(t, sc.LastResult, "no report yet: %s", sc.ID)
	}

	started := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	rep := Report{Started: started, Results: []Result{
		{ID: list[0].ID, Status: Pass, Steps: []StepResult{{Step: 1}}},
		{ID: list[1].ID, Status: Fail, Findings: []Finding{{Says: "the client refreshed on every call"}, {Says: "x"}}},
	}}
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o600))

	got := view.Scenarios()
	require.Len(t, got, len(list))
	assert.Equal(t, list[0].Why, got[0].Story)
	require.NotNil(t, got[0].LastResult)
	assert.Equal(t, "pass", got[0].LastResult.Status)
	assert.Equal(t, started, got[0].LastResult.At)
	require.NotNil(t, got[1].LastResult)
	assert.Equal(t, "fail", got[1].LastResult.Status)
	assert.Equal(t, "the client refreshed on every call (and 1 more)", got[1].LastResult.Summary)
	if len(got) > 2 {
		assert.Nil(t, got[2].LastResult)
	}

	require.NoError(t, os.WriteFile(path, []byte("{not json"), 0o600))
	assert.Nil(t, view.Scenarios()[0].LastResult, "a broken report shows no results")
}

func TestForConsoleWithoutACatalogue(t *testing.T) {
	broken := func() ([]Scenario, error) { return nil, os.ErrNotExist }
	assert.Empty(t, ForConsole(broken, "").Scenarios())
}
