package scenarios_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/bundle"
	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

// bystander is another user of a shared emulator: a tenant with a live
// refresh token, a changed CRM record and a fault rule of its own.
type bystander struct {
	id, selfID, selfSecret, refresh, api, record string
}

// controlJSON sends one control API request to a served emulator.
func controlJSON(t *testing.T, method, u string, body, out any) {
	t.Helper()
	var rd bytes.Reader
	if body != nil {
		data, err := json.Marshal(body)
		require.NoError(t, err)
		rd.Reset(data)
	}
	req, err := http.NewRequest(method, u, &rd)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Less(t, resp.StatusCode, 300, "%s %s", method, u)
	if out != nil {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(out))
	}
}

func newBystander(t *testing.T, base string) bystander {
	var ten struct {
		ID   string `json:"id"`
		Self struct {
			ID     string `json:"client_id"`
			Secret string `json:"client_secret"`
		} `json:"self_client"`
		Admin struct {
			Email string `json:"email"`
		} `json:"admin"`
	}
	controlJSON(t, http.MethodPost, base+"/_emulator/tenants", map[string]any{"name": "bystander", "leads": 50}, &ten)
	var code struct {
		Code string `json:"code"`
	}
	controlJSON(t, http.MethodPost, base+"/_emulator/zoho/clients/"+url.PathEscape(ten.Self.ID)+"/codes",
		map[string]any{"user": ten.Admin.Email, "scopes": []string{"ZohoCRM.modules.ALL"}, "minutes": 3}, &code)
	resp, err := http.PostForm(base+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"},
		"client_id": {ten.Self.ID}, "client_secret": {ten.Self.Secret}, "code": {code.Code}})
	require.NoError(t, err)
	var tok struct {
		Access    string `json:"access_token"`
		Refresh   string `json:"refresh_token"`
		APIDomain string `json:"api_domain"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	require.NotEmpty(t, tok.Refresh)
	b := bystander{id: ten.ID, selfID: ten.Self.ID, selfSecret: ten.Self.Secret, refresh: tok.Refresh, api: tok.APIDomain}
	var created struct {
		Data []struct {
			Details struct {
				ID string `json:"id"`
			} `json:"details"`
		} `json:"data"`
	}
	body, _ := json.Marshal(map[string]any{"data": []map[string]any{{"Last_Name": "Bystander", "Company": "Elsewhere Ltd"}}})
	req, _ := http.NewRequest(http.MethodPost, b.api+"/crm/v8/Leads", bytes.NewReader(body))
	req.Header.Set("Authorization", "Zoho-oauthtoken "+tok.Access)
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&created))
	resp.Body.Close()
	require.Len(t, created.Data, 1)
	b.record = created.Data[0].Details.ID
	controlJSON(t, http.MethodPost, base+"/_emulator/faults", map[string]any{"id": "bystanders-own",
		"match": map[string]any{"service": "zoho-crm", "operation": "getRecord", "tenant": b.id}, "action": map[string]any{"delay": "1ms"}}, nil)
	return b
}

// check finds the bystander's world as it left it: its refresh token
// still refreshes, its record is there, its fault rule stands.
func (b bystander) check(t *testing.T, base string) {
	t.Helper()
	resp, err := http.PostForm(base+"/oauth/v2/token", url.Values{"grant_type": {"refresh_token"},
		"client_id": {b.selfID}, "client_secret": {b.selfSecret}, "refresh_token": {b.refresh}})
	require.NoError(t, err)
	var tok struct {
		Access string `json:"access_token"`
		Error  string `json:"error"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	resp.Body.Close()
	require.NotEmpty(t, tok.Access, "the bystander's refresh token: %s", tok.Error)
	req, _ := http.NewRequest(http.MethodGet, b.api+"/crm/v8/Leads/"+b.record, nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+tok.Access)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the bystander's record")
	var rules struct {
		Faults []struct {
			ID string `json:"id"`
		} `json:"faults"`
	}
	controlJSON(t, http.MethodGet, base+"/_emulator/faults", nil, &rules)
	require.Len(t, rules.Faults, 1, "the scenarios' fault rules went with their tenants")
	assert.Equal(t, "bystanders-own", rules.Faults[0].ID)
}

// TestAgainstAServingEmulator runs the catalogue against an emulator
// already serving on loopback, as --emulator does, beside another
// tenant's data: each scenario in a tenant of its own, in parallel but
// for those that move the clock. The reference client passes what can run
// there, broken clients fail what they fail in-process, the bystander is
// untouched and every scenario tenant is gone after.
func TestAgainstAServingEmulator(t *testing.T) {
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo()})
	require.NoError(t, err)
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })
	base := e.URL()
	by := newBystander(t, base)

	all, err := scenarios.Catalog()
	require.NoError(t, err)
	remote := scenarios.Options{Target: scenarios.Target{URL: base}, Parallel: 4}
	ref, err := refclient.New()
	require.NoError(t, err)
	rep := scenarios.Execute(context.Background(), ref, all, remote)
	skipped := map[string]string{}
	for _, r := range rep.Results {
		if r.Status == scenarios.Skip {
			skipped[r.ID] = r.Reason
			continue
		}
		assert.Equal(t, scenarios.Pass, r.Status, "%s: %s %+v", r.ID, r.Reason, r.Findings)
	}
	// What a shared emulator cannot do: an AEP region is the instance's,
	// and the clock cannot go back to 2026-03-31 for one tenant.
	assert.ElementsMatch(t, []string{"ip-allowlist-aep-region-allowed", "ims-token-expiry"}, mapKeys(skipped))
	by.check(t, base)

	for _, flaw := range []refclient.Flaw{refclient.RefreshesEveryCall, refclient.NeverRefreshes, refclient.DropsSandbox, refclient.IgnoresThrottle} {
		t.Run(string(flaw), func(t *testing.T) {
			c, err := refclient.New(flaw)
			require.NoError(t, err)
			var list []scenarios.Scenario
			for _, sc := range all {
				if skipped[sc.ID] == "" {
					list = append(list, sc)
				}
			}
			here := statuses(scenarios.Execute(context.Background(), c, list, scenarios.Options{Parallel: 4}))
			opts := remote
			opts.Bundles = t.TempDir()
			thereRep := scenarios.Execute(context.Background(), c, list, opts)
			there := statuses(thereRep)
			for _, r := range thereRep.Results {
				if r.Status == scenarios.Fail { // its bundle is the serving emulator's, named by its URL
					data, err := os.ReadFile(r.Bundle)
					require.NoError(t, err, r.ID)
					b, err := bundle.Parse(data)
					require.NoError(t, err)
					assert.Equal(t, base, b.Source)
					for _, e := range b.Journal {
						assert.NotEmpty(t, e.Tenant, "%s: only the scenario's tenants' entries", r.ID)
					}
					var st emulator.State
					require.NoError(t, json.Unmarshal(b.State, &st), r.ID)
					require.NotEmpty(t, st.Zoho.Orgs, r.ID)
					for _, o := range st.Zoho.Orgs { // the scenario's tenant, and the orgs its setup made
						assert.NotEqual(t, emulator.DemoOrgID, o.ID, "%s: the state of the scenario's tenants alone", r.ID)
					}
					assert.NotContains(t, string(b.State), emulator.DemoClientSecret, "%s: no other org's secrets", r.ID)
					e, err := emulator.New(emulator.Options{Bundle: b})
					require.NoError(t, err, "%s: the tenant's part starts an emulator on its own", r.ID)
					require.NoError(t, e.Close())
					got, ok := scenarios.BundledOf(b)
					assert.True(t, ok && got.Result.ID == r.ID, r.ID)
				}
			}
			assert.Equal(t, here, there, "the same scenarios fail in a tenant as in-process")
			fails := 0
			for _, st := range there {
				if st == scenarios.Fail {
					fails++
				}
			}
			assert.Positive(t, fails, "a broken client fails somewhere")
		})
	}
	by.check(t, base)

	var orgs struct {
		Orgs []struct {
			ID string `json:"id"`
		} `json:"orgs"`
	}
	controlJSON(t, http.MethodGet, base+"/_emulator/zoho/orgs", nil, &orgs)
	var ids []string
	for _, o := range orgs.Orgs {
		ids = append(ids, o.ID)
	}
	assert.ElementsMatch(t, []string{emulator.DemoOrgID, by.id}, ids, "every scenario's tenant and setup org is deleted")
	var st struct {
		IMS struct {
			Orgs []struct {
				ID string `json:"id"`
			} `json:"orgs"`
		} `json:"ims"`
	}
	controlJSON(t, http.MethodGet, base+"/_emulator/state", nil, &st)
	assert.Len(t, st.IMS.Orgs, 2, "the demo's IMS org and the bystander's")
}

func statuses(rep scenarios.Report) map[string]scenarios.Status {
	out := map[string]scenarios.Status{}
	for _, r := range rep.Results {
		out[r.ID] = r.Status
	}
	return out
}

func mapKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestAServingEmulatorsJournalTooSmall: when the shared journal's ring
// dropped part of a scenario's exchanges, the scenario is an error, not a
// pass judged on half the evidence.
func TestAServingEmulatorsJournalTooSmall(t *testing.T) {
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo(), JournalSize: 8})
	require.NoError(t, err)
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })
	all, err := scenarios.Catalog()
	require.NoError(t, err)
	list, err := scenarios.Select(all, []string{"paging-past-2000"}, nil)
	require.NoError(t, err)
	ref, err := refclient.New()
	require.NoError(t, err)
	rep := scenarios.Execute(context.Background(), ref, list, scenarios.Options{Target: scenarios.Target{URL: e.URL()}})
	require.Len(t, rep.Results, 1)
	assert.Equal(t, scenarios.Error, rep.Results[0].Status)
	assert.Contains(t, rep.Results[0].Reason, "journal dropped")
}
