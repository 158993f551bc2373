// Package zohosource is the live half of the Flow Service's Zoho CRM
// source: the connector runtime that Adobe runs on Azure Data Factory,
// reaching Zoho over HTTP exactly as production does.
//
// An Engine implements flowservice.Live (the connection test and explore)
// and runs the scheduled dataflows: CatchUp runs every window of every
// enabled CRMToAEP flow with a Zoho source that has ended by a (virtual)
// time, reading the source table's records changed in the window from Zoho
// CRM, applying the flow's Data Prep mapping set, appending the rows to the
// target dataset and writing a run document.
//
// The engine knows Zoho only by URL: it takes an *http.Client per egress IP
// (the emulator's in-memory transport stamps that IP on each request, so
// Zoho's IP allow list sees the AEP region's address), derives the CRM API
// domain from the connection's accountsUrl (or endpoint), and refreshes
// access tokens at {accountsUrl}/oauth/v2/token. Pointed at a real Zoho,
// the same code would talk to it.
//
// Facts and their sources: ../shared/reference/adobe-flow-service.md (§4
// explore, §5 runs, §7 IP allow list, §8-§9 credentials) and
// zoho-accounts-and-crm.md (§4 refresh, §11 errors, §12 CRM reads).
// docs/zoho-source.md lists every behaviour Adobe leaves unconfirmed and
// the default chosen (Config).
package zohosource
