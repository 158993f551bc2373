package adobeims_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

func TestOrgs(t *testing.T) {
	w := newWorld(t, adobeims.Config{})

	o, err := w.s.CreateOrg(adobeims.Org{Name: "Fresh"})
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9A-F]{24}@AdobeOrg$`, o.ID)
	sb, ok := w.s.Sandbox(o.ID, "prod")
	require.True(t, ok, "every org has prod")
	assert.Equal(t, adobeims.SandboxProduction, sb.Type)
	assert.Equal(t, "Prod", sb.Title)
	def, ok := w.s.Sandbox(o.ID, "")
	require.True(t, ok)
	assert.Equal(t, sb, def, "the empty name is the default sandbox")

	tests := []struct {
		name string
		org  adobeims.Org
		want error
	}{
		{"existing id", adobeims.Org{ID: acmeOrg, Name: "x"}, adobeims.ErrConflict},
		{"no name", adobeims.Org{ID: "NEW00000000000000000000A@AdobeOrg"}, adobeims.ErrInvalid},
		{"blank name", adobeims.Org{ID: "NEW00000000000000000000A@AdobeOrg", Name: "  "}, adobeims.ErrInvalid},
		{"no suffix", adobeims.Org{ID: "NEW00000000000000000000A", Name: "x"}, adobeims.ErrInvalid},
		{"wrong suffix", adobeims.Org{ID: "NEW00000000000000000000A@AdobeID", Name: "x"}, adobeims.ErrInvalid},
		{"punctuation", adobeims.Org{ID: "NEW-0000@AdobeOrg", Name: "x"}, adobeims.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.s.Export()
			_, err := w.s.CreateOrg(tt.org)
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, before, w.s.Export())
		})
	}

	_, err = w.s.UpdateOrg(adobeims.Org{ID: acmeOrg, Name: "Acme Renamed"})
	require.NoError(t, err)
	got, err := w.s.GetOrg(acmeOrg)
	require.NoError(t, err)
	assert.Equal(t, "Acme Renamed", got.Name)
	_, err = w.s.UpdateOrg(adobeims.Org{ID: "NOPE0000000000000000000A@AdobeOrg", Name: "x"})
	assert.ErrorIs(t, err, adobeims.ErrNotFound)
	_, err = w.s.GetOrg("NOPE0000000000000000000A@AdobeOrg")
	assert.ErrorIs(t, err, adobeims.ErrNotFound)

	assert.Len(t, w.s.Orgs(), 3)
	require.NoError(t, w.s.DeleteOrg(o.ID))
	assert.ErrorIs(t, w.s.DeleteOrg(o.ID), adobeims.ErrNotFound)
	_, ok = w.s.Sandbox(o.ID, "prod")
	assert.False(t, ok)
	assert.Equal(t, []adobeims.Org{{ID: acmeOrg, Name: "Acme Renamed"}, {ID: otherOrg, Name: "Other Co"}}, w.s.Orgs())
}

func TestCredentials(t *testing.T) {
	w := newWorld(t, adobeims.Config{})

	c, err := w.s.CreateCredential(adobeims.Credential{OrgID: otherOrg})
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{32}$`, c.ClientID)
	assert.Regexp(t, `^p8e-[0-9a-f]{32}$`, c.Secret)
	assert.Regexp(t, `^[0-9A-F]{24}@techacct\.adobe\.com$`, c.TechnicalAccountID)
	assert.Equal(t, adobeims.DefaultScopes, c.Scopes)
	assert.Equal(t, otherOrg, w.s.TenantOf(c.ClientID))
	w.mustToken(grant(c))

	tests := []struct {
		name string
		cred adobeims.Credential
		want error
	}{
		{"unknown org", adobeims.Credential{OrgID: "NOPE0000000000000000000A@AdobeOrg"}, adobeims.ErrNotFound},
		{"no org", adobeims.Credential{}, adobeims.ErrNotFound},
		{"existing client id", adobeims.Credential{ClientID: acmeCred.ClientID, OrgID: otherOrg}, adobeims.ErrConflict},
		{"client id with a space", adobeims.Credential{ClientID: "a b", OrgID: otherOrg}, adobeims.ErrInvalid},
		{"secret with a colon", adobeims.Credential{Secret: "a:b", OrgID: otherOrg}, adobeims.ErrInvalid},
		{"technical account in the wrong domain", adobeims.Credential{OrgID: otherOrg, TechnicalAccountID: "X@AdobeID"}, adobeims.ErrInvalid},
		{"scope with a comma", adobeims.Credential{OrgID: otherOrg, Scopes: []string{"openid,AdobeID"}}, adobeims.ErrInvalid},
		{"empty scope", adobeims.Credential{OrgID: otherOrg, Scopes: []string{"openid", ""}}, adobeims.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.s.Export()
			_, err := w.s.CreateCredential(tt.cred)
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, before, w.s.Export())
		})
	}

	dup, err := w.s.CreateCredential(adobeims.Credential{OrgID: otherOrg, Scopes: []string{"openid", "openid", "AdobeID"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"openid", "AdobeID"}, dup.Scopes, "repeats dropped")

	// Update keeps what it is not told; narrowing scopes takes effect at once.
	up, err := w.s.UpdateCredential(adobeims.Credential{ClientID: acmeCred.ClientID, Scopes: []string{"openid"}})
	require.NoError(t, err)
	assert.Equal(t, acmeCred.Secret, up.Secret)
	assert.Equal(t, acmeOrg, up.OrgID)
	assert.Equal(t, acmeTech, up.TechnicalAccountID)
	imsError(t, w.token(grant(acmeCred)), http.StatusBadRequest, "invalid_scope", "invalid scope")
	w.mustToken(grant(acmeCred, "scope", "openid"))
	_, err = w.s.UpdateCredential(adobeims.Credential{ClientID: "nope"})
	assert.ErrorIs(t, err, adobeims.ErrNotFound)
	_, err = w.s.UpdateCredential(adobeims.Credential{ClientID: acmeCred.ClientID, OrgID: "NOPE0000000000000000000A@AdobeOrg"})
	assert.ErrorIs(t, err, adobeims.ErrNotFound)

	// The Go API hands out copies.
	got, err := w.s.GetCredential(acmeCred.ClientID)
	require.NoError(t, err)
	got.Scopes[0] = "mutated"
	again, err := w.s.GetCredential(acmeCred.ClientID)
	require.NoError(t, err)
	assert.Equal(t, []string{"openid"}, again.Scopes)

	assert.Len(t, w.s.Credentials(acmeOrg), 2)
	assert.Len(t, w.s.Credentials(""), 5)
	require.NoError(t, w.s.DeleteCredential(acmeCred.ClientID))
	assert.ErrorIs(t, w.s.DeleteCredential(acmeCred.ClientID), adobeims.ErrNotFound)
	_, err = w.s.GetCredential(acmeCred.ClientID)
	assert.ErrorIs(t, err, adobeims.ErrNotFound)
	assert.Empty(t, w.s.TenantOf(acmeCred.ClientID))
	imsError(t, w.token(grant(acmeCred)), http.StatusBadRequest, "invalid_client", "invalid client_id parameter")
}

func TestSandboxes(t *testing.T) {
	w := newWorld(t, adobeims.Config{})

	list, err := w.s.Sandboxes(acmeOrg)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, devSandbox, list[0])
	assert.Equal(t, "prod", list[1].Name)
	_, err = w.s.Sandboxes("NOPE0000000000000000000A@AdobeOrg")
	assert.ErrorIs(t, err, adobeims.ErrNotFound)

	// prod's id is derived from the org: stable across worlds, distinct across orgs.
	acmeProd, _ := w.s.Sandbox(acmeOrg, "prod")
	otherProd, _ := w.s.Sandbox(otherOrg, "prod")
	assert.NotEqual(t, acmeProd.ID, otherProd.ID)
	again := newWorld(t, adobeims.Config{})
	acmeProd2, _ := again.s.Sandbox(acmeOrg, "prod")
	assert.Equal(t, acmeProd, acmeProd2)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, acmeProd.ID)

	sb, err := w.s.CreateSandbox(otherOrg, adobeims.Sandbox{Name: "qa"})
	require.NoError(t, err)
	assert.Equal(t, "Qa", sb.Title)
	assert.Equal(t, adobeims.SandboxDevelopment, sb.Type)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, sb.ID)
	got, ok := w.s.Sandbox(otherOrg, "qa")
	require.True(t, ok)
	assert.Equal(t, sb, got)
	_, ok = w.s.Sandbox(acmeOrg, "qa")
	assert.False(t, ok, "sandboxes belong to their org")

	upper, err := w.s.CreateSandbox(otherOrg, adobeims.Sandbox{Name: "stage", ID: "ABCDEF01-2345-4678-9ABC-DEF012345678", Type: adobeims.SandboxProduction})
	require.NoError(t, err)
	assert.Equal(t, "abcdef01-2345-4678-9abc-def012345678", upper.ID, "ids are lowercased")

	tests := []struct {
		name string
		org  string
		sb   adobeims.Sandbox
		want error
	}{
		{"unknown org", "NOPE0000000000000000000A@AdobeOrg", adobeims.Sandbox{Name: "x"}, adobeims.ErrNotFound},
		{"prod again", acmeOrg, adobeims.Sandbox{Name: "prod"}, adobeims.ErrConflict},
		{"same name", acmeOrg, adobeims.Sandbox{Name: "dev-1"}, adobeims.ErrConflict},
		{"same id in another org", otherOrg, adobeims.Sandbox{Name: "copy", ID: devSandbox.ID}, adobeims.ErrConflict},
		{"prod's id", otherOrg, adobeims.Sandbox{Name: "copy", ID: acmeProd.ID}, adobeims.ErrConflict},
		{"no name", acmeOrg, adobeims.Sandbox{}, adobeims.ErrInvalid},
		{"capitals", acmeOrg, adobeims.Sandbox{Name: "Dev"}, adobeims.ErrInvalid},
		{"underscore", acmeOrg, adobeims.Sandbox{Name: "dev_2"}, adobeims.ErrInvalid},
		{"leading hyphen", acmeOrg, adobeims.Sandbox{Name: "-dev"}, adobeims.ErrInvalid},
		{"id not a UUID", acmeOrg, adobeims.Sandbox{Name: "x", ID: "1234"}, adobeims.ErrInvalid},
		{"unknown type", acmeOrg, adobeims.Sandbox{Name: "x", Type: "staging"}, adobeims.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.s.Export()
			_, err := w.s.CreateSandbox(tt.org, tt.sb)
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, before, w.s.Export())
		})
	}

	assert.ErrorIs(t, w.s.DeleteSandbox(acmeOrg, "prod"), adobeims.ErrConflict)
	assert.ErrorIs(t, w.s.DeleteSandbox(acmeOrg, "nope"), adobeims.ErrNotFound)
	assert.ErrorIs(t, w.s.DeleteSandbox("NOPE0000000000000000000A@AdobeOrg", "prod"), adobeims.ErrNotFound)
	require.NoError(t, w.s.DeleteSandbox(acmeOrg, "dev-1"))
	_, ok = w.s.Sandbox(acmeOrg, "dev-1")
	assert.False(t, ok)
}

// TestFrontDoor: the tenant and client a request names, for the journal.
func TestFrontDoor(t *testing.T) {
	w := newWorld(t, adobeims.Config{})
	assert.Equal(t, acmeOrg, w.s.TenantOf(acmeCred.ClientID))
	assert.Equal(t, otherOrg, w.s.TenantOf(otherCred.ClientID))
	assert.Empty(t, w.s.TenantOf("nope"))
	assert.Empty(t, w.s.TenantOf(""))

	body := grant(acmeCred).Encode()
	r := postForm(adobeims.PathToken, grant(acmeCred))
	assert.Equal(t, acmeCred.ClientID, adobeims.ClientOf(r, []byte(body)))
	r = postForm(adobeims.PathToken+"?client_id=from-query", grant(acmeCred))
	assert.Equal(t, "from-query", adobeims.ClientOf(r, []byte(body)))
	r = postForm(adobeims.PathToken, vals())
	r.SetBasicAuth("from-basic", "s")
	assert.Equal(t, "from-basic", adobeims.ClientOf(r, nil))
	r = postForm(adobeims.PathKeys, vals())
	assert.Empty(t, adobeims.ClientOf(r, nil))
}
