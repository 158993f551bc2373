package flowservice

import (
	"net/http"
	"time"
)

// Config holds the behaviours Adobe's documents leave open, and the
// emulator's own bounds. The zero Config means the defaults;
// docs/flow-service.md explains each one.
type Config struct {
	// MissingSandbox says what a request without x-sandbox-name does:
	// SandboxDefaultProd (default; Adobe's destination docs) resolves it
	// under "prod"; SandboxRequired answers 2105-400 (Flow Service's error
	// catalogue). Reference §1, UNCONFIRMED.
	MissingSandbox string
	// Secrets says how GET shows auth params the auth spec marks
	// `format: password`: SecretsMask (default) replaces the value with
	// SecretMask, SecretsOmit leaves the param out, SecretsPlain returns it.
	// Reference §3, UNCONFIRMED.
	Secrets    string
	SecretMask string // default "********"
	// MaxLimit caps `limit`; larger values are served MaxLimit items
	// (default 1000). Without `limit` a list returns every match
	// (UNCONFIRMED).
	MaxLimit int
	// MaxRunsPerFlow bounds the runs kept per flow; the oldest go first
	// (default 1000).
	MaxRunsPerFlow int
	// MaxRowsPerDataset bounds the rows kept per dataset; the oldest go
	// first and are counted in Dataset.DroppedRows (default 100000).
	MaxRowsPerDataset int
	// StartTimeGrace lets a flow's startTime lie this far in the past
	// before 1360-400 refuses it (default 0).
	StartTimeGrace time.Duration
	// ZohoSpecName is the name of the Zoho CRM connection spec (default
	// "zoho"; UNCONFIRMED, reference §2).
	ZohoSpecName string
	// MappingSetStatus is the status of a created mapping set (default
	// 200; UNCONFIRMED).
	MappingSetStatus int
	// CaseSensitiveFilters compares strings in `property` filters
	// case-sensitively; by default they compare case-insensitively, as
	// Adobe's example `metrics.statusSummary.status==Failed` matching
	// "failed" suggests (UNCONFIRMED).
	CaseSensitiveFilters bool
	// RequiredScopes, when set, are scopes every token must carry; a token
	// without one gets 2120-403.
	RequiredScopes []string
}

// Values of Config.MissingSandbox.
const (
	SandboxDefaultProd = "prod"
	SandboxRequired    = "required"
)

// Values of Config.Secrets.
const (
	SecretsMask  = "mask"
	SecretsOmit  = "omit"
	SecretsPlain = "plain"
)

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	if c.MissingSandbox == "" {
		c.MissingSandbox = SandboxDefaultProd
	}
	if c.Secrets == "" {
		c.Secrets = SecretsMask
	}
	if c.SecretMask == "" {
		c.SecretMask = "********"
	}
	if c.ZohoSpecName == "" {
		c.ZohoSpecName = "zoho"
	}
	def(&c.MaxLimit, 1000)
	def(&c.MaxRunsPerFlow, 1000)
	def(&c.MaxRowsPerDataset, 100000)
	def(&c.MappingSetStatus, http.StatusOK)
	return c
}
