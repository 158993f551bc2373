// Package journal keeps the emulator's request journal: a bounded ring of
// exchanges, each with its contract verdict, operation, tenant, client,
// source IP, and both virtual and wall time. Entries are redacted before
// they are stored.
//
// The ring lives through every garbage collection of a busy server, so it
// holds no pointer: its records are numbers and ids into a string table
// that keeps each distinct string once and forgets it with the last entry
// holding it. Packing a request's headers (Journal.PackHeader) returns the
// journal's own copy when it holds the same set already, so that a
// repeated exchange is journaled without allocating.
package journal
