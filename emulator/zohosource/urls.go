package zohosource

import (
	"net/url"
	"strings"

	"github.com/zohoaep/zohoaep/internal/zohodc"
)

// Where the runtime reaches Zoho (reference §8, §1):
//
//   - the accounts server is the connection's accountsUrl, as given (its
//     path kept: the emulator serves data centres under /dc/{location});
//   - the CRM API domain is, in order: the connection's endpoint when it
//     is an absolute http(s) URL (its scheme and host, and a /dc/{location}
//     prefix of its path); the api_domain Zoho returned with the last
//     refreshed token; the API host of the accountsUrl's data centre
//     (https://accounts.zoho.eu -> https://www.zohoapis.eu); for any other
//     accountsUrl (the emulator's own, http://127.0.0.1:9595/dc/eu) the
//     accountsUrl itself.
//
// ADF's `endpoint` is host/path without a scheme (crm.zoho.com/crm/private)
// and names the retired pre-v2 API: such a value is not used.

// accountsBase checks an accountsUrl: an absolute http(s) URL, returned
// without a trailing slash, query or fragment.
func accountsBase(raw string) (string, bool) {
	u, ok := absolute(raw)
	if !ok {
		return "", false
	}
	return u.Scheme + "://" + u.Host + strings.TrimRight(u.EscapedPath(), "/"), true
}

// derivedAPIBase is the API domain an accountsUrl implies.
func derivedAPIBase(accounts string) string {
	u, ok := absolute(accounts)
	if !ok {
		return ""
	}
	if dc, svc, known := zohodc.ByHost(u.Host); known {
		if svc == zohodc.Accounts {
			return "https://" + dc.APIHost
		}
		return u.Scheme + "://" + u.Host
	}
	return u.Scheme + "://" + u.Host + strings.TrimRight(u.EscapedPath(), "/")
}

// endpointBase is the API base an absolute endpoint names, or "".
func endpointBase(raw string) string {
	u, ok := absolute(raw)
	if !ok {
		return ""
	}
	return u.Scheme + "://" + u.Host + dcPrefix(u.Path)
}

// dcPrefix is the /dc/{location} a path starts with, or "".
func dcPrefix(path string) string {
	rest, ok := strings.CutPrefix(path, "/dc/")
	if !ok {
		return ""
	}
	loc, _, _ := strings.Cut(rest, "/")
	if !zohodc.Valid(loc) {
		return ""
	}
	return "/dc/" + loc
}

// absolute parses an absolute http or https URL with a host.
func absolute(raw string) (*url.URL, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil {
		return nil, false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		u.Scheme = strings.ToLower(u.Scheme)
		return u, true
	}
	return nil, false
}
