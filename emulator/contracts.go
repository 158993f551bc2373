package emulator

import (
	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/openapi"
)

// startContracts queues every service's contract for parsing before the
// services are built (an IMS signing key, CRM routes), so that the two
// overlap: the control plane's first, as a health check is a client's
// first request. wire's own contracts.Background calls then find them
// loaded or loading.
func startContracts() {
	for _, name := range []string{openapi.EmulatorAdmin, openapi.ZohoAccounts, openapi.ZohoCRM, openapi.AdobeIMS, openapi.FlowService} {
		contracts.Background(name)
	}
}
