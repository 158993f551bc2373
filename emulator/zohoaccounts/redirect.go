package zohoaccounts

import (
	"net/url"
	"strings"
)

// redirectTo appends parameters to a redirect URI the way Zoho does:
// "?state=..&code=..&location=..&accounts-server=<escaped>&", each value
// query-escaped, with the trailing "&" (reference §2). A URI that has a
// query already gets the parameters after it; a fragment stays last.
func redirectTo(redirectURI string, params [][2]string) string {
	base, fragment, hasFragment := strings.Cut(redirectURI, "#")
	var b strings.Builder
	b.Grow(len(redirectURI) + 200)
	b.WriteString(base)
	// A separator unless the query is empty or ends with "&"; a "?" at the
	// end of a non-empty query is data, not a separator ("cb?x?").
	switch q := strings.IndexByte(base, '?'); {
	case q < 0:
		b.WriteByte('?')
	case q < len(base)-1 && !strings.HasSuffix(base, "&"):
		b.WriteByte('&')
	}
	for _, p := range params {
		b.WriteString(p[0])
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p[1]))
		b.WriteByte('&')
	}
	if hasFragment {
		b.WriteByte('#')
		b.WriteString(fragment)
	}
	return b.String()
}
