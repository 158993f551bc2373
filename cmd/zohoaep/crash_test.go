package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"

	"github.com/zohoaep/zohoaep/emulator"
)

// The crash-safety test: the real binary, --data-dir, mutating load from
// several clients (Zoho token mints, CRM writes, Flow Service creates),
// kill -9 in the middle of it, then a restart on the same directory. What
// any client was told succeeded must still be there, and the store must
// open and check cleanly.

// buildBinary builds zohoaep once per test run, as CI ships it (no cgo).
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "zohoaep")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

var listening = regexp.MustCompile(`zohoaep listening on (\S+)`)

// started is a running binary and its base URL.
type started struct {
	cmd    *exec.Cmd
	base   string
	mu     sync.Mutex
	stdout bytes.Buffer
}

// output is what the binary has printed so far.
func (s *started) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stdout.String()
}

func startBinary(t *testing.T, bin string, args ...string) *started {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn"}, args...)...)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	s := &started{cmd: cmd}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			s.mu.Lock()
			s.stdout.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case s.base = <-found:
	case <-time.After(20 * time.Second):
		t.Fatal("the binary did not start")
	}
	return s
}

const crashWorkers = 2 // of each kind

// load runs the workers until ctx ends or the server is gone.
func (c *crashClient) load(ctx context.Context, a *acked) *sync.WaitGroup {
	var wg sync.WaitGroup
	a.access = make([][]string, crashWorkers)
	for w := range crashWorkers {
		refresh, _ := c.refreshToken()
		a.refresh = append(a.refresh, refresh)
		wg.Go(func() { // Zoho token mints
			for ctx.Err() == nil {
				var access string
				st, err := c.form("/oauth/v2/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {emulator.DemoSelfClientID},
					"client_secret": {emulator.DemoClientSecret}, "refresh_token": {refresh}}, &tokJSON{access: &access})
				if err != nil || st != http.StatusOK || access == "" {
					return
				}
				a.add(&a.access[w], access)
			}
		})
		_, crmToken := c.refreshToken()
		wg.Go(func() { // CRM writes
			for i := 0; ctx.Err() == nil; i++ {
				var out struct {
					Data []struct {
						Details struct{ ID string } `json:"details"`
					} `json:"data"`
				}
				body := fmt.Sprintf(`{"data":[{"Last_Name":"Crash %d-%d","Company":"Kill Nine Ltd"}]}`, w, i)
				st, err := c.send(http.MethodPost, "/crm/v8/Leads", map[string]string{"Authorization": "Zoho-oauthtoken " + crmToken,
					"Content-Type": "application/json"}, strings.NewReader(body), &out)
				if err != nil || st != http.StatusCreated || len(out.Data) != 1 {
					return
				}
				a.add(&a.leads, out.Data[0].Details.ID)
			}
		})
		wg.Go(func() { // Flow Service creates
			for i := 0; ctx.Err() == nil; i++ {
				body, _ := json.Marshal(map[string]any{
					"name": fmt.Sprintf("crash %d-%d", w, i),
					"auth": map[string]any{"specName": "Basic Authentication", "params": map[string]any{
						"endpoint": c.base, "accountsUrl": c.base, "clientId": emulator.DemoServerClientID,
						"clientSecret": emulator.DemoClientSecret, "accessToken": "1000.a", "refreshToken": "1000.b"}},
					"connectionSpec": map[string]any{"id": "929e4450-0237-4ed2-9404-b7e1e0a00309", "version": "1.0"},
				})
				var out struct{ ID string }
				st, err := c.send(http.MethodPost, "/data/foundation/flowservice/connections", aepHeaders(a.imsToken), bytes.NewReader(body), &out)
				if err != nil || st != http.StatusCreated || out.ID == "" {
					return
				}
				a.add(&a.conns, out.ID)
			}
		})
	}
	return &wg
}

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	flags := []string{"--data-dir", dir, "--frozen-at", "2026-03-01T09:00:00Z", "--access-token-mints", "100000000"}
	first := startBinary(t, bin, flags...)
	c := &crashClient{t: t, base: first.base, http: &http.Client{Timeout: 10 * time.Second}}
	a := &acked{}
	a.imsToken = c.imsToken()

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	wg := c.load(ctx, a)
	// Let every kind of change be acknowledged a good number of times,
	// then kill the process while all the clients are still sending.
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		tokens, leads, conns := a.counts()
		if tokens >= 60 && leads >= 30 && conns >= 30 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	require.NoError(t, first.cmd.Process.Kill()) // SIGKILL: no shutdown, no final commit
	_ = first.cmd.Wait()
	stop()
	wg.Wait()
	tokens, leads, conns := a.counts()
	t.Logf("acknowledged before kill -9: %d access tokens, %d leads, %d connections", tokens, leads, conns)
	require.Positive(t, tokens)
	require.Positive(t, leads)
	require.Positive(t, conns)

	// The store opens and passes bbolt's consistency check.
	db, err := bolt.Open(filepath.Join(dir, "state.db"), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	require.NoError(t, err)
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}))
	require.NoError(t, db.Close())

	again := startBinary(t, bin, flags...)
	assert.Eventually(t, func() bool { return strings.Contains(again.output(), "data dir") }, 10*time.Second, 10*time.Millisecond)
	assert.Contains(t, again.output(), "loaded", "the restart loads the data dir")
	c = &crashClient{t: t, base: again.base, http: &http.Client{Timeout: 10 * time.Second}}

	for w, refresh := range a.refresh {
		// Zoho keeps 15 live access tokens per refresh token, evicting the
		// oldest; the newest acknowledged (14, leaving room for one minted
		// but never acknowledged) must all work.
		list := a.access[w]
		for _, access := range list[max(0, len(list)-14):] {
			st, err := c.send(http.MethodGet, "/crm/v8/Leads?fields=Last_Name&per_page=1",
				map[string]string{"Authorization": "Zoho-oauthtoken " + access}, nil, nil)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, st, "worker %d's access token was lost", w)
		}
		var access string
		st, err := c.form("/oauth/v2/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {emulator.DemoSelfClientID},
			"client_secret": {emulator.DemoClientSecret}, "refresh_token": {refresh}}, &tokJSON{access: &access})
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, st)
		assert.NotEmpty(t, access, "worker %d's refresh token was lost", w)
	}
	_, crmToken := c.refreshToken()
	var lost atomic.Int64
	for _, id := range a.leads {
		st, err := c.send(http.MethodGet, "/crm/v8/Leads/"+id, map[string]string{"Authorization": "Zoho-oauthtoken " + crmToken}, nil, nil)
		require.NoError(t, err)
		if st != http.StatusOK {
			lost.Add(1)
		}
	}
	assert.Zero(t, lost.Load(), "acknowledged CRM records lost")
	lost.Store(0)
	for _, id := range a.conns {
		// The IMS token from before the crash still verifies.
		st, err := c.send(http.MethodGet, "/data/foundation/flowservice/connections/"+id, aepHeaders(a.imsToken), nil, nil)
		require.NoError(t, err)
		if st != http.StatusOK {
			lost.Add(1)
		}
	}
	assert.Zero(t, lost.Load(), "acknowledged Flow Service connections lost")
}
