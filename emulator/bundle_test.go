package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/bundle"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
)

// TestBundleRoundTrip: a CI job's emulator hits a failure (a CRM read with
// a token whose scopes lack the module); its bundle, exported through the
// control API, written and parsed, brings the same world back in another
// emulator, where the failing exchange, sent again from the journal,
// fails the same way.
func TestBundleRoundTrip(t *testing.T) {
	ctx := context.Background()
	ci, err := emulator.New(emulator.Options{Seed: emulator.Demo()})
	require.NoError(t, err)
	ci.Clock().Freeze()
	ci.Clock().Set(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	_, err = ci.Faults().Add(faults.Rule{Match: faults.Match{Service: emulator.ServiceZohoAccounts, Nth: 5}, Action: faults.Action{Error: "invalid_code"}})
	require.NoError(t, err)
	client := ci.HTTPClient()

	post := func(path, contentType, body string) map[string]any {
		resp, err := client.Post(ci.URL()+path, contentType, strings.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		var doc map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&doc))
		return doc
	}
	code := post("/_emulator/zoho/clients/"+emulator.DemoSelfClientID+"/codes", "application/json",
		`{"user":"`+emulator.DemoUserEmail+`","scopes":["ZohoCRM.settings.ALL"]}`)["code"].(string)
	tok := post("/oauth/v2/token", "application/x-www-form-urlencoded", url.Values{"grant_type": {"authorization_code"},
		"client_id": {emulator.DemoSelfClientID}, "client_secret": {emulator.DemoClientSecret}, "code": {code}}.Encode())
	access := tok["access_token"].(string)
	req, err := http.NewRequest(http.MethodGet, ci.URL()+"/crm/v8/Leads?fields=Last_Name", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+access)
	resp, err := client.Do(req)
	require.NoError(t, err)
	failed, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "%s", failed)

	exported, err := bundle.Export(ctx, client, ci.URL(), time.Now())
	require.NoError(t, err)
	var file bytes.Buffer
	require.NoError(t, exported.Write(&file))
	assert.NotContains(t, file.String(), access, "compressed, and the journal is redacted")
	b, err := bundle.Parse(file.Bytes())
	require.NoError(t, err)

	laptop, err := emulator.New(emulator.Options{Bundle: b})
	require.NoError(t, err)
	assert.Equal(t, ci.Clock().Now(), laptop.Clock().Now(), "the virtual clock comes back, frozen")
	assert.Equal(t, ci.Faults().List(), laptop.Faults().List(), "the fault rules come back")
	assert.Equal(t, len(exported.Journal), laptop.Journal().Len(), "the journal comes back")
	assert.Equal(t, ci.Export().Zoho, laptop.Export().Zoho, "the tokens come back")

	failures := b.Failures()
	require.NotEmpty(t, failures)
	last := failures[len(failures)-1]
	assert.Equal(t, "/crm/v8/Leads", last.Path)
	assert.Contains(t, last.Header["Authorization"], "sha256:", "the journal keeps a fingerprint")
	again, err := b.Request(ctx, last, laptop.URL())
	require.NoError(t, err)
	assert.Equal(t, "Zoho-oauthtoken "+access, again.Header.Get("Authorization"), "the token comes back from the state")
	resp, err = laptop.HTTPClient().Do(again)
	require.NoError(t, err)
	replayed, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.Equal(t, last.Status, resp.StatusCode)
	assert.JSONEq(t, string(failed), string(replayed), "the failure reproduces")
	assert.JSONEq(t, last.RespBody, string(replayed), "as the journal kept it")
}
