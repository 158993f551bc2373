package control

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohocrm"
)

// fakeCRM has one org with a budget of 100.
type fakeCRM struct{ left int }

func (f *fakeCRM) Credits(org string) (zohocrm.Credits, error) {
	if org != usOrg {
		return zohocrm.Credits{}, fmt.Errorf("%w: %q", zohocrm.ErrNoOrg, org)
	}
	return zohocrm.Credits{OrgID: org, Budget: 100, Spent: 100 - f.left, Remaining: f.left}, nil
}

func (f *fakeCRM) SetRemaining(org string, n int) (zohocrm.Credits, error) {
	if _, err := f.Credits(org); err != nil {
		return zohocrm.Credits{}, err
	}
	if n > 100 {
		return zohocrm.Credits{}, fmt.Errorf("%w: over the budget", zohocrm.ErrCredits)
	}
	f.left = n
	return f.Credits(org)
}

func TestCredits(t *testing.T) {
	path := "/_emulator/crm/orgs/" + usOrg + "/credits"
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		want   expect
		status int
		code   string
		left   int // the remaining credits after
	}{
		{name: "read", method: http.MethodGet, path: path, status: 200, left: 100},
		{name: "leave one", method: http.MethodPut, path: path, body: `{"remaining":1}`, status: 200, left: 1},
		{name: "leave none", method: http.MethodPut, path: path, body: `{"remaining":0}`, status: 200, left: 0},
		{name: "over the budget", method: http.MethodPut, path: path, body: `{"remaining":101}`, status: 400, code: CodeInvalid, left: 100},
		{name: "negative", method: http.MethodPut, path: path, body: `{"remaining":-1}`, want: badRequest, status: 400, code: CodeInvalid, left: 100},
		{name: "missing", method: http.MethodPut, path: path, body: `{}`, want: badRequest, status: 400, code: CodeInvalid, left: 100},
		{name: "not a number", method: http.MethodPut, path: path, body: `{"remaining":"1"}`, want: badRequest, status: 400, code: CodeInvalidJSON, left: 100},
		{name: "an unknown org", method: http.MethodGet, path: "/_emulator/crm/orgs/42/credits", status: 404, code: CodeNotFound, left: 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			crm := &fakeCRM{left: 100}
			f.api = New(Deps{Clock: f.clock, Journal: f.journal, Faults: f.faults, Accounts: f.accounts, World: f.world, CRM: crm})
			rec := f.do(t, tt.method, tt.path, tt.body, tt.want)
			if tt.code != "" {
				requireError(t, rec, tt.status, tt.code)
			} else {
				require.Equal(t, tt.status, rec.Code, rec.Body.String())
				assert.Equal(t, tt.left, result[zohocrm.Credits](t, rec).Remaining)
			}
			assert.Equal(t, tt.left, crm.left)
		})
	}
	f := newFixture(t)
	requireError(t, f.do(t, http.MethodGet, path, nil), http.StatusNotFound, CodeNotFound)
}
