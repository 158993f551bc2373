package emulator

import (
	"net"
	"net/http"
	"slices"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/internal/zohodc"
)

// land resolves where r arrived: the data centre (from a vendor Host or a
// /dc/{location} prefix, US otherwise), the service path with the prefix
// stripped, the public base URL and the source IP. ok is false for a
// /dc/ prefix naming no data centre.
func (e *Emulator) land(r *http.Request) (l httpx.Landing, path string, ok bool) {
	l = httpx.Landing{Base: e.baseFor(r), Location: zohodc.US, Source: e.policy.SourceIP(r)}
	path = r.URL.Path
	if dc, _, vendor := zohodc.ByHost(r.Host); vendor {
		l.Location = dc.Location
		return l, path, true
	}
	rest, found := strings.CutPrefix(path, "/dc/")
	if !found {
		return l, path, true
	}
	loc, tail, _ := strings.Cut(rest, "/")
	if !zohodc.Valid(loc) {
		return l, path, false
	}
	l.Location = loc
	return l, "/" + tail, true
}

// adobeHosts are Adobe's production hosts the emulator answers for.
var adobeHosts = []string{"ims-na1.adobelogin.com", "platform.adobe.io", "platform-stage.adobe.io"}

// vendorHost reports whether host (port ignored) is a production vendor
// host, which must never be handed back in an answer.
func vendorHost(host string) bool {
	if _, _, ok := zohodc.ByHost(host); ok {
		return true
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return slices.Contains(adobeHosts, strings.ToLower(host))
}

// baseFor is the base of absolute URLs in answers to r: the configured
// public URL, else the Host r used, unless that is a vendor host, which
// must never be handed back.
func (e *Emulator) baseFor(r *http.Request) string {
	if e.opts.PublicURL != "" {
		return strings.TrimSuffix(e.opts.PublicURL, "/")
	}
	if vendorHost(r.Host) || r.Host == "" {
		return e.URL()
	}
	scheme := "http://"
	if r.TLS != nil {
		scheme = "https://"
	}
	// Clients use one Host over and over: the last base is built once.
	if last := e.lastBase.Load(); last != nil && last.scheme == scheme && last.host == r.Host {
		return last.base
	}
	base := scheme + r.Host
	e.lastBase.Store(&hostBase{scheme: scheme, host: r.Host, base: base})
	return base
}

// hostBase is the base URL baseFor built last.
type hostBase struct{ scheme, host, base string }
