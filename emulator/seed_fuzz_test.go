package emulator_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
)

// seedWorld is a small world as a user writes one in YAML.
const seedWorld = `version: 1
zoho:
  orgs:
    - org: {id: "900000001", name: Acme, dc: eu, time_zone: Europe/Berlin}
      users:
        - {zuid: "900000101", email: ops@acme.test, password: pw, first_name: Ada, last_name: Ops}
      clients:
        - id: 1000.ACMESELFCLIENT000000000000000000
          secret: 00000000000000000000000000000000000000000a
          name: Acme
          type: self_client
          home_dc: eu
          dcs: [eu]
crm:
  data:
    - spec:
        org_id: "900000001"
        seed: 7
        standard: true
        modules:
          - {api_name: Leads, generate: 30}
`

// FuzzParseSeed holds the seed-file parser (serve --seed, YAML or JSON) to:
// no panic; a parsed world writes back as JSON that parses to the same
// world; and the emulator starts with it or says why not, without panic.
func FuzzParseSeed(f *testing.F) {
	demo, err := json.Marshal(emulator.Demo())
	require.NoError(f, err)
	for _, s := range []string{
		seedWorld, string(demo), `{}`, `version: 1`, `version: 99`, `zoho: {orgs: [{org: {id: x}}]}`,
		`unknown: 1`, `zoho: [1, 2]`, `{1: 2}`, `- a`, `: :`, "\t", `zoho: {orgs: [{org: {id: "1", dc: mars}}]}`,
		`crm: {data: [{spec: {org_id: "810000001", modules: [{api_name: Leads, generate: -5}]}}]}`,
		`faults: [{action: {status: 700}}]`, `clock: {now: yesterday}`, `&a [*a]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		st, err := emulator.ParseSeed(doc)
		if err != nil {
			return
		}
		require.NotNil(t, st)
		out, err := json.Marshal(st)
		require.NoError(t, err)
		back, err := emulator.ParseSeed(out)
		require.NoError(t, err, "a parsed world's JSON parses: %s", out)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.JSONEq(t, string(out), string(again))
		if len(out) > 64<<10 {
			return
		}
		e, err := emulator.New(emulator.Options{Seed: st, NoValidation: true})
		if err == nil {
			_ = e.Close()
		}
	})
}
