// Package convert turns a recorded cassette (contracts/cassette, written
// by zohoaep proxy) into a scenario of the catalogue (scenarios.Scenario).
//
// The conversion reads what the recorded client did and what the vendors
// answered, and writes it in the scenario vocabulary:
//
//   - the client's steps: each exchange is given an intent of a role
//     (a token exchange is zoho-oauth's exchange, a user-info call its
//     call, CRM record reads crm-reader's read, Flow Service connections
//     aep-connection's connect, explore and delete, datasets, flows and
//     runs aep-dataflow's create and watch), retries and refreshes staying
//     in the step they served;
//   - the world those steps met: a refresh before a call means the hour
//     had passed (advance 61m), a refused refresh token means it had been
//     revoked, a 5xx answer is a fault rule the step meets, a denied
//     consent is the deny consent mode, and the sandbox, module, CRM
//     version and scopes the client used are what it is told;
//   - what is expected: each step's outcome as the recording ended it
//     (success, or failure of the named kind), and journal checks over
//     the calls made (count bounds, parameters present, secrets absent
//     from query strings, gateway headers present).
//
// Recorded values never reach the scenario: tokens, codes, ids and
// timestamps are left out or matched by presence ("*"); only protocol
// values (grant_type, access_type, prompt, response_type) are kept.
// What the conversion cannot reproduce is said in Conversion.Notes.
package convert
