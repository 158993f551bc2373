// Package zohoaccounts emulates Zoho Accounts, Zoho's OAuth 2.0 server:
// app registration for every client type, the authorization request with a
// sign-in and consent page, grant codes, access and refresh tokens with
// Zoho's limits and evictions, revocation, data centres and IP allow lists.
//
// Facts and their sources: ../shared/reference/zoho-accounts-and-crm.md
// §1-§10 and §13. Where Zoho's behaviour is unconfirmed or its documents
// conflict, Config holds the documented default and lets a test change it.
package zohoaccounts
