package proxy

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/zohoaep/zohoaep/internal/zohodc"
)

// Route sends the requests under a path prefix to an upstream.
type Route struct {
	// Prefix selects requests by path ("/dc/eu/oauth"); the longest
	// matching prefix wins, "/" takes everything.
	Prefix string
	// Upstream is where they go: scheme, host and an optional path prefix.
	Upstream string
	// Strip is the start of the path not sent upstream ("/dc/eu"), and
	// what the upstream's own URLs in answers come back under.
	Strip string
}

// Vendors is the Upstream that stands for VendorRoutes.
const Vendors = "vendors"

// Adobe's production hosts the routes forward to.
const (
	imsHost      = "https://ims-na1.adobelogin.com"
	platformHost = "https://platform.adobe.io"
)

// VendorRoutes map the emulator's URL layout (docs: one listener, real
// paths) back onto the vendors' production hosts: Zoho CRM under /crm and
// Zoho Accounts for every other path (OAuth and its sign-in pages), of the
// US data centre at the root and of the others under /dc/{location};
// Adobe IMS under /ims, the AEP platform under /data. A client that works
// against the emulator's base URL works through the proxy against the
// vendors, and one cassette holds the whole session in order.
func VendorRoutes() []Route {
	var routes []Route
	for _, dc := range zohodc.All {
		strip := ""
		if dc.Location != zohodc.US {
			strip = "/dc/" + dc.Location
		}
		routes = append(routes,
			Route{Prefix: strip + "/", Upstream: "https://" + dc.AccountsHost, Strip: strip},
			Route{Prefix: strip + "/crm/", Upstream: "https://" + dc.APIHost, Strip: strip})
	}
	return append(routes,
		Route{Prefix: "/ims/", Upstream: imsHost},
		Route{Prefix: "/data/", Upstream: platformHost})
}

// route is a Route parsed.
type route struct {
	Route
	upstream *url.URL
	origin   string // scheme://host
}

func parseRoutes(rs []Route) ([]route, error) {
	out := make([]route, 0, len(rs))
	for _, r := range rs {
		u, err := url.Parse(r.Upstream)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("upstream %q: want an http or https URL", r.Upstream)
		}
		if !strings.HasPrefix(r.Prefix, "/") || !strings.HasPrefix(r.Prefix, r.Strip) {
			return nil, fmt.Errorf("route %q: a prefix starts with / and with what it strips (%q)", r.Prefix, r.Strip)
		}
		out = append(out, route{Route: r, upstream: u, origin: u.Scheme + "://" + u.Host})
	}
	// Longest prefix first, so the first match is the most specific.
	slices.SortStableFunc(out, func(a, b route) int { return cmp.Compare(len(b.Prefix), len(a.Prefix)) })
	return out, nil
}

// match is the route a request path takes.
func match(routes []route, path string) (route, bool) {
	for _, r := range routes {
		if strings.HasPrefix(path, r.Prefix) || path+"/" == r.Prefix {
			return r, true
		}
	}
	return route{}, false
}

// rewriter turns every upstream origin an answer names into the proxy's
// address (self) with the route's stripped prefix, raw and URL-escaped,
// so that the client stays behind the proxy (api_domain, accounts-server,
// Location). Longer origins go first: accounts.zoho.com.au is not
// accounts.zoho.com followed by ".au".
func rewriter(routes []route, self string) *strings.Replacer {
	seen := map[string]bool{}
	var byLength []route
	for _, r := range routes {
		if !seen[r.origin] {
			seen[r.origin] = true
			byLength = append(byLength, r)
		}
	}
	slices.SortStableFunc(byLength, func(a, b route) int { return cmp.Compare(len(b.origin), len(a.origin)) })
	var pairs []string
	for _, r := range byLength {
		to := self + r.Strip
		pairs = append(pairs, r.origin, to, url.QueryEscape(r.origin), url.QueryEscape(to))
	}
	return strings.NewReplacer(pairs...)
}
