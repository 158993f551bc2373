// Package zohocrm emulates the Zoho CRM REST API a connector reads, for API
// versions v2, v2.1 and v3 to v8 under /crm/{version}/: module, field and
// layout metadata, records (list, one, create, update, delete, deleted
// records), users and the org, with Zoho's authentication, scopes, host
// rules, paging (page/per_page, page tokens and their caps), incremental
// reads (If-Modified-Since), API credits and concurrency limits, and every
// error in Zoho's envelope.
//
// The records themselves live in package crmdata; the tokens, orgs and
// users in Zoho Accounts, which this package reaches only through the
// small Directory interface it declares, so the two services stay
// independent and the emulator wires them together.
//
// Facts and their sources: ../shared/reference/zoho-accounts-and-crm.md
// §10-§14. Where Zoho's behaviour is unconfirmed or its documents
// conflict, Config holds the chosen default and lets a test change it;
// docs/zoho-crm.md lists every such choice.
package zohocrm
