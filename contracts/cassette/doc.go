// Package cassette records HTTP exchanges as a cassette, redacted, and
// serves them back.
//
// A cassette is one JSON document: the interactions in order, each with its
// contract operation and verdict, and its secrets, tokens and personal data
// replaced by named placeholders ("{{access_token_1}}", "{{pii_3}}"). One
// value keeps one placeholder throughout the cassette, and the cassette
// lists where each first appeared, so that a dynamic value minted in one
// answer (a grant code, a token, an id) can be followed into the requests
// that use it: what turning a cassette into a templated scenario needs.
//
// Replay (Handler) answers each request with the next recorded answer to
// the same method, path and query keys.
package cassette
