// Package contracts answers one question: is this HTTP exchange legal under
// our OpenAPI contracts? It loads the embedded specs once (kin-openapi),
// finds the operation of a request, validates the request and the response
// (undeclared statuses included) and returns a Verdict the journal keeps.
//
// Beyond judging exchanges it is a toolkit for any provider and client:
// Cases generates, from the contracts, a valid request and invalid
// variants for every operation; Run and Verify exercise a provider with
// them and Report writes the outcome as text, JSON, JUnit XML or SARIF;
// Transport judges a client's own traffic in its tests. The subpackages
// cassette and proxy record validated sessions, redacted, and replay them.
//
// It never imports the emulator: the same checks run against any provider.
package contracts
