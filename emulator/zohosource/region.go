package zohosource

import "net/netip"

// Region is an AEP region with the IP ranges its batch sources (Azure Data
// Factory) connect from: the ranges a Zoho IP allow list must admit.
// Source: reference §7, Adobe's "IP address allow list" page (newest
// version, batch sources on Azure).
// https://experienceleague.adobe.com/docs/experience-platform/sources/ip-address-allow-list.html
type Region struct {
	Name   string // e.g. "VA7"
	Label  string // e.g. "North America"
	Ranges []netip.Prefix
}

// AEP region names.
const (
	RegionVA7  = "VA7"
	RegionNLD2 = "NLD2"
	RegionAUS5 = "AUS5"
	RegionCAN2 = "CAN2"
	RegionIND2 = "IND2"
)

// Regions are the regions with a documented batch allow list (GBR9 and
// JPN3 have none: UNCONFIRMED).
var Regions = []Region{
	region(RegionVA7, "North America", "20.42.2.0/23", "20.42.4.0/26", "20.42.64.0/28", "20.49.111.0/29",
		"40.71.14.32/28", "40.78.229.96/28", "20.41.2.0/23", "20.41.4.0/26", "20.44.17.80/28", "20.49.102.16/29",
		"40.70.148.160/28", "52.167.107.224/28", "20.98.198.224/29", "20.119.28.57/32", "20.232.89.104/29",
		"20.98.195.172/32", "172.210.218.144/28", "48.211.4.136/29", "48.211.4.144/28", "48.211.4.160/29",
		"40.84.85.144/28", "40.84.85.192/28"),
	region(RegionNLD2, "Europe", "13.69.67.192/28", "13.69.107.112/28", "13.69.112.128/28", "40.74.24.192/26",
		"40.74.26.0/23", "40.113.176.232/29", "52.236.187.112/28"),
	region(RegionAUS5, "Australia", "13.70.74.144/28", "20.37.193.0/25", "20.37.193.128/26", "20.37.198.224/29",
		"20.53.45.0/24", "20.53.46.0/26", "40.79.163.80/28", "40.79.171.160/28", "20.213.194.144/29",
		"20.227.120.32/27"),
	region(RegionCAN2, "Canada", "13.71.175.80/28", "20.38.147.224/28", "20.48.201.0/26", "20.116.47.72/29",
		"52.228.80.128/25", "52.228.81.0/26", "52.228.86.144/29", "52.246.155.224/28"),
	region(RegionIND2, "India", "20.43.121.48/28", "20.192.42.0/24", "20.192.43.0/26", "20.192.102.80/28",
		"20.204.193.112/29", "40.80.51.160/28", "52.140.104.128/25", "52.140.105.0/26", "52.140.108.208/29"),
}

func region(name, label string, cidrs ...string) Region {
	r := Region{Name: name, Label: label}
	for _, c := range cidrs {
		r.Ranges = append(r.Ranges, netip.MustParsePrefix(c))
	}
	return r
}

// LookupRegion returns the region of that name (as spelled in Regions).
func LookupRegion(name string) (Region, bool) {
	for _, r := range Regions {
		if r.Name == name {
			return r, true
		}
	}
	return Region{}, false
}

// EgressIP is the address the region's runtime calls from: the first
// usable address of its first range (the range's only address for a /32).
func (r Region) EgressIP() netip.Addr {
	if len(r.Ranges) == 0 {
		return netip.Addr{}
	}
	p := r.Ranges[0].Masked()
	if p.Bits() >= p.Addr().BitLen()-1 {
		return p.Addr()
	}
	return p.Addr().Next()
}

// Contains reports whether ip is in one of the region's ranges.
func (r Region) Contains(ip netip.Addr) bool {
	for _, p := range r.Ranges {
		if p.Contains(ip.Unmap()) {
			return true
		}
	}
	return false
}

// AllowList is the region's ranges as strings, for a Zoho org's allowed
// IPs.
func (r Region) AllowList() []string {
	out := make([]string, len(r.Ranges))
	for i, p := range r.Ranges {
		out[i] = p.String()
	}
	return out
}
