package main

import (
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

var discard = slog.New(slog.DiscardHandler)

func TestServeOptions(t *testing.T) {
	def := serveFlags{consent: "interactive"}
	tests := []struct {
		name    string
		edit    func(*serveFlags)
		check   func(*testing.T, serveFlags)
		wantErr string
	}{
		{"demo by default", nil, func(t *testing.T, f serveFlags) {
			opts, err := f.options(discard)
			require.NoError(t, err)
			require.NotNil(t, opts.Seed)
			assert.Equal(t, zohoaccounts.ConsentInteractive, opts.Accounts.Consent.Mode)
		}, ""},
		{"empty world", func(f *serveFlags) { f.empty = true }, func(t *testing.T, f serveFlags) {
			opts, err := f.options(discard)
			require.NoError(t, err)
			assert.Nil(t, opts.Seed)
		}, ""},
		{"approve consent", func(f *serveFlags) { f.consent = "approve:admin@zylker.test" }, func(t *testing.T, f serveFlags) {
			opts, err := f.options(discard)
			require.NoError(t, err)
			assert.Equal(t, zohoaccounts.Consent{Mode: zohoaccounts.ConsentApprove, User: "admin@zylker.test"}, opts.Accounts.Consent)
		}, ""},
		{"scale a CRM module", func(f *serveFlags) { f.crmRecords = []string{"Leads=1000000"} }, func(t *testing.T, f serveFlags) {
			opts, err := f.options(discard)
			require.NoError(t, err)
			mods := opts.Seed.CRM.Data[0].Spec.Modules
			i := slices.IndexFunc(mods, func(m crmdata.ModuleSpec) bool { return m.APIName == "Leads" })
			require.GreaterOrEqual(t, i, 0)
			assert.Equal(t, 1000000, mods[i].Generate)
		}, ""},
		{"frozen clock", func(f *serveFlags) { f.frozenAt = "2026-01-02T03:04:05Z" }, func(t *testing.T, f serveFlags) {
			opts, err := f.options(discard)
			require.NoError(t, err)
			assert.True(t, opts.Clock.State().Frozen)
			assert.Equal(t, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), opts.Clock.Now().UTC())
		}, ""},
		{"scenarios in the console", func(f *serveFlags) { f.scenarioReport = "/nonexistent/report.json" }, func(t *testing.T, f serveFlags) {
			opts, err := f.options(discard)
			require.NoError(t, err)
			require.NotNil(t, opts.Scenarios)
			list := opts.Scenarios.Scenarios()
			require.NotEmpty(t, list, "the catalogue")
			assert.Nil(t, list[0].LastResult, "a missing report shows no results")
		}, ""},
		{"seed and empty", func(f *serveFlags) { f.seed, f.empty = "x.yaml", true }, nil, "exclude each other"},
		{"approve without user", func(f *serveFlags) { f.consent = "approve" }, nil, "needs a user"},
		{"unknown consent", func(f *serveFlags) { f.consent = "maybe" }, nil, "--consent"},
		{"bad scale", func(f *serveFlags) { f.crmRecords = []string{"Leads"} }, nil, "MODULE=COUNT"},
		{"unknown module", func(f *serveFlags) { f.crmRecords = []string{"Nope=5"} }, nil, "no module"},
		{"bad clock", func(f *serveFlags) { f.frozenAt = "yesterday" }, nil, "--frozen-at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := def
			if tt.edit != nil {
				tt.edit(&f)
			}
			if tt.wantErr != "" {
				_, err := f.options(discard)
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			tt.check(t, f)
		})
	}
}
