// Package console is the emulator's web console, served under
// /_emulator/ui/: server-rendered pages (html/template, embedded, no
// build step, no external assets) that show and steer the emulated world.
//
//   - Overview: Zoho orgs, users and clients, AEP orgs and sandboxes, the
//     AEP region, the virtual clock with its controls, the fault rules with
//     switches.
//   - Tokens: grant codes, refresh and access tokens per client and user
//     with their time left on the virtual clock, the limits as gauges, and
//     revoke buttons.
//   - Journal: the request log, filtered, each exchange expandable to its
//     redacted request and response, contract violations highlighted.
//   - Sources: Zoho CRM as a source on Platform, step by step, through the
//     emulator's own Flow Service API with an IMS token, as Platform's UI
//     does: account, tables with a preview, dataset and mapping, schedule,
//     and the dataflow's runs.
//   - Scenarios: a catalogue and its last results, from a Scenarios
//     provider set by whoever wires the console.
//
// The console reads and steers the clock, journal, fault rules and Zoho
// Accounts through their Go APIs, the same operations the control API
// offers; its pages are not part of the control API's contract and are
// not journaled (see docs/console.md).
package console
