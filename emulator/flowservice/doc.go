// Package flowservice emulates the Adobe Experience Platform Flow Service
// API (connection specs, base connections, source and target connections,
// flow specs, flows and runs) with the small parts of Catalog (datasets)
// and Data Prep (mapping sets) that a dataflow names, behind the Adobe I/O
// gateway's header rules.
//
// State is kept per IMS org and sandbox: a connection made in sandbox
// "dev" is invisible from "prod". Tokens and sandboxes belong to Adobe IMS,
// which this package reaches only through the small IMS interface it
// declares; the live parts of a connection (its test and explore
// endpoints) are delegated to a Live implementation, and dataflow runs are
// written through the Go API (AddRun, UpdateRun, AppendRows), so the
// engine that reads Zoho CRM over HTTP stays outside this package.
//
// Facts and their sources: ../shared/reference/adobe-flow-service.md and
// Adobe's error catalogues (Flow Service errors, Sources errors). Where a
// behaviour is unconfirmed, Config holds the chosen default and lets a test
// change it; docs/flow-service.md lists every such choice.
package flowservice
