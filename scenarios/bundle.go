package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/zohoaep/zohoaep/emulator/bundle"
)

// A failed scenario can leave a repro bundle (Options.Bundles): the
// emulator's state, clock, fault rules and journal at the moment the
// scenario ended, with the scenario and its result. `zohoaep serve
// --bundle FILE` starts an emulator from it, where the client's failing
// exchanges can be read and played again.

// Bundled is what a scenario's repro bundle says about the scenario
// (the bundle's "scenario" member).
type Bundled struct {
	Client     string   `json:"client"`
	Result     Result   `json:"result"`
	Definition Scenario `json:"definition"`
}

// BundledOf reads the scenario a bundle was left by; ok is false for a
// bundle exported otherwise.
func BundledOf(b *bundle.Bundle) (Bundled, bool) {
	var s Bundled
	if len(b.Scenario) == 0 || json.Unmarshal(b.Scenario, &s) != nil || s.Result.ID == "" {
		return Bundled{}, false
	}
	return s, true
}

// writeBundle exports the world's emulator into dir as <scenario id>.bundle.json.gz.
// Against a serving emulator the bundle holds the scenario's tenants: their
// part of the state and their journal since the scenario began.
func (w *world) writeBundle(ctx context.Context, dir, client string, sc Scenario, res Result) (string, error) {
	var b *bundle.Bundle
	var err error
	if w.tenant != nil {
		b, err = bundle.ExportTenants(ctx, w.hc, w.base, time.Now(), uint64(w.tenant.start), w.tenant.ids...)
	} else {
		b, err = bundle.Export(ctx, w.hc, w.base, time.Now())
	}
	if err != nil {
		return "", err
	}
	if w.emu != nil {
		b.Source = "" // an in-process emulator: its URL led nowhere
	}
	b.Scenario, err = json.Marshal(Bundled{Client: client, Result: res, Definition: sc})
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, sc.ID+".bundle.json.gz")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if err := b.Write(f); err != nil {
		_ = f.Close()
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return path, f.Close()
}
