// Package crmdata is the data behind the Zoho CRM emulator: module and
// field metadata (settings/modules, settings/fields), a deterministic lazy
// record generator, and a record store with the changes made through the
// API (created, updated, deleted), queries with Zoho's sort orders and
// filters, the deleted-records log, and export/import.
//
// Facts and their sources: the vendor reference shared/reference/
// zoho-accounts-and-crm.md §12.1–§12.4 (module keys, field keys and data
// types, the Leads record). docs/zoho-crm-data.md has the figures.
//
// # Catalogue
//
// StandardModules is the demo org: Leads, Contacts, Accounts, Deals,
// Activities (served up to v2.1), Tasks, Events, Calls, Products,
// Campaigns with Zoho's standard fields and picklists, custom fields on
// Leads and Contacts, and the custom module Subscriptions. An OrgSpec can
// replace the set, add fields (or replace them by api_name), add custom
// modules, scale any module (Generate up to MaxRecords) and add explicit
// records.
//
// # Values
//
// Record.Values hold, by data_type:
//
//	text, textarea, email, phone, website, picklist  string
//	multiselectpicklist                              []string
//	integer, bigint                                  int64
//	double, currency                                 float64
//	boolean                                          bool
//	date                                             Date ("2006-01-02")
//	datetime                                         time.Time, UTC, whole seconds
//	lookup                                           Ref{Name, ID}
//	ownerlookup, userlookup                          Ref{Name, ID, Email}
//	Tag (text, json_type jsonarray)                  []Ref{Name, ID}
//
// and nil for an empty field; every field of the module is present. The
// "$" keys of reference §12.4 that are plain values are there too
// ("$currency_symbol", "$state", "$approved", "$editable",
// "$process_flow", "$orchestration", "$in_merge", "$approval_state",
// "$field_states", "$review", Leads' "$converted", activities'
// "$se_module"); the object-valued and version-specific ones ("$approval",
// "$review_process", "$converted_detail", Converted__s, Record_Status__s)
// are the service's to add. The id is Record.ID, not a value.
//
// # Generation
//
// Record n of a module is a pure function of (Seed, module api_name, n):
// per-record hashes place its times and links, a PCG seeded per record
// draws its values. Created_Time and Modified_Time increase with n and lie
// in [From, To), ids increase with n, so a query over a million generated
// records is a few binary searches. Lookups point at generated records of
// their target module; one lead in ten is converted.
//
// # Writes
//
// Create and Update check every value against its field's data_type and
// length (ReasonInvalid, ReasonTooLong), require system-mandatory fields
// (ReasonMandatory), resolve lookups to existing records and owners to the
// org's users (or the writer), and store nothing on any error. Two points
// Zoho's documents leave open are a Policy: keys that name no field are
// ignored (observed Zoho behaviour; Policy.RejectUnknown refuses them),
// and system-maintained fields (id, Created_Time, Modified_Time,
// Created_By, Modified_By, Last_Activity_Time, Full_Name,
// Expected_Revenue, ...) are refused with ReasonReadOnly
// (Policy.IgnoreReadOnly drops them instead). "$" keys are ignored; an
// update may repeat its own id. Tags change through Zoho's tag actions,
// not record writes: a non-empty Tag is ReasonInvalid, an empty one is
// ignored.
package crmdata
