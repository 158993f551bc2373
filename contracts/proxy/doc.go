// Package proxy is a validating, recording reverse proxy: it forwards
// every request to an upstream (a vendor, a sandbox, another emulator),
// judges both directions against the contracts, and records the session
// as a redacted cassette (package cassette) that `zohoaep replay` serves
// back.
package proxy
