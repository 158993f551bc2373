package zohosource

import (
	"log/slog"
	"net/netip"
	"time"
)

// Config holds the behaviours Adobe leaves unconfirmed and the engine's
// own bounds. The zero Config means the defaults; docs/zoho-source.md
// explains each one.
type Config struct {
	// Region is the AEP region the runtime calls Zoho from (Regions):
	// default VA7. Its egress IP is the first usable address of its first
	// batch allow-list range (reference §7).
	Region string
	// EgressIP, when valid, replaces the region's egress address.
	EgressIP netip.Addr
	// APIVersion is the Zoho CRM API version the runtime reads ("v2",
	// "v2.1", ..., "v8"). Default "v2": Adobe's runtime is Azure Data
	// Factory's Zoho connector, whose `endpoint` still names the pre-v2
	// API (`crm.zoho.com/crm/private`); v2 is the oldest version Zoho
	// serves and the last whose record reads need no `fields`
	// (UNCONFIRMED, reference §8).
	APIVersion string
	// SkipTokenWriteBack keeps a refreshed access token out of the base
	// connection. By default it is written back through
	// flowservice.UpdateConnection (a new etag, updatedBy the platform);
	// whether Adobe does so is UNCONFIRMED (reference §9). Either way the
	// engine remembers it in memory for later calls.
	SkipTokenWriteBack bool
	// Lifecycle says how a run moves from inProgress to its outcome:
	// LifecycleImmediate (default) reads Zoho and writes the finished run
	// at once; LifecycleTimed writes an inProgress run and finishes it
	// RunDuration later on the virtual clock; LifecycleManual finishes it
	// when Complete is called.
	Lifecycle string
	// RunDuration is a run's virtual duration (default 30 s): its
	// completedAtUTC is startedAtUTC + RunDuration.
	RunDuration time.Duration
	// PreviewRows is how many records an explore preview shows (default
	// 100; at most PageSize).
	PreviewRows int
	// PageSize is per_page of record reads (default 200, Zoho's maximum).
	PageSize int
	// DiscreteLimit is how many records page/per_page reach before the
	// engine pages on with page_token, where the version has one (2000).
	DiscreteLimit int
	// MaxWindowsPerCatchUp bounds the windows one CatchUp runs per flow
	// (default 1000); the rest wait for the next call.
	MaxWindowsPerCatchUp int
	// MaxResponseBytes bounds a Zoho response body (default 32 MiB).
	MaxResponseBytes int64
	// DetailLimit bounds the Zoho body quoted in an error (default 2048
	// bytes).
	DetailLimit int
	// RequestTimeout bounds each HTTP exchange in wall time (default 60 s).
	RequestTimeout time.Duration
	// TickEvery is how often Start calls CatchUp, in wall time (default
	// 200 ms).
	TickEvery time.Duration
	// Logger receives one line per failed test, explore or run (never a
	// secret); nil discards them.
	Logger *slog.Logger
}

// Run lifecycles (Config.Lifecycle).
const (
	LifecycleImmediate = "immediate"
	LifecycleTimed     = "timed"
	LifecycleManual    = "manual"
)

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	if c.Region == "" {
		c.Region = RegionVA7
	}
	if c.APIVersion == "" {
		c.APIVersion = "v2"
	}
	if c.Lifecycle == "" {
		c.Lifecycle = LifecycleImmediate
	}
	if c.RunDuration <= 0 {
		c.RunDuration = 30 * time.Second
	}
	def(&c.PageSize, 200)
	def(&c.PreviewRows, 100)
	c.PreviewRows = min(c.PreviewRows, c.PageSize)
	def(&c.DiscreteLimit, 2000)
	def(&c.MaxWindowsPerCatchUp, 1000)
	def(&c.DetailLimit, 2048)
	if c.MaxResponseBytes <= 0 {
		c.MaxResponseBytes = 32 << 20
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 60 * time.Second
	}
	if c.TickEvery <= 0 {
		c.TickEvery = 200 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}
