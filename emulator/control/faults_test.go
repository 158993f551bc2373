package control

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/internal/faults"
)

const faultsPath = "/_emulator/faults"

func TestFaults(t *testing.T) {
	f := newFixture(t)
	assert.JSONEq(t, `{"faults":[]}`, f.do(t, http.MethodGet, faultsPath, nil).Body.String())

	rec := f.do(t, http.MethodPost, faultsPath, map[string]any{
		"match":  map[string]any{"service": "zoho-accounts", "operation": "token", "nth": 2},
		"action": map[string]any{"error": "invalid_code"},
	})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	assert.JSONEq(t, `{"id":"fault-1","match":{"service":"zoho-accounts","operation":"token","nth":2},
		"action":{"error":"invalid_code"},"limit":{},"seen":0,"fired":0}`, rec.Body.String())

	rec = f.do(t, http.MethodPost, faultsPath, map[string]any{
		"id":     "slow-eu",
		"match":  map[string]any{"tenant": euOrg},
		"action": map[string]any{"status": 503, "body": map[string]any{"error": "busy"}, "delay": 1500},
		"limit":  map[string]any{"times": 3, "until": "2025-03-01T13:00:00Z", "probability": 0.5, "seed": 7},
	})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	rule := result[faults.Rule](t, rec)
	assert.Equal(t, "slow-eu", rule.ID)
	assert.Equal(t, faults.Duration(1500*time.Millisecond), rule.Action.Delay)
	assert.JSONEq(t, `{"error":"busy"}`, string(rule.Action.Body))
	assert.Contains(t, rec.Body.String(), `"delay":"1.5s"`, "delays are written as Go durations")

	rec = f.do(t, http.MethodPost, faultsPath, map[string]any{"match": map[string]any{"tenant": usOrg},
		"action": map[string]any{"reset": true}})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())

	// Counters are read-only: a client may not set them.
	rec = f.do(t, http.MethodPost, faultsPath, map[string]any{"action": map[string]any{"delay": "250ms"}, "seen": 9, "fired": 4}, badRequest)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	counted := result[faults.Rule](t, rec)
	assert.Equal(t, "fault-3", counted.ID)
	assert.Zero(t, counted.Seen)
	assert.Zero(t, counted.Fired)

	// The counters move as calls are decided, and the list shows them.
	hit, fired := f.faults.Decide(faults.Call{Service: "zoho-accounts", Operation: "token"}, wall)
	require.True(t, fired)
	require.Equal(t, "fault-3", hit.ID, "fault-1 waits for the second call")
	list := result[faultList](t, f.do(t, http.MethodGet, faultsPath, nil)).Faults
	require.Len(t, list, 4)
	assert.Equal(t, []string{"fault-1", "slow-eu", "fault-2", "fault-3"}, []string{list[0].ID, list[1].ID, list[2].ID, list[3].ID})
	assert.Equal(t, []int{1, 0}, []int{list[0].Seen, list[0].Fired})
	assert.Equal(t, []int{1, 1}, []int{list[3].Seen, list[3].Fired})

	require.Equal(t, http.StatusNoContent, f.do(t, http.MethodDelete, faultsPath+"/slow-eu", nil).Code)
	requireError(t, f.do(t, http.MethodDelete, faultsPath+"/slow-eu", nil), http.StatusNotFound, CodeNotFound)
	assert.Len(t, f.faults.List(), 3)

	require.Equal(t, http.StatusNoContent, f.do(t, http.MethodDelete, faultsPath+"?tenant="+usOrg, nil).Code)
	assert.Len(t, f.faults.List(), 2, "only the tenant's rules go")
	require.Equal(t, http.StatusNoContent, f.do(t, http.MethodDelete, faultsPath+"?tenant=42", nil).Code)
	assert.Len(t, f.faults.List(), 2)
	rec = f.do(t, http.MethodDelete, faultsPath, nil)
	require.Equal(t, http.StatusNoContent, rec.Code)
	assert.Empty(t, rec.Body.String())
	assert.Empty(t, f.faults.List())
}

func TestAddFaultErrors(t *testing.T) {
	tests := []struct {
		name string
		body any
		want expect
		code string
	}{
		{"no action", map[string]any{"match": map[string]any{"service": "zoho-accounts"}}, badRequest, CodeInvalid},
		{"empty action", map[string]any{"action": map[string]any{}}, conforming, CodeInvalid},
		{"two actions", map[string]any{"action": map[string]any{"reset": true, "empty": true}}, conforming, CodeInvalid},
		{"error without a service", map[string]any{"action": map[string]any{"error": "invalid_code"}}, conforming, CodeInvalid},
		{"error not in the catalogue", map[string]any{"match": map[string]any{"service": "zoho-accounts"},
			"action": map[string]any{"error": "teapot"}}, conforming, CodeInvalid},
		{"body without a status", map[string]any{"action": map[string]any{"body": map[string]any{}}}, conforming, CodeInvalid},
		{"status out of range", map[string]any{"action": map[string]any{"status": 700}}, badRequest, CodeInvalid},
		{"delay too long", map[string]any{"action": map[string]any{"delay": "6m"}}, conforming, CodeInvalid},
		{"negative delay", map[string]any{"action": map[string]any{"delay": "-1s"}}, conforming, CodeInvalid},
		{"not a delay", map[string]any{"action": map[string]any{"delay": "later"}}, badRequest, CodeInvalidJSON},
		{"negative nth", map[string]any{"match": map[string]any{"nth": -1}, "action": map[string]any{"reset": true}}, badRequest, CodeInvalid},
		{"probability over 1", map[string]any{"action": map[string]any{"reset": true}, "limit": map[string]any{"probability": 2}}, badRequest, CodeInvalid},
		{"until not a time", map[string]any{"action": map[string]any{"reset": true}, "limit": map[string]any{"until": "soon"}}, badRequest, CodeInvalidJSON},
		{"taken id", map[string]any{"id": "taken", "action": map[string]any{"reset": true}}, conforming, CodeInvalid},
		{"unknown match field", map[string]any{"match": map[string]any{"path": "/oauth"}, "action": map[string]any{"reset": true}}, badRequest, CodeInvalidJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			_, err := f.faults.Add(faults.Rule{ID: "taken", Action: faults.Action{Empty: true}})
			require.NoError(t, err)
			requireError(t, f.do(t, http.MethodPost, faultsPath, tt.body, tt.want), http.StatusBadRequest, tt.code)
			assert.Len(t, f.faults.List(), 1, "a refused rule is not added")
		})
	}
}
