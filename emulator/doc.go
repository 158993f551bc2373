// Package emulator composes zohoaep's emulated services into one
// http.Handler, served on one address with every service under the path it
// has in production:
//
//	/oauth/...                    Zoho Accounts (US data centre)
//	/dc/{location}/oauth/...      Zoho Accounts in another data centre
//	/_emulator/...                the control API
//
// Requests whose Host is a real vendor host (accounts.zoho.eu) route to
// that host's service and data centre. Every exchange passes the front
// door: data-centre and source-IP resolution, contract validation of the
// request and the response, scripted faults, and the journal.
//
// The emulator is a library first: New(Options{}) works at its zero value
// (empty world, real clock, quiet logs); emulatortest wraps it for tests.
package emulator
