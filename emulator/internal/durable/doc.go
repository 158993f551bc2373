// Package durable keeps the emulator's state in a data directory so that
// every acknowledged change survives a crash (kill -9).
//
// The state is a few named parts (one per service, plus the clock and the
// fault rules), each a JSON document, kept in one embedded bbolt file
// (pure Go, so the binary stays static). A bbolt transaction is written
// whole or not at all, and Commit returns only after fsync: a torn last
// write leaves the previous commit, never a file that cannot be opened.
//
// A Committer batches changes (group commit): a request that changed a
// part marks it dirty and waits for the next commit; one writer exports
// the dirty parts, writes those whose bytes changed in one transaction,
// fsyncs, and wakes every request that was waiting on that commit. Reads
// mark parts they may have touched (API credits, page tokens) without
// waiting; those are written by the next commit, within Options.Lazy.
package durable
