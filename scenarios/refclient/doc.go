// Package refclient is the harness's reference client, playing every role
// of package scenarios: Zoho OAuth with golang.org/x/oauth2, the CRM and
// AEP Flow Service with net/http. New() passes every scenario of the
// catalogue; New(flaw) is the same client with one deliberate bug, and
// the harness's own tests check that every scenario fails at least one of
// them (a scenario that cannot fail is a defect).
package refclient
