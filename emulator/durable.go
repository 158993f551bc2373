package emulator

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/durable"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
)

// The parts of the state a data directory keeps, one per service plus the
// clock and fault rules; a request marks the parts its service owns.
const (
	partZoho    = 1 << iota
	partCRM     // org settings, API credits, page tokens
	partCRMData // records changed through the API
	partIMS
	partFlow
	partControl
)

// stored is the data directory of an emulator with Options.DataDir.
type stored struct {
	store      *durable.Store
	commits    *durable.Committer
	loaded     bool // the world came from the data directory, not the seed
	seedStored bool // the directory keeps the seed resets return to
	closeOnce  sync.Once
	closeErr   error
}

// Values kept beside the parts: the IMS signing key (tokens minted before
// a restart must still verify after it) and the seed the directory was
// made from (what a reset returns to, whatever the later start's flags).
const (
	imsKeyMeta = "ims-signing-key"
	seedMeta   = "seed"
)

// openDataDir opens opts.DataDir and puts its IMS signing key (made on
// first use) and its seed into opts, before the services are built.
func openDataDir(opts *Options) (*stored, error) {
	if opts.DataDir == "" {
		return nil, nil
	}
	st, err := durable.Open(opts.DataDir)
	if err != nil {
		return nil, err
	}
	if opts.IMS.Key == nil {
		if opts.IMS.Key, err = storedKey(st); err != nil {
			_ = st.Close()
			return nil, err
		}
	}
	d := &stored{store: st}
	seed, err := st.Meta(seedMeta)
	if err == nil && seed != nil {
		opts.Seed, err = ParseSeed(seed)
		d.seedStored = true
	}
	if err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("data dir %s: seed: %w", opts.DataDir, err)
	}
	return d, nil
}

func storedKey(st *durable.Store) (*rsa.PrivateKey, error) {
	der, err := st.Meta(imsKeyMeta)
	if err != nil {
		return nil, err
	}
	if der != nil {
		return x509.ParsePKCS1PrivateKey(der)
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return key, st.SetMeta(imsKeyMeta, x509.MarshalPKCS1PrivateKey(key))
}

// attach loads the data directory's world over the seed, or writes the
// seeded world into a new one, then starts the group committer.
func (e *Emulator) attach(d *stored) error {
	parts := []durable.Part{
		{Name: "zoho", Export: func() ([]byte, error) { return json.Marshal(e.accounts.Export()) }},
		{Name: "crm", Export: func() ([]byte, error) { return json.Marshal(e.crm.Export()) }},
		{Name: "crm-data", Export: func() ([]byte, error) { return json.Marshal(e.crmData.Export()) }},
		{Name: "ims", Export: func() ([]byte, error) { return json.Marshal(e.ims.Export()) }},
		{Name: "flow-service", Export: func() ([]byte, error) { return json.Marshal(e.flows.Export()) }, Stamp: e.runsStamp},
		{Name: "control", Export: func() ([]byte, error) { return json.Marshal(e.controlPart()) }},
	}
	if !d.seedStored {
		seed, err := json.Marshal(e.seed)
		if err != nil {
			return err
		}
		if err := d.store.SetMeta(seedMeta, seed); err != nil {
			return err
		}
	}
	have, err := d.store.Load()
	if err != nil {
		return err
	}
	if len(have) > 0 {
		if err := e.load(have); err != nil {
			return fmt.Errorf("data dir %s: %w", e.opts.DataDir, err)
		}
		d.loaded = true
	}
	d.commits, err = durable.NewCommitter(d.store, parts, have, durable.Options{Poll: partFlow | partControl})
	if err != nil {
		return err
	}
	e.stored = d
	return d.commits.Commit(durable.All) // a new directory gets the whole world at once
}

// controlPart is the clock and the fault rules in a data directory. A
// running clock keeps its offset from wall time, so it runs on after a
// restart rather than resuming from the moment of the crash.
type controlPart struct {
	Frozen bool          `json:"frozen"`
	At     time.Time     `json:"at,omitzero"`
	Offset time.Duration `json:"offset"`
	Faults []faults.Rule `json:"faults,omitempty"`
}

func (e *Emulator) controlPart() controlPart {
	c := e.clock.State()
	p := controlPart{Frozen: c.Frozen, Faults: e.faults.List()}
	if c.Frozen {
		p.At = c.Now
	} else {
		p.Offset, _ = time.ParseDuration(c.Offset)
	}
	return p
}

// load imports the parts of a data directory, all or nothing.
func (e *Emulator) load(have map[string][]byte) error {
	st := State{Version: StateVersion}
	var ctl controlPart
	var crm CRMState
	targets := map[string]any{"zoho": &st.Zoho, "crm": &crm.Service, "crm-data": &crm.Data, "ims": &st.IMS, "flow-service": &st.FlowService, "control": &ctl}
	for name, b := range have {
		into, ok := targets[name]
		if !ok {
			return fmt.Errorf("unknown part %q", name)
		}
		if err := json.Unmarshal(b, into); err != nil {
			return fmt.Errorf("part %s: %w", name, err)
		}
	}
	st.Faults = ctl.Faults
	if _, ok := have["crm"]; ok {
		st.CRM = &crm
	}
	if err := e.Import(st); err != nil {
		return err
	}
	e.clock.Reset()
	if ctl.Frozen {
		e.clock.Freeze()
		e.clock.Set(ctl.At)
	} else {
		e.clock.Advance(ctl.Offset)
	}
	return nil
}

// Loaded reports whether the world came from Options.DataDir (an existing
// data directory) rather than from the seed.
func (e *Emulator) Loaded() bool { return e.stored != nil && e.stored.loaded }

// Sync makes every change so far durable in Options.DataDir (a no-op
// without one). Requests are made durable before they are answered;
// changes through the Go API are written by the next commit, or by Sync.
func (e *Emulator) Sync() error {
	if e.stored == nil {
		return nil
	}
	return e.stored.commits.Commit(durable.All)
}

func (d *stored) close() error {
	if d == nil {
		return nil
	}
	d.closeOnce.Do(func() {
		var errs []error
		if d.commits != nil {
			errs = append(errs, d.commits.Close())
		}
		errs = append(errs, d.store.Close())
		d.closeErr = errors.Join(errs...)
	})
	return d.closeErr
}
