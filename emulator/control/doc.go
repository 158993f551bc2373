// Package control serves the emulator's control API under /_emulator:
// health and readiness, reset, tenants (Tenants), the virtual clock, Zoho
// orgs, users and clients, self-client grant codes, consent, tokens, an
// org's CRM API credits (CRM), the AEP Flow Service's
// dataset rows and dataflow runs, the journal, fault rules, and the whole
// state. Its contract is openapi/emulator-admin.yaml, and the route table
// in control.go follows it operation by operation.
//
// Bodies are JSON both ways, read strictly (one object, no unknown fields,
// at most MaxBody bytes). Errors are {"error": code, "message": text}; the
// errors of the Go APIs it steers map onto them: zohoaccounts.ErrInvalid
// faults.ErrInvalid, adobeims.ErrInvalid and zohocrm.ErrCredits to 400
// "invalid", zohoaccounts.ErrNotFound, flowservice.ErrUnknown,
// adobeims.ErrNotFound and zohocrm.ErrNoOrg to 404 "not_found",
// zohoaccounts.ErrConflict and adobeims.ErrConflict to 409 "conflict".
package control
