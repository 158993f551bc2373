// Package control serves the emulator's control API under /_emulator:
// health and readiness, reset, the virtual clock, Zoho orgs, users and
// clients, consent, tokens, the journal, fault rules, and the whole state.
// Its contract is openapi/emulator-admin.yaml.
package control
