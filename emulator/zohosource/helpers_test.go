package zohosource

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// The fixture: an IMS org's prod sandbox holding the demo flow (hourly,
// backfill, from t0), a fake Zoho with three leads before t0, and a
// frozen virtual clock.
var (
	t0     = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tenant = flowservice.Tenant{Org: "ZOHOAEPDEMO0000000000000@AdobeOrg", Sandbox: "prod"}
)

// Clock is a settable virtual clock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// world is one test's Flow Service, fake Zoho and engine.
type world struct {
	fs    *flowservice.Service
	zoho  *FakeZoho
	eng   *Engine
	clock *Clock
	logs  *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// demo is the fixture's demo flow, its tokens the fake's.
func demo() Demo {
	return Demo{Tenant: tenant, AccountsURL: "https://accounts.zoho.com", ClientID: "1000.CLIENT",
		ClientSecret: "s3cr3t-client-secret", AccessToken: "1000.stale-access-token", RefreshToken: "1000.rt",
		StartTime: t0}
}

func newWorld(t *testing.T, cfg Config, d Demo) *world {
	t.Helper()
	w := &world{zoho: NewFakeZoho(), clock: &Clock{t: t0.Add(-time.Minute)}, logs: &syncBuffer{}}
	w.zoho.AddLeads(t0.Add(-72*time.Hour), t0.Add(-48*time.Hour), t0.Add(-time.Hour))
	w.fs = flowservice.New(flowservice.Config{}, nil, w.clock.Now)
	require.NoError(t, w.fs.Seed(flowservice.State{Tenants: []flowservice.TenantState{d.TenantState()}}))
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(w.logs, nil))
	}
	var err error
	w.eng, err = Attach(w.fs, w.zoho.Client, cfg, w.clock.Now)
	require.NoError(t, err)
	return w
}

// conn is the demo base connection.
func (w *world) conn(t *testing.T) flowservice.Connection {
	t.Helper()
	c, ok := w.fs.Connection(tenant, DemoConnectionID)
	require.True(t, ok)
	return c
}

// catchUp advances the clock to at and catches up.
func (w *world) catchUp(t *testing.T, at time.Time) []flowservice.Run {
	t.Helper()
	w.clock.Set(at)
	require.NoError(t, w.eng.CatchUp(t.Context(), at))
	return w.fs.Runs(tenant, DemoFlowID)
}

// rows are the demo dataset's rows.
func (w *world) rows(t *testing.T) []map[string]any {
	t.Helper()
	rows, err := w.fs.Rows(tenant, DemoDatasetID)
	require.NoError(t, err)
	return rows
}

// setParams changes the demo connection's auth params.
func (w *world) setParams(t *testing.T, kv map[string]any) {
	t.Helper()
	_, err := w.fs.UpdateConnection(tenant, DemoConnectionID, func(c *flowservice.Connection) error {
		for k, v := range kv {
			c.Auth.Params[k] = v
		}
		return nil
	})
	require.NoError(t, err)
}

// contextCanceled is a context already canceled.
func contextCanceled(t *testing.T) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx, cancel
}
