package emulator_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

func TestIMSTokenThroughTheFrontDoor(t *testing.T) {
	e := emulatortest.New(t)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {adobeims.DemoClientID},
		"client_secret": {adobeims.DemoClientSecret}, "scope": {"openid,AdobeID,read_organizations"}}
	// By the production host name, in process: the same world answers.
	resp, err := e.HTTPClient().PostForm("https://ims-na1.adobelogin.com/ims/token/v3", form)
	require.NoError(t, err)
	tok := decode(t, resp)
	require.Equal(t, http.StatusOK, resp.StatusCode, tok)
	assert.Equal(t, "bearer", tok["token_type"])

	got, err := e.IMS().Verify(tok["access_token"].(string))
	require.NoError(t, err)
	assert.Equal(t, adobeims.DemoOrgID, got.OrgID)

	entries := e.Journal().Query(journal.Filter{Service: emulator.ServiceAdobeIMS})
	require.Len(t, entries, 1)
	assert.Equal(t, adobeims.DemoOrgID, entries[0].Tenant)
	assert.NotContains(t, entries[0].RespBody, tok["access_token"], "JWTs are redacted too")
	assert.NotContains(t, entries[0].Body, adobeims.DemoClientSecret)

	require.NoError(t, e.Reset(adobeims.DemoOrgID), "an IMS org is a tenant")
	assert.Error(t, e.Reset("no-such-tenant"))
}
