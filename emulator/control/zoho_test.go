package control

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

const orgs = "/_emulator/zoho/orgs"

func TestOrgs(t *testing.T) {
	f := newFixture(t)

	list := result[orgList](t, f.do(t, http.MethodGet, orgs, nil))
	require.Len(t, list.Orgs, 2)
	assert.Equal(t, []string{usOrg, euOrg}, []string{list.Orgs[0].ID, list.Orgs[1].ID})

	rec := f.do(t, http.MethodPost, orgs, map[string]any{"name": "Globex", "allowed_ips": []string{"203.0.113.0/24"}})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	globex := result[zohoaccounts.Org](t, rec)
	assert.Regexp(t, regexp.MustCompile(`^8[0-9]{8}$`), globex.ID)
	assert.Equal(t, zohoaccounts.Org{ID: globex.ID, Name: "Globex", DC: "us", TimeZone: "America/Los_Angeles",
		AllowedIPs: []string{"203.0.113.0/24"}}, globex)

	got := result[zohoaccounts.Org](t, f.do(t, http.MethodGet, orgs+"/"+globex.ID, nil))
	assert.Equal(t, globex, got)

	rec = f.do(t, http.MethodPut, orgs+"/"+globex.ID, map[string]any{"name": "Globex EU", "dc": "eu", "time_zone": "Europe/Paris"})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, zohoaccounts.Org{ID: globex.ID, Name: "Globex EU", DC: "eu", TimeZone: "Europe/Paris"}, result[zohoaccounts.Org](t, rec))

	rec = f.do(t, http.MethodPut, orgs+"/"+globex.ID, map[string]any{"id": globex.ID, "name": "Globex"})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())

	require.Equal(t, http.StatusNoContent, f.do(t, http.MethodDelete, orgs+"/"+globex.ID, nil).Code)
	requireError(t, f.do(t, http.MethodGet, orgs+"/"+globex.ID, nil), 404, CodeNotFound)
	assert.Len(t, result[orgList](t, f.do(t, http.MethodGet, orgs, nil)).Orgs, 2)
}

func TestOrgErrors(t *testing.T) {
	tests := []struct {
		name, method, path string
		body               any
		want               expect
		status             int
		code               string
	}{
		{"create: taken id", http.MethodPost, orgs, map[string]string{"id": usOrg, "name": "Again"}, conforming, 409, CodeConflict},
		{"create: no name", http.MethodPost, orgs, map[string]string{"dc": "us"}, badRequest, 400, CodeInvalid},
		{"create: unknown DC", http.MethodPost, orgs, map[string]string{"name": "X", "dc": "mars"}, badRequest, 400, CodeInvalid},
		{"create: unknown time zone", http.MethodPost, orgs, map[string]string{"name": "X", "time_zone": "Mars/Olympus"}, conforming, 400, CodeInvalid},
		{"create: bad allow list", http.MethodPost, orgs, map[string]any{"name": "X", "allowed_ips": []string{"not-an-ip"}}, conforming, 400, CodeInvalid},
		{"get: unknown", http.MethodGet, orgs + "/42", nil, conforming, 404, CodeNotFound},
		{"replace: unknown", http.MethodPut, orgs + "/42", map[string]string{"name": "X"}, conforming, 404, CodeNotFound},
		{"replace: other id", http.MethodPut, orgs + "/" + usOrg, map[string]string{"id": euOrg, "name": "X"}, conforming, 400, CodeInvalid},
		{"replace: no body", http.MethodPut, orgs + "/" + usOrg, nil, badRequest, 400, CodeInvalidJSON},
		{"delete: unknown", http.MethodDelete, orgs + "/42", nil, conforming, 404, CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.accounts.Export()
			requireError(t, f.do(t, tt.method, tt.path, tt.body, tt.want), tt.status, tt.code)
			assert.Equal(t, before, f.accounts.Export(), "a refused request changes nothing")
		})
	}
}

func TestUsers(t *testing.T) {
	f := newFixture(t)
	users := orgs + "/" + usOrg + "/users"

	list := result[userList](t, f.do(t, http.MethodGet, users, nil))
	require.Len(t, list.Users, 1)
	assert.Equal(t, aliceEmail, list.Users[0].Email)
	assert.Empty(t, list.Users[0].Password, "passwords are never shown")

	rec := f.do(t, http.MethodPost, users, map[string]any{"email": "carol@acme.test", "password": "pw",
		"first_name": "Carol", "last_name": "Chen", "time_zone": "Asia/Tokyo"})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	assert.NotContains(t, rec.Body.String(), "password")
	carol := result[zohoaccounts.User](t, rec)
	assert.NotEmpty(t, carol.ZUID)
	assert.Equal(t, zohoaccounts.User{ZUID: carol.ZUID, OrgID: usOrg, Email: "carol@acme.test",
		FirstName: "Carol", LastName: "Chen", TimeZone: "Asia/Tokyo"}, carol)

	rec = f.do(t, http.MethodPost, users, map[string]any{"zuid": "700000009", "org_id": usOrg, "email": "dan@acme.test"})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())

	assert.Len(t, result[userList](t, f.do(t, http.MethodGet, users, nil)).Users, 3)
	all := result[userList](t, f.do(t, http.MethodGet, "/_emulator/zoho/users", nil)).Users
	assert.Len(t, all, 4)
	for _, u := range all {
		assert.Empty(t, u.Password)
	}

	require.Equal(t, http.StatusNoContent, f.do(t, http.MethodDelete, "/_emulator/zoho/users/"+carol.ZUID, nil).Code)
	assert.Len(t, result[userList](t, f.do(t, http.MethodGet, users, nil)).Users, 2)
	requireError(t, f.do(t, http.MethodDelete, "/_emulator/zoho/users/"+carol.ZUID, nil), 404, CodeNotFound)

	empty := result[userList](t, f.do(t, http.MethodGet, orgs+"/"+euOrg+"/users", nil))
	require.Len(t, empty.Users, 1)
	require.NoError(t, f.accounts.DeleteUser(bobZUID))
	rec = f.do(t, http.MethodGet, orgs+"/"+euOrg+"/users", nil)
	assert.JSONEq(t, `{"users":[]}`, rec.Body.String())
}

func TestUserErrors(t *testing.T) {
	users := orgs + "/" + usOrg + "/users"
	tests := []struct {
		name, method, path string
		body               any
		want               expect
		status             int
		code               string
	}{
		{"list: unknown org", http.MethodGet, orgs + "/42/users", nil, conforming, 404, CodeNotFound},
		{"create: unknown org", http.MethodPost, orgs + "/42/users", map[string]string{"email": "x@y.z"}, conforming, 404, CodeNotFound},
		{"create: other org in body", http.MethodPost, users, map[string]string{"email": "x@y.z", "org_id": euOrg}, conforming, 400, CodeInvalid},
		{"create: no e-mail", http.MethodPost, users, map[string]string{"first_name": "X"}, badRequest, 400, CodeInvalid},
		{"create: not an e-mail", http.MethodPost, users, map[string]string{"email": "carol"}, badRequest, 400, CodeInvalid},
		{"create: taken e-mail", http.MethodPost, users, map[string]string{"email": "ALICE@acme.test"}, conforming, 409, CodeConflict},
		{"create: taken zuid", http.MethodPost, users, map[string]string{"email": "x@y.z", "zuid": bobZUID}, conforming, 409, CodeConflict},
		{"create: unknown time zone", http.MethodPost, users, map[string]string{"email": "x@y.z", "time_zone": "Nowhere"}, conforming, 400, CodeInvalid},
		{"create: unknown field", http.MethodPost, users, map[string]string{"email": "x@y.z", "role": "admin"}, badRequest, 400, CodeInvalidJSON},
		{"delete: unknown", http.MethodDelete, "/_emulator/zoho/users/1", nil, conforming, 404, CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.accounts.Export()
			requireError(t, f.do(t, tt.method, tt.path, tt.body, tt.want), tt.status, tt.code)
			assert.Equal(t, before, f.accounts.Export(), "a refused request changes nothing")
		})
	}
}

func TestConsent(t *testing.T) {
	const path = "/_emulator/zoho/consent"
	tests := []struct {
		name   string
		body   any
		want   expect
		status int
		answer string // the consent, or the error code
	}{
		{"approve as a user", map[string]string{"mode": "approve", "user": aliceEmail}, conforming, 200, `{"mode":"approve","user":"` + aliceEmail + `"}`},
		{"deny", map[string]string{"mode": "deny"}, conforming, 200, `{"mode":"deny"}`},
		{"interactive", map[string]string{"mode": "interactive"}, conforming, 200, `{"mode":"interactive"}`},
		{"approve without a user", map[string]string{"mode": "approve"}, conforming, 400, CodeInvalid},
		{"approve as a stranger", map[string]string{"mode": "approve", "user": "eve@evil.test"}, conforming, 400, CodeInvalid},
		{"unknown mode", map[string]string{"mode": "maybe"}, badRequest, 400, CodeInvalid},
		{"no mode", map[string]string{}, badRequest, 400, CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			require.NoError(t, f.accounts.SetConsent(zohoaccounts.Consent{Mode: zohoaccounts.ConsentDeny}))
			rec := f.do(t, http.MethodPut, path, tt.body, tt.want)
			if tt.status != http.StatusOK {
				requireError(t, rec, tt.status, tt.answer)
				tt.answer = `{"mode":"deny"}`
			} else {
				require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
				assert.JSONEq(t, tt.answer, rec.Body.String())
			}
			assert.JSONEq(t, tt.answer, f.do(t, http.MethodGet, path, nil).Body.String())
		})
	}
}
