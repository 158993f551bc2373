package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
)

func runToolkit(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := rootCommand()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String() + errOut.String(), err
}

func startDemo(t *testing.T) *emulator.Emulator {
	t.Helper()
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo()})
	require.NoError(t, err)
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func TestContractsVerifyCommand(t *testing.T) {
	e := startDemo(t)
	out, err := runToolkit(t, "contracts", "verify", "--target", e.URL(), "--contract", "adobe-ims,zoho-accounts", "--format", "junit")
	require.NoError(t, err, out)
	start := bytes.Index([]byte(out), []byte("<?xml"))
	require.GreaterOrEqual(t, start, 0, out)
	var suites struct {
		Tests int `xml:"tests,attr"`
		Fails int `xml:"failures,attr"`
	}
	end := bytes.Index([]byte(out), []byte("</testsuites>")) + len("</testsuites>")
	require.NoError(t, xml.Unmarshal([]byte(out[start:end]), &suites))
	assert.Equal(t, 8, suites.Tests, "the operations of two contracts")
	assert.Zero(t, suites.Fails)
	assert.Contains(t, out, "8 operations, 8 passed, 0 violated, 0 not covered")

	for _, tt := range []struct{ args []string }{
		{[]string{"contracts", "verify", "--target", e.URL(), "--format", "yaml"}},
		{[]string{"contracts", "verify", "--target", e.URL(), "--value", "novalue"}},
		{[]string{"contracts", "verify", "--target", e.URL(), "--contract", "nope"}},
		{[]string{"contracts", "verify", "--target", "http://127.0.0.1:1"}},
	} {
		_, err := runToolkit(t, tt.args...)
		assert.Error(t, err, "%v", tt.args)
	}
}

func TestBundleCommands(t *testing.T) {
	e := startDemo(t)
	e.Clock().Freeze()
	resp, err := e.HTTPClient().Get(e.URL() + "/crm/v8/Leads") // no token: a failure
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()

	file := filepath.Join(t.TempDir(), "repro.json.gz")
	out, err := runToolkit(t, "bundle", "export", "--emulator", e.URL(), "-o", file)
	require.NoError(t, err, out)
	assert.Contains(t, out, "1 journal entries, 1 failed")
	out, err = runToolkit(t, "bundle", "failures", file)
	require.NoError(t, err, out)
	assert.Contains(t, out, "zoho-crm GET /crm/v8/Leads -> 401")

	f := serveFlags{consent: "interactive", bundle: file}
	opts, err := f.options(discard)
	require.NoError(t, err)
	require.NotNil(t, opts.Bundle)
	assert.Nil(t, opts.Seed, "the bundle's world, not the demo's")
	again, err := emulator.New(opts)
	require.NoError(t, err)
	assert.True(t, e.Clock().Now().Equal(again.Clock().Now()), "the frozen clock comes back")
	assert.Equal(t, 1, again.Journal().Len())

	f.empty = true
	_, err = f.options(discard)
	assert.ErrorContains(t, err, "--bundle excludes")
	f.empty, f.bundle = false, filepath.Join(t.TempDir(), "missing")
	_, err = f.options(discard)
	assert.ErrorContains(t, err, "--bundle")
	require.NoError(t, os.WriteFile(f.bundle, []byte(`{"version":9}`), 0o600))
	_, err = f.options(discard)
	assert.ErrorContains(t, err, "version 9")
}

func TestProxyAndReplayRefuseBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"version":7}`), 0o600))
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"proxy"}, "upstream"},
		{[]string{"proxy", "--upstream", "ftp://example.invalid"}, "want an http or https URL"},
		{[]string{"replay", filepath.Join(t.TempDir(), "missing.json")}, "no such file"},
		{[]string{"replay", bad}, "version 7"},
		{[]string{"replay"}, "accepts 1 arg"},
		{[]string{"bundle", "failures", bad}, "version 7"},
	} {
		_, err := runToolkit(t, tt.args...)
		assert.ErrorContains(t, err, tt.want, "%v", tt.args)
	}
}

// bundle export --tenant writes one tenant of a shared emulator: its
// exchanges and its part of the state, nothing of the demo world's.
func TestBundleExportOfOneTenant(t *testing.T) {
	e := startDemo(t)
	resp, err := http.Post(e.URL()+"/_emulator/tenants", "application/json", strings.NewReader(`{"name":"Team A"}`))
	require.NoError(t, err)
	var tenant struct {
		ID   string `json:"id"`
		Self struct {
			ID string `json:"client_id"`
		} `json:"self_client"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tenant))
	_ = resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	for _, client := range []string{tenant.Self.ID, emulator.DemoServerClientID} { // a wrong secret: a failure each
		resp, err := http.PostForm(e.URL()+"/oauth/v2/token", url.Values{"grant_type": {"refresh_token"},
			"client_id": {client}, "client_secret": {"wrong"}, "refresh_token": {"1000.x.y"}})
		require.NoError(t, err)
		_ = resp.Body.Close()
	}

	file := filepath.Join(t.TempDir(), "team-a.json.gz")
	out, err := runToolkit(t, "bundle", "export", "--emulator", e.URL(), "--tenant", tenant.ID, "-o", file)
	require.NoError(t, err, out)
	assert.Contains(t, out, "1 journal entries, 1 failed", "the tenant's exchange alone")
	b, err := readBundle(file)
	require.NoError(t, err)
	assert.NotContains(t, string(b.State), emulator.DemoClientSecret)
	assert.Contains(t, string(b.State), tenant.Self.ID)

	_, err = runToolkit(t, "bundle", "export", "--emulator", e.URL(), "--tenant", "999999999", "-o", file)
	assert.ErrorContains(t, err, "404", "an unknown tenant")
}
