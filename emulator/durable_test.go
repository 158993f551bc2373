package emulator_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/bundle"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// world is what TestDataDirKeepsAcknowledgedChanges does to a world and
// then expects of it after a restart.
type worldChanges struct {
	refresh, access, imsToken, leadID string
	frozenAt                          time.Time
}

func changeWorld(t *testing.T, e *emulator.Emulator) worldChanges {
	t.Helper()
	c := e.HTTPClient()
	var w worldChanges
	resp, err := c.Post(e.URL()+"/_emulator/zoho/clients/"+emulator.DemoSelfClientID+"/codes", "application/json",
		strings.NewReader(`{"user":"`+emulator.DemoUserEmail+`","scopes":["ZohoCRM.modules.ALL"]}`))
	require.NoError(t, err)
	code := decode(t, resp)
	require.Equal(t, http.StatusCreated, resp.StatusCode, code)

	resp, err = c.PostForm(e.URL()+"/oauth/v2/token", exchangeForm(code["code"].(string)))
	require.NoError(t, err)
	tok := decode(t, resp)
	require.Contains(t, tok, "refresh_token")
	w.refresh, w.access = tok["refresh_token"].(string), tok["access_token"].(string)

	req, _ := http.NewRequest(http.MethodPost, e.URL()+"/crm/v8/Leads", strings.NewReader(`{"data":[{"Last_Name":"Durable","Company":"Kill Nine Ltd"}]}`))
	req.Header.Set("Authorization", "Zoho-oauthtoken "+w.access)
	req.Header.Set("Content-Type", "application/json")
	resp, err = c.Do(req)
	require.NoError(t, err)
	created := decode(t, resp)
	require.Equal(t, http.StatusCreated, resp.StatusCode, created)
	w.leadID = created["data"].([]any)[0].(map[string]any)["details"].(map[string]any)["id"].(string)

	resp, err = c.PostForm(e.URL()+"/ims/token/v3", url.Values{"grant_type": {"client_credentials"},
		"client_id": {adobeims.DemoClientID}, "client_secret": {adobeims.DemoClientSecret}, "scope": {"openid,AdobeID"}})
	require.NoError(t, err)
	ims := decode(t, resp)
	require.Contains(t, ims, "access_token")
	w.imsToken = ims["access_token"].(string)

	resp, err = c.Post(e.URL()+"/_emulator/clock/freeze", "application/json", nil)
	require.NoError(t, err)
	resp.Body.Close()
	w.frozenAt = e.Clock().Now()
	return w
}

func TestDataDirKeepsAcknowledgedChanges(t *testing.T) {
	dir := t.TempDir()
	opts := emulator.Options{Seed: emulator.Demo(), DataDir: dir}
	first := emulatortest.New(t, emulatortest.WithOptions(opts))
	assert.False(t, first.Loaded(), "a new data dir starts from the seed")
	w := changeWorld(t, first)
	_, err := emulator.New(opts)
	assert.Error(t, err, "one process per data dir")
	require.NoError(t, first.Close())

	// The seed of the second start does not matter: the data dir wins.
	opts.Seed = nil
	again := emulatortest.New(t, emulatortest.WithOptions(opts))
	require.True(t, again.Loaded())
	assert.True(t, again.Clock().State().Frozen)
	assert.True(t, w.frozenAt.Equal(again.Clock().Now()), "frozen at %s, now %s", w.frozenAt, again.Clock().Now())

	c := again.HTTPClient()
	req, _ := http.NewRequest(http.MethodGet, again.URL()+"/crm/v8/Leads/"+w.leadID, nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+w.access)
	resp, err := c.Do(req)
	require.NoError(t, err)
	lead := decode(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, lead)
	assert.Equal(t, "Durable", lead["data"].([]any)[0].(map[string]any)["Last_Name"])

	resp, err = c.PostForm(again.URL()+"/oauth/v2/token", url.Values{"grant_type": {"refresh_token"},
		"client_id": {emulator.DemoSelfClientID}, "client_secret": {emulator.DemoClientSecret}, "refresh_token": {w.refresh}})
	require.NoError(t, err)
	assert.Contains(t, decode(t, resp), "access_token", "the refresh token survived")

	_, err = again.IMS().Verify(w.imsToken)
	assert.NoError(t, err, "IMS tokens from before the restart still verify: the signing key is kept")
}

// A reset returns to the seed the data dir was made from, not to the seed
// of a later start's flags.
func TestDataDirKeepsItsSeed(t *testing.T) {
	dir := t.TempDir()
	first, err := emulator.New(emulator.Options{DataDir: dir}) // an empty world
	require.NoError(t, err)
	require.NoError(t, first.Close())

	again, err := emulator.New(emulator.Options{Seed: emulator.Demo(), DataDir: dir})
	require.NoError(t, err)
	defer again.Close()
	assert.Empty(t, again.Export().Zoho.Orgs, "the data dir's world")
	require.NoError(t, again.Reset(""))
	assert.Empty(t, again.Export().Zoho.Orgs, "and its seed")
}

func TestDataDirWithAWorldRefusesABundle(t *testing.T) {
	dir := t.TempDir()
	first, err := emulator.New(emulator.Options{Seed: emulator.Demo(), DataDir: dir})
	require.NoError(t, err)
	require.NoError(t, first.Close())

	_, err = emulator.New(emulator.Options{DataDir: dir, Bundle: &bundle.Bundle{}})
	assert.ErrorContains(t, err, "already holds a world")

	again, err := emulator.New(emulator.Options{DataDir: dir})
	require.NoError(t, err, "the refusal left the directory usable")
	defer again.Close()
	assert.NotEmpty(t, again.Export().Zoho.Orgs, "and its world as it was")
}

func TestDataDirSync(t *testing.T) {
	e, err := emulator.New(emulator.Options{})
	require.NoError(t, err)
	assert.NoError(t, e.Sync(), "no data dir: nothing to do")
	assert.False(t, e.Loaded())
	require.NoError(t, e.Close())
}

// Runs that happen behind the front door (the engine's timer, or the Go
// API) are picked up by the committer's poll, without a request.
func TestDataDirKeepsBackgroundRuns(t *testing.T) {
	e := emulatortest.New(t, emulatortest.WithOptions(emulator.Options{Seed: emulator.Demo(), DataDir: t.TempDir()}))
	start := freeze(e)
	aep := newPlatform(t, e)
	conn := aep.connect(e, zohoConsent(t, e))
	df := aep.build(conn, aep.explore(conn), start)

	e.Clock().Set(start.Add(time.Hour + time.Minute)) // the Go API: no request marks anything
	require.NoError(t, e.RunDue(context.Background()))
	runs := e.FlowService().Runs(demoTenant, df.flow)
	require.NotEmpty(t, runs)
	require.Eventually(t, func() bool {
		parts, err := emulator.StoredParts(e)
		if err != nil {
			return false
		}
		var stored flowservice.State
		require.NoError(t, json.Unmarshal(parts["flow-service"], &stored))
		b, _ := json.Marshal(stored)
		etag, _ := json.Marshal(runs[len(runs)-1].Etag)
		return strings.Contains(string(b), string(etag))
	}, 10*time.Second, 50*time.Millisecond, "the newest run reaches the data dir")
}

// The web console steers the world through Go APIs; with a data dir its
// actions are on disk before it answers, as API calls are.
func TestDataDirKeepsConsoleActions(t *testing.T) {
	e := emulatortest.New(t, emulatortest.WithOptions(emulator.Options{Seed: emulator.Demo(), DataDir: t.TempDir()}))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(e.URL()+"/_emulator/ui/clock", url.Values{"action": {"freeze"}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	parts, err := emulator.StoredParts(e) // no waiting: the answer came after the commit
	require.NoError(t, err)
	assert.Contains(t, string(parts["control"]), `"frozen":true`)
}
