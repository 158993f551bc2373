// Package openapi holds zohoaep's own OpenAPI 3 contracts of the emulated
// vendor APIs and of the emulator's control API, embedded in the binary.
package openapi

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed *.yaml
var files embed.FS

// The contracts, by name (the file name without ".yaml").
const (
	ZohoAccounts  = "zoho-accounts"
	ZohoCRM       = "zoho-crm"
	AdobeIMS      = "adobe-ims"
	FlowService   = "flow-service"
	EmulatorAdmin = "emulator-admin"
)

// Spec returns the YAML text of the named contract.
func Spec(name string) ([]byte, error) {
	return files.ReadFile(name + ".yaml")
}

// Names lists the embedded contracts.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return names
}
