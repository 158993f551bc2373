// Package bench drives a zohoaep emulator with a mix of realistic traffic
// (Zoho token refreshes, Zoho CRM page reads, Adobe IMS tokens, Flow
// Service connection reads and explores) from concurrent workers, and
// keeps per-kind throughput and latency in fixed-size histograms.
//
// It is the library behind `zohoaep bench` and the emulator's soak and
// hammer tests. A run has three parts: Prepare signs in to an emulator's
// demo world over HTTP (a self-client code from the control API, an IMS
// token, a Flow Service base connection); Fixture.Run sends the mix for
// a duration or a count; a Report puts the result beside a bare net/http
// handler's (Bare), measured in the same process, as ratios that compare
// across machines.
package bench
