package contracts_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
)

func TestJudgeSplitsViolationsBySide(t *testing.T) {
	c, err := contracts.Load("emulator-admin")
	require.NoError(t, err)
	teapot := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })

	rec, v := c.Judge(teapot, httptest.NewRequest(http.MethodGet, "/_emulator/health", nil))
	assert.Equal(t, http.StatusTeapot, rec.Code)
	assert.Equal(t, "health", v.Operation)
	assert.Empty(t, v.On(contracts.Request))
	assert.NotEmpty(t, v.On(contracts.Response), "418 is not declared")

	_, v = c.Judge(teapot, httptest.NewRequest(http.MethodGet, "/_emulator/nowhere", nil))
	assert.NotEmpty(t, v.On(contracts.Request), "no such operation")
}
