package crmdata

import (
	"fmt"
	"hash/fnv"
	"strconv"
)

// A CRM id is the org's 7-digit prefix and a 12-digit suffix, 19 digits in
// all, as Zoho's ("5725767000000002175"). The suffix ranges never overlap:
//
//	2175 + 4k             module k+1 (sequence order)
//	100000 + 1000s + f    field f of the module in id slot s
//	411001 + 1000i        user i (UserID)
//	900000001 + t         tag t
//	s·10¹⁰ + 1000n + 1    record n of the module in slot s (n < 10⁷)
//
// Everything below 10¹⁰ that is not listed is free for the service (roles,
// profiles, layouts). Record ids grow with n, so sorting by id is sorting
// by creation order within a module.
const (
	prefixDigits = 7
	suffixDigits = 12
	idDigits     = prefixDigits + suffixDigits

	moduleIDBase = 2175
	fieldIDBase  = 100000
	userIDBase   = 411001
	tagIDBase    = 900000001

	slotSpan = 10_000_000_000 // record ids of one module
	// MaxRecords is how many records a module can hold (generated,
	// explicit and created together).
	MaxRecords = slotSpan/1000 - 1
	// maxSlots keeps every suffix within 12 digits.
	maxSlots = 99
)

// UserID mints the CRM id of an org's i-th user.
func UserID(prefix string, i int) string { return mint(prefix, userIDBase+1000*int64(i)) }

func moduleID(prefix string, k int) string { return mint(prefix, moduleIDBase+4*int64(k)) }
func fieldID(prefix string, slot, f int) string {
	return mint(prefix, fieldIDBase+1000*int64(slot)+int64(f))
}
func tagID(prefix string, t int) string { return mint(prefix, tagIDBase+int64(t)) }

// recordID is the id of record n of the module in slot.
func recordID(prefix string, slot, n int) string {
	return mint(prefix, int64(slot)*slotSpan+1000*int64(n)+1)
}

func mint(prefix string, suffix int64) string {
	b := make([]byte, 0, idDigits)
	b = append(b, prefix...)
	var d [suffixDigits]byte
	for i := suffixDigits - 1; i >= 0; i-- {
		d[i] = byte('0' + suffix%10)
		suffix /= 10
	}
	return string(append(b, d[:]...))
}

// ParseRecordID splits a record id minted for prefix into its module slot
// and record number; ok is false for anything else (wrong length, a
// non-digit, another org's prefix, an id of a user, field or module).
func ParseRecordID(prefix, id string) (slot, n int, ok bool) {
	if len(id) != idDigits || id[:prefixDigits] != prefix {
		return 0, 0, false
	}
	var suffix int64
	for _, c := range []byte(id[prefixDigits:]) {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		suffix = suffix*10 + int64(c-'0')
	}
	slot, rest := int(suffix/slotSpan), suffix%slotSpan
	if slot < 1 || slot > maxSlots || rest%1000 != 1 {
		return 0, 0, false
	}
	return slot, int(rest / 1000), true
}

// PrefixOf derives a 7-digit CRM id prefix from a Zoho org id, as
// OrgSpec does when Prefix is empty: stable, never starting with 0.
func PrefixOf(orgID string) string {
	h := fnv.New64a()
	h.Write([]byte(orgID))
	return strconv.FormatUint(1_000_000+h.Sum64()%9_000_000, 10)
}

func validPrefix(p string) error {
	if len(p) != prefixDigits || p[0] == '0' {
		return fmt.Errorf("crmdata: prefix %q: want %d digits, not starting with 0", p, prefixDigits)
	}
	for _, c := range []byte(p) {
		if c < '0' || c > '9' {
			return fmt.Errorf("crmdata: prefix %q: want %d digits", p, prefixDigits)
		}
	}
	return nil
}
