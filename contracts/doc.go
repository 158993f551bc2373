// Package contracts answers one question: is this HTTP exchange legal under
// our OpenAPI contracts? It loads the embedded specs once (kin-openapi),
// finds the operation of a request, validates the request and the response
// (undeclared statuses included) and returns a Verdict the journal keeps.
//
// It never imports the emulator: the same checks run against any provider.
package contracts
