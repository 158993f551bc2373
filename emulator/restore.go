package emulator

import (
	"encoding/json"
	"fmt"

	"github.com/zohoaep/zohoaep/emulator/bundle"
)

// Restore brings back a repro bundle's world: its state (clock and fault
// rules included) replaces this emulator's, and its journal becomes the
// start of this one's (renumbered from 1; entries past the journal's size
// are dropped, oldest first). Nothing changes if the state is invalid.
func (e *Emulator) Restore(b *bundle.Bundle) error {
	if err := (*world)(e).ImportState(b.State); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	e.journal.Clear()
	for _, entry := range b.Journal {
		e.journal.Add(entry)
	}
	return nil
}

// bundleSeed is a bundle's state as the seed a reset returns to.
func bundleSeed(b *bundle.Bundle) (*State, error) {
	var st State
	if err := json.Unmarshal(b.State, &st); err != nil {
		return nil, fmt.Errorf("bundle: state: %w", err)
	}
	return &st, nil
}
