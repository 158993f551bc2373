// Package netpolicy decides where a request comes from and whether an
// allow list admits it.
//
// The source IP is the TCP peer; X-Forwarded-For is believed only when the
// peer is a configured trusted proxy. The emulator's in-memory transport
// stamps its simulated egress IP as the peer, so an allow list sees what it
// would see in production.
package netpolicy

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// Policy holds the proxies whose X-Forwarded-For is believed.
type Policy struct {
	TrustedProxies []netip.Prefix
}

// SourceIP returns the client address of r; the zero Addr if unknown.
func (p Policy) SourceIP(r *http.Request) netip.Addr {
	peer := peerAddr(r.RemoteAddr)
	if !peer.IsValid() || len(p.TrustedProxies) == 0 || !Contains(p.TrustedProxies, peer) {
		return peer
	}
	// Walk X-Forwarded-For from the right, skipping trusted proxies: the
	// first untrusted hop is the client.
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		ip, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return peer
		}
		ip = ip.Unmap()
		if !Contains(p.TrustedProxies, ip) {
			return ip
		}
		peer = ip
	}
	return peer
}

func peerAddr(remote string) netip.Addr {
	if ap, err := netip.ParseAddrPort(remote); err == nil {
		return ap.Addr().Unmap()
	}
	if ip, err := netip.ParseAddr(remote); err == nil {
		return ip.Unmap()
	}
	return netip.Addr{}
}

// ParseList parses IP addresses and CIDR ranges ("203.0.113.7",
// "198.51.100.0/24", "2001:db8::/32").
func ParseList(items []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(items))
	for _, s := range items {
		s = strings.TrimSpace(s)
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, fmt.Errorf("invalid IP range %q", s)
			}
			out = append(out, p.Masked())
			continue
		}
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("invalid IP address %q", s)
		}
		ip = ip.Unmap()
		out = append(out, netip.PrefixFrom(ip, ip.BitLen()))
	}
	return out, nil
}

// Contains reports whether ip is in one of the prefixes.
func Contains(list []netip.Prefix, ip netip.Addr) bool {
	for _, p := range list {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// Allowed reports whether an allow list admits ip: an empty list admits all.
func Allowed(list []netip.Prefix, ip netip.Addr) bool {
	return len(list) == 0 || Contains(list, ip)
}
