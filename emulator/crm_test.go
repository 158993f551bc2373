package emulator_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
)

type recordsPage struct {
	Data []map[string]any `json:"data"`
	Info struct {
		MoreRecords   bool    `json:"more_records"`
		NextPageToken *string `json:"next_page_token"`
		Page          int     `json:"page"`
	} `json:"info"`
}

// TestConnectorReadsAllLeads is what a connector does: an x/oauth2 client
// gets tokens from Zoho Accounts, then reads every Lead through the CRM,
// stepping from page 10 to page_token past 2,000 records.
func TestConnectorReadsAllLeads(t *testing.T) {
	e := emulatortest.New(t)
	conf := &oauth2.Config{
		ClientID: emulator.DemoServerClientID, ClientSecret: emulator.DemoClientSecret, RedirectURL: emulator.DemoRedirectURI,
		Scopes:   []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL", "ZohoCRM.users.READ", "ZohoCRM.org.READ"},
		Endpoint: oauth2.Endpoint{AuthURL: e.URL() + "/oauth/v2/auth", TokenURL: e.URL() + "/oauth/v2/token", AuthStyle: oauth2.AuthStyleInParams},
	}
	cb := signIn(t, conf.AuthCodeURL("s", oauth2.AccessTypeOffline), emulator.DemoUserEmail, emulator.DemoUserPassword, "accept")
	ctx := context.Background()
	tok, err := conf.Exchange(ctx, cb.Query().Get("code"))
	require.NoError(t, err)
	api := tok.Extra("api_domain").(string)
	client := &http.Client{Transport: &oauth2.Transport{Source: conf.TokenSource(ctx, tok), Base: zohoAuthHeader{}}}

	get := func(path string, q url.Values) (*http.Response, recordsPage) {
		t.Helper()
		resp, err := client.Get(api + path + "?" + q.Encode())
		require.NoError(t, err)
		defer resp.Body.Close()
		var page recordsPage
		if resp.StatusCode == http.StatusOK {
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&page))
		}
		return resp, page
	}

	seen := map[string]bool{}
	q := url.Values{"fields": {"Last_Name,Email,Modified_Time"}, "per_page": {"200"}}
	for page := 1; ; page++ {
		if page <= 10 {
			q.Set("page", itoa(page))
		}
		resp, p := get("/crm/v8/Leads", q)
		require.Equal(t, http.StatusOK, resp.StatusCode, "page %d", page)
		for _, r := range p.Data {
			id := r["id"].(string)
			assert.False(t, seen[id], "record %s twice", id)
			seen[id] = true
		}
		if !p.Info.MoreRecords {
			break
		}
		require.NotNil(t, p.Info.NextPageToken)
		if page >= 10 { // past 2,000 records only page_token goes on
			q.Del("page")
			q.Set("page_token", *p.Info.NextPageToken)
		}
	}
	converted := len(seen)
	assert.Greater(t, converted, 2000, "every unconverted Lead, past the discrete cap")
	assert.LessOrEqual(t, converted, emulator.DemoLeads)

	// Page 11 without a page token is Zoho's discrete-pagination error.
	resp, _ := get("/crm/v8/Leads", url.Values{"fields": {"Last_Name"}, "page": {"11"}, "per_page": {"200"}})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)

	crmCalls := e.Journal().Query(journal.Filter{Service: emulator.ServiceZohoCRM})
	require.NotEmpty(t, crmCalls)
	for _, en := range crmCalls {
		assert.Equal(t, emulator.DemoServerClientID, en.Client)
		assert.Equal(t, emulator.DemoOrgID, en.Tenant)
	}
}

// zohoAuthHeader rewrites oauth2's "Bearer" into Zoho's scheme.
type zohoAuthHeader struct{}

func (zohoAuthHeader) RoundTrip(r *http.Request) (*http.Response, error) {
	if v := r.Header.Get("Authorization"); len(v) > 7 {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Zoho-oauthtoken "+v[7:])
	}
	return http.DefaultTransport.RoundTrip(r)
}

func itoa(i int) string { return strconv.Itoa(i) }
