// Package bundle is the repro bundle: one file with everything a running
// emulator knows about a failure (its whole state with the virtual clock
// and the fault rules, its journal, and the scenario that failed when a
// scenario run left it), exported through the control API, so that `zohoaep serve --bundle`
// brings the same world back elsewhere, offline, and the failing exchange
// can be sent again (Request resolves the journal's redacted secrets from
// the state).
package bundle
