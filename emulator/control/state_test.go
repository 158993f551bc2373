package control

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

const statePath = "/_emulator/state"

func TestStateRoundTrip(t *testing.T) {
	f := newFixture(t)
	mintTokens(t, f)
	_, err := f.faults.Add(faults.Rule{Match: faults.Match{Service: "zoho-accounts"}, Action: faults.Action{Error: "invalid_client"}})
	require.NoError(t, err)

	rec := f.do(t, http.MethodGet, statePath, nil)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	exported := rec.Body.String()
	direct, err := f.world.ExportState(nil)
	require.NoError(t, err)
	assert.JSONEq(t, string(direct), exported, "the world's document, as it is")
	st := result[worldState](t, rec)
	assert.Equal(t, 1, st.Version)
	assert.Len(t, st.Zoho.Orgs, 2)
	assert.Len(t, st.Zoho.RefreshTokens, 1)
	assert.Len(t, st.Faults, 1)

	// Change everything the export holds, then import it back.
	require.Equal(t, http.StatusNoContent, f.do(t, http.MethodDelete, orgs+"/"+usOrg, nil).Code)
	require.Equal(t, http.StatusCreated, f.do(t, http.MethodPost, orgs, map[string]string{"name": "Later"}).Code)
	require.Equal(t, http.StatusNoContent, f.do(t, http.MethodDelete, faultsPath, nil).Code)

	rec = f.do(t, http.MethodPut, statePath, exported)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.JSONEq(t, `{"status":"imported"}`, rec.Body.String())
	assert.JSONEq(t, exported, f.do(t, http.MethodGet, statePath, nil).Body.String())
	assert.Len(t, f.accounts.Tokens(zohoaccounts.TokenFilter{}), 2, "tokens live on")
}

func TestImportStateErrors(t *testing.T) {
	dup := `{"version":1,"zoho":{"orgs":[{"id":"1","name":"A","dc":"us","time_zone":"UTC"},{"id":"1","name":"B","dc":"us","time_zone":"UTC"}]}}`
	tests := []struct {
		name, body string
		want       expect
		code       string
	}{
		{"unknown data centre", `{"version":1,"zoho":{"orgs":[{"id":"1","name":"Mars","dc":"mars","time_zone":"UTC"}]}}`, conforming, CodeInvalid},
		{"duplicate org", dup, conforming, CodeInvalid},
		{"bad fault rule", `{"version":1,"zoho":{"orgs":[]},"faults":[{"action":{}}]}`, conforming, CodeInvalid},
		{"wrong type", `{"version":"one","zoho":{"orgs":[]}}`, badRequest, CodeInvalid},
		{"malformed", `{"version":1,`, badRequest, CodeInvalidJSON},
		{"not an object", `[{"version":1}]`, badRequest, CodeInvalidJSON},
		{"trailing data", `{"zoho":{}} []`, conforming, CodeInvalidJSON},
		{"empty", ``, badRequest, CodeInvalidJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			mintTokens(t, f)
			before, err := f.world.ExportState(nil)
			require.NoError(t, err)
			requireError(t, f.do(t, http.MethodPut, statePath, tt.body, tt.want), http.StatusBadRequest, tt.code)
			after, err := f.world.ExportState(nil)
			require.NoError(t, err)
			assert.JSONEq(t, string(before), string(after), "a refused import leaves the state unchanged")
		})
	}
}

// TestSeedImport takes a seed file, which holds the Zoho part alone.
func TestSeedImport(t *testing.T) {
	f := newFixture(t)
	data, err := json.Marshal(map[string]any{"zoho": zohoaccounts.State{Orgs: []zohoaccounts.OrgState{{Org: zohoaccounts.Org{ID: "9", Name: "Solo"}}}}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, f.do(t, http.MethodPut, statePath, data).Code)
	list := result[orgList](t, f.do(t, http.MethodGet, orgs, nil)).Orgs
	require.Len(t, list, 1)
	assert.Equal(t, zohoaccounts.Org{ID: "9", Name: "Solo", DC: "us", TimeZone: "America/Los_Angeles"}, list[0])
}

// TestInternalError shows that a failure of the world is a 500 in the
// API's form, which the contract declares, and gives nothing away.
func TestInternalError(t *testing.T) {
	f := newFixture(t)
	f.world.exportErr = errors.New("disk on fire: /secret/path")
	e := requireError(t, f.do(t, http.MethodGet, statePath, nil), http.StatusInternalServerError, CodeInternal)
	assert.Equal(t, "internal error", e.Message)
}
