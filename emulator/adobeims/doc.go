// Package adobeims emulates Adobe Identity Management Services (IMS) for
// OAuth Server-to-Server credentials: POST /ims/token/v3 with the
// client_credentials grant issues RS256-signed JWT access tokens (24 hours
// on the virtual clock), GET /ims/keys publishes the key that verifies
// them, and every failure is answered in IMS's OAuth-style envelope
// {"error_description","error"}.
//
// Its Go API holds the IMS orgs, their credentials (client id = API key,
// secret, technical account, allowed scopes) and their AEP sandboxes, and
// Verify proves a token real (signature, expiry, credential) for the Flow
// Service gateway.
//
// Facts and their sources: docs/adobe-ims.md, and the contract
// openapi/adobe-ims.yaml. Choices the public sources do not settle are
// marked UNCONFIRMED there.
package adobeims
