package adobeims_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

func TestExportImport(t *testing.T) {
	w := newWorld(t, adobeims.Config{})
	exp := w.s.Export()

	// Deterministic: a second world from the same seed exports the same.
	assert.Equal(t, exp, newWorld(t, adobeims.Config{}).s.Export())
	require.Len(t, exp.Orgs, 2)
	assert.Equal(t, acmeOrg, exp.Orgs[0].ID)
	assert.Len(t, exp.Orgs[0].Credentials, 2)
	assert.Equal(t, []string{"dev-1", "prod"}, []string{exp.Orgs[0].Sandboxes[0].Name, exp.Orgs[0].Sandboxes[1].Name})
	assert.Equal(t, adobeims.DefaultScopes, exp.Orgs[1].Credentials[0].Scopes, "defaults filled in")

	// Round trip through JSON into a fresh service.
	data, err := json.Marshal(exp)
	require.NoError(t, err)
	var doc adobeims.State
	require.NoError(t, json.Unmarshal(data, &doc))
	fresh, err := adobeims.New(adobeims.Config{}, w.clk.Now)
	require.NoError(t, err)
	require.NoError(t, fresh.Import(doc))
	assert.Equal(t, exp, fresh.Export())

	// Tokens of one world verify in the other: same key, same credentials.
	tok := w.mustToken(grant(acmeCred))
	_, err = fresh.Verify(tok)
	assert.NoError(t, err)

	// Exports are copies.
	exp.Orgs[0].Credentials[0].Scopes[0] = "mutated"
	assert.NotEqual(t, exp, w.s.Export())
}

func TestImportInvalidChangesNothing(t *testing.T) {
	bad := func(mut func(*adobeims.State)) adobeims.State {
		st := seed()
		mut(&st)
		return st
	}
	tests := []struct {
		name string
		doc  adobeims.State
		want error
	}{
		{"org without name", bad(func(s *adobeims.State) { s.Orgs[1].Name = "" }), adobeims.ErrInvalid},
		{"two orgs, one id", bad(func(s *adobeims.State) { s.Orgs[1].ID = acmeOrg }), adobeims.ErrConflict},
		{"a client id twice", bad(func(s *adobeims.State) { s.Orgs[1].Credentials[0].ClientID = acmeCred.ClientID }), adobeims.ErrConflict},
		{"prod as development", bad(func(s *adobeims.State) {
			s.Orgs[1].Sandboxes = []adobeims.Sandbox{{Name: "prod", Type: adobeims.SandboxDevelopment}}
		}), adobeims.ErrInvalid},
		{"a sandbox twice", bad(func(s *adobeims.State) {
			s.Orgs[0].Sandboxes = append(s.Orgs[0].Sandboxes, devSandbox)
		}), adobeims.ErrConflict},
		{"bad scope", bad(func(s *adobeims.State) { s.Orgs[0].Credentials[0].Scopes = []string{"a b"} }), adobeims.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, adobeims.Config{})
			before := w.s.Export()
			assert.ErrorIs(t, w.s.Import(tt.doc), tt.want)
			assert.Equal(t, before, w.s.Export())
			assert.ErrorIs(t, w.s.Seed(tt.doc), tt.want)
			assert.Equal(t, before, w.s.Export())
			require.NoError(t, w.s.Reset(""))
			assert.Equal(t, before, w.s.Export(), "the failed seed did not replace the old one")
		})
	}
}

func TestSeedProdSandbox(t *testing.T) {
	const prodID = "11111111-2222-4333-8444-555555555555"
	w := newWorld(t, adobeims.Config{})
	st := seed()
	st.Orgs[1].Sandboxes = []adobeims.Sandbox{{Name: "prod", ID: prodID, Title: "Production"}}
	require.NoError(t, w.s.Seed(st))
	sb, ok := w.s.Sandbox(otherOrg, "prod")
	require.True(t, ok)
	assert.Equal(t, adobeims.Sandbox{Name: "prod", ID: prodID, Title: "Production", Type: adobeims.SandboxProduction}, sb,
		"a seed may fix prod's id")
}

func TestReset(t *testing.T) {
	w := newWorld(t, adobeims.Config{})
	seeded := w.s.Export()

	change := func() {
		_, err := w.s.UpdateCredential(adobeims.Credential{ClientID: acmeCred.ClientID, Secret: "changed"})
		require.NoError(t, err)
		require.NoError(t, w.s.DeleteSandbox(acmeOrg, "dev-1"))
		_, err = w.s.CreateSandbox(otherOrg, adobeims.Sandbox{Name: "qa"})
		require.NoError(t, err)
		_, err = w.s.CreateOrg(adobeims.Org{ID: "NEW00000000000000000000A@AdobeOrg", Name: "New"})
		require.NoError(t, err)
	}

	change()
	require.NoError(t, w.s.Reset(""))
	assert.Equal(t, seeded, w.s.Export(), "a full reset returns to the seed")

	change()
	require.NoError(t, w.s.Reset(acmeOrg))
	got := w.s.Export()
	assert.Equal(t, seeded.Orgs[0], got.Orgs[0], "the tenant is back to its seed")
	qa, ok := w.s.Sandbox(otherOrg, "qa")
	assert.True(t, ok, "other tenants keep their changes: %v", qa)
	_, err := w.s.GetOrg("NEW00000000000000000000A@AdobeOrg")
	assert.NoError(t, err)

	// A tenant created since the seed is reset to nothing.
	require.NoError(t, w.s.Reset("NEW00000000000000000000A@AdobeOrg"))
	_, err = w.s.GetOrg("NEW00000000000000000000A@AdobeOrg")
	assert.ErrorIs(t, err, adobeims.ErrNotFound)
	assert.ErrorIs(t, w.s.Reset("NEW00000000000000000000A@AdobeOrg"), adobeims.ErrNotFound)

	// A seeded tenant deleted since comes back.
	require.NoError(t, w.s.DeleteOrg(otherOrg))
	require.NoError(t, w.s.Reset(otherOrg))
	assert.Equal(t, otherOrg, w.s.TenantOf(otherCred.ClientID))

	// A reset that would clash changes nothing: another tenant took a
	// client id of the seed's.
	require.NoError(t, w.s.DeleteOrg(otherOrg))
	_, err = w.s.CreateCredential(adobeims.Credential{ClientID: otherCred.ClientID, OrgID: acmeOrg})
	require.NoError(t, err)
	before := w.s.Export()
	assert.ErrorIs(t, w.s.Reset(otherOrg), adobeims.ErrConflict)
	assert.Equal(t, before, w.s.Export())
}

// TestDemo: the demo world mints tokens for its well-known credential.
func TestDemo(t *testing.T) {
	w := newWorld(t, adobeims.Config{})
	require.NoError(t, w.s.Seed(adobeims.Demo()))
	assert.Equal(t, adobeims.DemoOrgID, w.s.TenantOf(adobeims.DemoClientID))
	sb, ok := w.s.Sandbox(adobeims.DemoOrgID, "prod")
	require.True(t, ok)
	assert.Equal(t, adobeims.SandboxProduction, sb.Type)

	demo := adobeims.Credential{ClientID: adobeims.DemoClientID, Secret: adobeims.DemoClientSecret}
	tok, err := w.s.Verify(w.mustToken(grant(demo)))
	require.NoError(t, err)
	assert.Equal(t, adobeims.DemoOrgID, tok.OrgID)
	assert.Equal(t, adobeims.DemoTechnicalAccountID, tok.UserID)
	assert.True(t, tok.HasScope("read_organizations"))
	assert.False(t, tok.HasScope("admin"))

	// Demo returns a fresh document each time.
	d := adobeims.Demo()
	d.Orgs[0].Credentials[0].Scopes[0] = "mutated"
	assert.Equal(t, adobeims.DefaultScopes, adobeims.Demo().Orgs[0].Credentials[0].Scopes)
}
