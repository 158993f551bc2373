// Package scenarios runs a catalogue of real integration failures against
// a client of Zoho Accounts, Zoho CRM, Adobe IMS and AEP Flow Service, and
// scores the client.
//
// A scenario (one YAML file under catalog/, see Scenario) sets up a fresh
// emulated world with the emulator's own vocabulary (clients, consent,
// allowed IPs, fault rules, the virtual clock), asks the client to do
// something in one of its roles (RoleZohoOAuth, RoleCRMReader,
// RoleAEPConnection, RoleAEPDataflow), and checks what the client reported
// (an Outcome) and what it did on the wire (assertions over the journal).
//
// Go clients implement Client and the role interfaces (ZohoOAuth,
// CRMReader, AEPConnection, AEPDataflow) and call Run(t, client); any
// other program plays through the process protocol (Process), documented
// in docs/scenarios.md. Reports render as a console table, JSON or JUnit
// XML (Report).
package scenarios
