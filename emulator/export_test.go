package emulator

// StoredParts reads what the data dir holds now, for tests that watch the
// committer from outside the package.
func StoredParts(e *Emulator) (map[string][]byte, error) { return e.stored.store.Load() }
