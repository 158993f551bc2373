// Package zohodc is the table of Zoho data centres: the location codes
// Zoho puts in redirects, and the production host names that the front
// door maps back onto the emulator.
//
// Source: ../shared/reference/zoho-accounts-and-crm.md §1 (Zoho's multi-DC
// docs https://www.zoho.com/accounts/protocol/oauth/multi-dc.html and the
// data-centre classes of the official Python SDK). The location strings for
// au, cn, jp, ca, sa, uk and ae are inferred from their TLDs (UNCONFIRMED).
package zohodc

import "strings"

// DC is one Zoho data centre.
type DC struct {
	Location     string // the `location` query value, e.g. "eu"
	AccountsHost string // production Zoho Accounts host
	APIHost      string // production CRM api_domain host
	// CRM is false where Zoho CRM availability is unconfirmed (UK, AE).
	CRM bool
}

// US is the default data centre, served at the emulator's root paths.
const US = "us"

// All lists the ten data centres in the reference's order.
var All = []DC{
	{"us", "accounts.zoho.com", "www.zohoapis.com", true},
	{"eu", "accounts.zoho.eu", "www.zohoapis.eu", true},
	{"in", "accounts.zoho.in", "www.zohoapis.in", true},
	{"au", "accounts.zoho.com.au", "www.zohoapis.com.au", true},
	{"cn", "accounts.zoho.com.cn", "www.zohoapis.com.cn", true},
	{"jp", "accounts.zoho.jp", "www.zohoapis.jp", true},
	{"ca", "accounts.zohocloud.ca", "www.zohoapis.ca", true},
	{"sa", "accounts.zoho.sa", "www.zohoapis.sa", true},
	{"uk", "accounts.zoho.uk", "www.zohoapis.uk", false},
	{"ae", "accounts.zoho.ae", "www.zohoapis.ae", false},
}

// Lookup returns the data centre with the given location code.
func Lookup(location string) (DC, bool) {
	for _, dc := range All {
		if dc.Location == location {
			return dc, true
		}
	}
	return DC{}, false
}

// Valid reports whether location names a data centre.
func Valid(location string) bool {
	_, ok := Lookup(location)
	return ok
}

// Service names what a production host serves.
type Service int

const (
	Accounts Service = iota + 1
	API
)

// ByHost maps a production host name (port ignored, any case) to its data
// centre and service.
func ByHost(host string) (DC, Service, bool) {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	host = strings.ToLower(host)
	for _, dc := range All {
		switch host {
		case dc.AccountsHost:
			return dc, Accounts, true
		case dc.APIHost:
			return dc, API, true
		}
	}
	return DC{}, 0, false
}

// URL is the emulator's address for a data centre: base for the US, and
// base + "/dc/{location}" for the others.
func URL(base, location string) string {
	if location == US || location == "" {
		return base
	}
	return base + "/dc/" + location
}
