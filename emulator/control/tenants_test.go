package control

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// fakeTenants keeps the specs it was given and the tenants it made.
type fakeTenants struct {
	specs  []TenantSpec
	made   map[string]bool
	fail   error // CreateTenant's error, when set
	resets int
}

func (f *fakeTenants) CreateTenant(spec TenantSpec) (Tenant, error) {
	if f.fail != nil {
		return Tenant{}, f.fail
	}
	f.specs = append(f.specs, spec)
	id := fmt.Sprintf("90000000%d", len(f.specs))
	f.made[id] = true
	c := TenantClient{ID: "1000.T" + id, Secret: "s" + id}
	return Tenant{ID: id, IMSOrg: "T" + id + "@AdobeOrg", Sandbox: "prod", DC: "us",
		Admin: TenantUser{ZUID: "1" + id, Email: "admin@t" + id + ".test", Password: "pw"}, Server: c, Self: c, IMS: c}, nil
}

func (f *fakeTenants) DeleteTenant(id string) error {
	if id == usOrg {
		return fmt.Errorf("%w: seeded", zohoaccounts.ErrInvalid)
	}
	if !f.made[id] {
		return fmt.Errorf("%w: no tenant %q", zohoaccounts.ErrNotFound, id)
	}
	delete(f.made, id)
	return nil
}

func (f *fakeTenants) ResetTenant(id string) error {
	if id == usOrg {
		return fmt.Errorf("%w: seeded", zohoaccounts.ErrInvalid)
	}
	if !f.made[id] {
		return fmt.Errorf("%w: no tenant %q", zohoaccounts.ErrNotFound, id)
	}
	f.resets++
	return nil
}

func TestTenants(t *testing.T) {
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		want   expect
		fail   error
		status int
		code   string // the error code, for a failure
		spec   *TenantSpec
	}{
		{name: "no body: the defaults", method: http.MethodPost, path: "/_emulator/tenants", status: 201, spec: &TenantSpec{}},
		{name: "a spec", method: http.MethodPost, path: "/_emulator/tenants", body: map[string]any{"name": "Team", "dc": "eu", "leads": 10, "seed": 7},
			status: 201, spec: &TenantSpec{Name: "Team", DC: "eu", Leads: 10, Seed: 7}},
		{name: "no leads", method: http.MethodPost, path: "/_emulator/tenants", body: `{"leads":-1}`, status: 201, spec: &TenantSpec{Leads: -1}},
		{name: "leads below -1", method: http.MethodPost, path: "/_emulator/tenants", body: `{"leads":-5}`, want: badRequest, status: 400, code: CodeInvalid},
		{name: "an unknown field", method: http.MethodPost, path: "/_emulator/tenants", body: `{"org":"x"}`, want: badRequest, status: 400, code: CodeInvalidJSON},
		{name: "trailing data", method: http.MethodPost, path: "/_emulator/tenants", body: `{} {}`, status: 400, code: CodeInvalidJSON},
		{name: "a refused value", method: http.MethodPost, path: "/_emulator/tenants", body: `{"dc":"mars"}`,
			fail: fmt.Errorf("%w: dc", zohoaccounts.ErrInvalid), status: 400, code: CodeInvalid},
		{name: "an IMS conflict", method: http.MethodPost, path: "/_emulator/tenants", fail: fmt.Errorf("%w: org", adobeims.ErrConflict), status: 409, code: CodeConflict},
		{name: "delete one made", method: http.MethodDelete, path: "/_emulator/tenants/900000001", status: 204},
		{name: "delete an unknown one", method: http.MethodDelete, path: "/_emulator/tenants/123", status: 404, code: CodeNotFound},
		{name: "delete a seeded org", method: http.MethodDelete, path: "/_emulator/tenants/" + usOrg, status: 400, code: CodeInvalid},
		{name: "reset one made", method: http.MethodPost, path: "/_emulator/tenants/900000001/reset", status: 200},
		{name: "reset an unknown one", method: http.MethodPost, path: "/_emulator/tenants/123/reset", status: 404, code: CodeNotFound},
		{name: "reset a seeded org", method: http.MethodPost, path: "/_emulator/tenants/" + usOrg + "/reset", status: 400, code: CodeInvalid},
		{name: "a tenant takes no GET", method: http.MethodGet, path: "/_emulator/tenants/900000001", want: noOperation, status: 405, code: CodeMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ten := &fakeTenants{made: map[string]bool{"900000001": true}, fail: tt.fail}
			f.api = New(Deps{Clock: f.clock, Journal: f.journal, Faults: f.faults, Accounts: f.accounts, World: f.world, Tenants: ten})
			rec := f.do(t, tt.method, tt.path, tt.body, tt.want)
			if tt.code != "" {
				requireError(t, rec, tt.status, tt.code)
				return
			}
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			if tt.spec != nil {
				require.Len(t, ten.specs, 1)
				assert.Equal(t, *tt.spec, ten.specs[0])
				got := result[Tenant](t, rec)
				assert.Equal(t, "prod", got.Sandbox)
			}
		})
	}
}

func TestTenantsWithoutAProvider(t *testing.T) {
	f := newFixture(t)
	requireError(t, f.do(t, http.MethodPost, "/_emulator/tenants", nil), http.StatusNotFound, CodeNotFound)
	requireError(t, f.do(t, http.MethodDelete, "/_emulator/tenants/1", nil), http.StatusNotFound, CodeNotFound)
	requireError(t, f.do(t, http.MethodPost, "/_emulator/tenants/1/reset", nil), http.StatusNotFound, CodeNotFound)
}
