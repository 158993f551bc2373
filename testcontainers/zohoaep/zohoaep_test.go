package zohoaep_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/testcontainers/testcontainers-go"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/testcontainers/zohoaep"
)

// TestRunServesEveryService runs the image as a user's test would and
// talks to every service through the module's base URLs, each exchange
// judged by the contracts: Zoho's authorization-code flow, a CRM read with
// its token, an IMS token, a Flow Service read with that, the control API.
func TestRunServesEveryService(t *testing.T) {
	ctx := context.Background()
	ctr := run(t, zohoaep.WithConsent("approve:"+emulator.DemoUserEmail))
	hc := newJudged(t).client()

	base, err := ctr.BaseURL(ctx)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(base, "http://127.0.0.1:"), base)
	inspect, err := ctr.Inspect(ctx)
	require.NoError(t, err)
	for port, bindings := range inspect.NetworkSettings.Ports {
		for _, b := range bindings {
			assert.Equal(t, "127.0.0.1", b.HostIP.String(), "port %s published on loopback only", port)
		}
	}
	assert.Equal(t, "65532:65532", inspect.Config.User, "not root")

	t.Run("Zoho Accounts and CRM", func(t *testing.T) {
		accounts, err := ctr.AccountsURL(ctx, "us")
		require.NoError(t, err)
		code := authorize(t, hc, accounts)
		tok := postForm(t, hc, accounts+"/oauth/v2/token", url.Values{
			"grant_type": {"authorization_code"}, "client_id": {emulator.DemoServerClientID},
			"client_secret": {emulator.DemoClientSecret}, "redirect_uri": {emulator.DemoRedirectURI}, "code": {code},
		})
		require.NotEmpty(t, tok["access_token"], tok)
		require.NotEmpty(t, tok["refresh_token"], tok)
		domain, err := ctr.APIDomain(ctx, "us")
		require.NoError(t, err)
		assert.Equal(t, domain, tok["api_domain"], "the token points back at the container")

		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, domain+"/crm/v8/Leads?fields=Last_Name,Email&per_page=2", nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+tok["access_token"].(string))
		var page struct {
			Data []map[string]any `json:"data"`
			Info struct {
				MoreRecords bool `json:"more_records"`
			} `json:"info"`
		}
		getJSON(t, hc, req, &page)
		assert.Len(t, page.Data, 2)
		assert.True(t, page.Info.MoreRecords)

		eu, err := ctr.AccountsURL(ctx, "eu")
		require.NoError(t, err)
		assert.Equal(t, base+"/dc/eu", eu)
		resp, err := http.Get(eu + "/oauth/serverinfo")
		require.NoError(t, err)
		var info struct {
			Locations map[string]string `json:"locations"`
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&info))
		_ = resp.Body.Close()
		assert.Equal(t, eu, info.Locations["eu"])
	})

	t.Run("Adobe IMS and Flow Service", func(t *testing.T) {
		ims, err := ctr.IMSURL(ctx)
		require.NoError(t, err)
		tok := postForm(t, hc, ims+"/ims/token/v3", url.Values{
			"grant_type": {"client_credentials"}, "client_id": {adobeims.DemoClientID},
			"client_secret": {adobeims.DemoClientSecret}, "scope": {"openid,AdobeID,read_organizations"},
		})
		require.NotEmpty(t, tok["access_token"], tok)

		flows, err := ctr.FlowServiceURL(ctx)
		require.NoError(t, err)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, flows+"/connectionSpecs", nil)
		req.Header.Set("Authorization", "Bearer "+tok["access_token"].(string))
		req.Header.Set("x-api-key", adobeims.DemoClientID)
		req.Header.Set("x-gw-ims-org-id", adobeims.DemoOrgID)
		req.Header.Set("x-sandbox-name", "prod")
		var specs struct {
			Items []struct {
				Name string `json:"name"`
			} `json:"items"`
		}
		getJSON(t, hc, req, &specs)
		assert.NotEmpty(t, specs.Items)
	})

	t.Run("control API and health check", func(t *testing.T) {
		control, err := ctr.ControlURL(ctx)
		require.NoError(t, err)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, control+"/health", nil)
		var st struct{ Status string }
		getJSON(t, hc, req, &st)
		assert.Equal(t, "ok", st.Status)
		// The image's HEALTHCHECK (`zohoaep health`, no curl on scratch).
		require.Eventually(t, func() bool {
			in, err := ctr.Inspect(ctx)
			return err == nil && in.State.Health != nil && in.State.Health.Status == "healthy"
		}, 30*time.Second, 200*time.Millisecond, "Docker never saw the container healthy")
	})
}

// TestRunOptions checks that each option reaches the emulator.
func TestRunOptions(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

	t.Run("empty world and frozen clock", func(t *testing.T) {
		ctr := run(t, zohoaep.WithEmptyWorld(), zohoaep.WithFrozenClock(at), zohoaep.WithRegion("NLD2"), zohoaep.WithLogLevel("debug"))
		control, err := ctr.ControlURL(ctx)
		require.NoError(t, err)
		hc := newJudged(t).client()
		var clock struct {
			Now    time.Time `json:"now"`
			Frozen bool      `json:"frozen"`
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, control+"/clock", nil)
		getJSON(t, hc, req, &clock)
		assert.True(t, clock.Frozen)
		assert.True(t, at.Equal(clock.Now), "clock at %s", clock.Now)
		var clients struct {
			Clients []any `json:"clients"`
		}
		req, _ = http.NewRequestWithContext(ctx, http.MethodGet, control+"/zoho/clients", nil)
		getJSON(t, hc, req, &clients)
		assert.Empty(t, clients.Clients, "no world")
	})

	t.Run("seed file", func(t *testing.T) {
		seed := filepath.Join(t.TempDir(), "world.json")
		require.NoError(t, os.WriteFile(seed, demoState(t), 0o600))
		ctr := run(t, zohoaep.WithSeedFile(seed), zohoaep.WithFlags("--journal-size", "50"))
		control, err := ctr.ControlURL(ctx)
		require.NoError(t, err)
		var clients struct {
			Clients []struct {
				ClientID string `json:"client_id"`
			} `json:"clients"`
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, control+"/zoho/clients", nil)
		getJSON(t, newJudged(t).client(), req, &clients)
		var ids []string
		for _, c := range clients.Clients {
			ids = append(ids, c.ClientID)
		}
		assert.Contains(t, ids, emulator.DemoSelfClientID)
	})

	t.Run("a bad option fails the start with the emulator's reason", func(t *testing.T) {
		ctr, err := zohoaep.Run(ctx, image(t), zohoaep.WithRegion("MARS1"))
		testcontainers.CleanupContainer(t, ctr)
		require.ErrorContains(t, err, "exited")
		require.NotNil(t, ctr)
		st, err := ctr.State(ctx)
		require.NoError(t, err)
		assert.Equal(t, 2, st.ExitCode, "a usage error exits 2")
		logs, err := ctr.Logs(ctx)
		require.NoError(t, err)
		out, _ := io.ReadAll(logs)
		assert.Contains(t, string(out), "MARS1")
	})
}

// TestDataVolumeKeepsState stops a container and starts another on the
// same volume: a refresh token minted by the first works in the second.
// It needs serve's --data-dir (the durable-state work); images without it
// skip.
func TestDataVolumeKeepsState(t *testing.T) {
	ctx := context.Background()
	img := image(t)
	if !serveHasFlag(t, img, "--data-dir") {
		t.Skip("this image's serve has no --data-dir yet: durable state is not in this build")
	}
	volume := "zohoaep-test-" + strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-")) + "-" + time.Now().Format("150405.000000")
	volume = strings.ReplaceAll(volume, ".", "")
	t.Cleanup(func() { removeVolume(t, volume) })

	first := run(t, zohoaep.WithDataVolume(volume), zohoaep.WithConsent("approve:"+emulator.DemoUserEmail))
	accounts, err := first.AccountsURL(ctx, "")
	require.NoError(t, err)
	hc := newJudged(t).client()
	tok := postForm(t, hc, accounts+"/oauth/v2/token", url.Values{
		"grant_type": {"authorization_code"}, "client_id": {emulator.DemoServerClientID},
		"client_secret": {emulator.DemoClientSecret}, "redirect_uri": {emulator.DemoRedirectURI},
		"code": {authorize(t, hc, accounts)},
	})
	refresh, _ := tok["refresh_token"].(string)
	require.NotEmpty(t, refresh, tok)
	require.NoError(t, first.Stop(ctx, nil))

	second := run(t, zohoaep.WithDataVolume(volume))
	accounts, err = second.AccountsURL(ctx, "")
	require.NoError(t, err)
	again := postForm(t, hc, accounts+"/oauth/v2/token", url.Values{
		"grant_type": {"refresh_token"}, "client_id": {emulator.DemoServerClientID},
		"client_secret": {emulator.DemoClientSecret}, "refresh_token": {refresh},
	})
	assert.NotEmpty(t, again["access_token"], "the refresh token outlived its container: %v", again)
}

func TestBuildImageRejectsBadTags(t *testing.T) {
	for _, tag := range []string{"zohoaep", "zohoaep:", ":dev", "host:5000/zohoaep"} {
		_, err := zohoaep.BuildImage(context.Background(), ".", tag, nil)
		assert.ErrorContains(t, err, "REPOSITORY:TAG", tag)
	}
	_, err := zohoaep.BuildImage(context.Background(), t.TempDir(), "zohoaep:x", nil)
	assert.ErrorContains(t, err, "checkout of zohoaep")
}

func TestAccessorsRefuseUnknownDataCentres(t *testing.T) {
	ctr := &zohoaep.Container{}
	_, err := ctr.AccountsURL(context.Background(), "mars")
	assert.ErrorContains(t, err, `no Zoho data centre "mars"`)
}

// authorize asks for a code with consent mode approve and returns it.
func authorize(t *testing.T, hc *http.Client, accounts string) string {
	t.Helper()
	q := url.Values{
		"client_id": {emulator.DemoServerClientID}, "response_type": {"code"}, "access_type": {"offline"},
		"redirect_uri": {emulator.DemoRedirectURI}, "scope": {"ZohoCRM.modules.ALL,ZohoCRM.settings.ALL"},
	}
	resp, err := hc.Get(accounts + "/oauth/v2/auth?" + q.Encode())
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	code := loc.Query().Get("code")
	require.NotEmpty(t, code, loc.Redacted())
	return code
}

func postForm(t *testing.T, hc *http.Client, target string, form url.Values) map[string]any {
	t.Helper()
	resp, err := hc.PostForm(target, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	require.Equal(t, http.StatusOK, resp.StatusCode, out)
	return out
}

func getJSON(t *testing.T, hc *http.Client, req *http.Request, into any) {
	t.Helper()
	resp, err := hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	require.NoError(t, json.Unmarshal(body, into), "%s", body)
}

// demoState is the demo world as GET /_emulator/state documents it.
func demoState(t *testing.T) []byte {
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo(), NoValidation: true})
	require.NoError(t, err)
	defer e.Close()
	resp, err := e.HTTPClient().Get(e.URL() + "/_emulator/state")
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", b)
	return b
}
