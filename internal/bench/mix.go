package bench

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind is one kind of request in a mix.
type Kind string

// The kinds of request, each as a client of the real services sends it.
const (
	// Refresh is a Zoho refresh-token grant: POST /oauth/v2/token.
	Refresh Kind = "refresh"
	// CRMPage is a page of Leads: GET /crm/v8/Leads?fields=...&per_page=...&page=...
	CRMPage Kind = "crm-page"
	// IMSToken is an Adobe IMS server-to-server token: POST /ims/token/v3.
	IMSToken Kind = "ims-token"
	// FlowConnection reads a Flow Service base connection:
	// GET /data/foundation/flowservice/connections/{id}.
	FlowConnection Kind = "flow-connection"
	// FlowExplore explores the Leads table through a base connection, which
	// reads Zoho CRM's field metadata from the AEP region:
	// GET .../connections/{id}/explore?objectType=table&object=Leads.
	FlowExplore Kind = "flow-explore"
	// Bare is a refresh-shaped POST to the bare handler (Bare).
	Bare Kind = "bare"
)

// Kinds are the kinds a mix may name, in report order.
var Kinds = []Kind{Refresh, CRMPage, IMSToken, FlowConnection, FlowExplore}

// Share is a kind's weight in a mix.
type Share struct {
	Kind   Kind `json:"kind"`
	Weight int  `json:"weight"`
}

// Mix is weighted kinds of request; each request of a run is one kind,
// drawn by weight.
type Mix []Share

// DefaultMix is token-heavy, as a fleet of connectors is: half refreshes,
// then Flow Service reads, CRM pages, explores and IMS tokens.
var DefaultMix = Mix{{Refresh, 50}, {CRMPage, 15}, {IMSToken, 5}, {FlowConnection, 25}, {FlowExplore, 5}}

// ParseMix reads a mix written as "kind=weight,kind=weight"; a kind
// without a weight weighs 1. Kinds are those of Kinds.
func ParseMix(s string) (Mix, error) {
	var m Mix
	seen := map[Kind]bool{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, weight, hasWeight := strings.Cut(part, "=")
		k := Kind(strings.TrimSpace(name))
		if !known(k) {
			return nil, fmt.Errorf("mix: unknown kind %q (kinds: %s)", k, kindList())
		}
		if seen[k] {
			return nil, fmt.Errorf("mix: %s named twice", k)
		}
		seen[k] = true
		w := 1
		if hasWeight {
			n, err := strconv.Atoi(strings.TrimSpace(weight))
			if err != nil || n < 0 || n > 1_000_000 {
				return nil, fmt.Errorf("mix: weight of %s must be a whole number from 0 to 1000000, not %q", k, weight)
			}
			w = n
		}
		if w > 0 {
			m = append(m, Share{k, w})
		}
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("mix: no kind with a weight above 0 in %q", s)
	}
	return m, nil
}

func known(k Kind) bool {
	for _, c := range Kinds {
		if c == k {
			return true
		}
	}
	return false
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// String writes m as ParseMix reads it.
func (m Mix) String() string {
	parts := make([]string, len(m))
	for i, s := range m {
		parts[i] = fmt.Sprintf("%s=%d", s.Kind, s.Weight)
	}
	return strings.Join(parts, ",")
}

// Has reports whether m draws k.
func (m Mix) Has(k Kind) bool {
	for _, s := range m {
		if s.Kind == k && s.Weight > 0 {
			return true
		}
	}
	return false
}

// total is the sum of the weights.
func (m Mix) total() uint64 {
	var t uint64
	for _, s := range m {
		t += uint64(s.Weight)
	}
	return t
}

// pick draws the kind that r (uniform in [0, total)) falls on.
func (m Mix) pick(r uint64) Kind {
	for _, s := range m {
		if r < uint64(s.Weight) {
			return s.Kind
		}
		r -= uint64(s.Weight)
	}
	return m[len(m)-1].Kind
}
