// Package journal keeps the emulator's request journal: a bounded ring of
// exchanges, each with its contract verdict, operation, tenant, client,
// source IP, and both virtual and wall time. Entries are redacted before
// they are stored.
package journal

import (
	"hash/maphash"
	"slices"
	"sync"
	"time"

	"github.com/zohoaep/zohoaep/contracts"
)

// Entry is one exchange.
type Entry struct {
	Seq         uint64             `json:"seq"`
	Time        time.Time          `json:"time"`         // wall time the request arrived
	VirtualTime time.Time          `json:"virtual_time"` // the emulator's clock then
	DurationMS  float64            `json:"duration_ms"`
	Service     string             `json:"service"`
	Operation   string             `json:"operation,omitempty"`
	Tenant      string             `json:"tenant,omitempty"`
	Client      string             `json:"client,omitempty"`
	Location    string             `json:"dc,omitempty"`
	SourceIP    string             `json:"source_ip,omitempty"`
	Method      string             `json:"method"`
	Path        string             `json:"path"`
	Query       string             `json:"query,omitempty"`
	Header      map[string]string  `json:"request_headers,omitempty"`
	Body        string             `json:"request_body,omitempty"`
	Status      int                `json:"status"`
	RespHeader  map[string]string  `json:"response_headers,omitempty"`
	RespBody    string             `json:"response_body,omitempty"`
	Fault       string             `json:"fault,omitempty"` // the fault rule that answered
	Verdict     *contracts.Verdict `json:"verdict,omitempty"`
}

// Journal is a bounded ring of entries, safe for concurrent use.
type Journal struct {
	mu    sync.RWMutex
	ring  []record
	next  int // where the next entry goes
	full  bool
	seq   uint64
	onAdd func(Entry)
	seen  *stringTable
}

// DefaultSize is the ring's size when none is given.
const DefaultSize = 10000

// New returns a journal that keeps the last size entries.
func New(size int) *Journal {
	if size <= 0 {
		size = DefaultSize
	}
	return &Journal{ring: make([]record, size), seen: &stringTable{seed: maphash.MakeSeed()}}
}

// OnAdd registers f to see every entry as it is added (tests use it to
// fail on contract violations). It is called outside the journal's lock.
func (j *Journal) OnAdd(f func(Entry)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.onAdd = f
}

// Add stores e, numbering it, and returns its sequence number.
func (j *Journal) Add(e Entry) uint64 {
	r := pack(&e, packHeader(e.Header), packHeader(e.RespHeader))
	return j.add(&e, &r, false)
}

// AddPacked is Add for an entry whose headers come packed (PackHeader), as
// the front door journals them: e.Header and e.RespHeader are not read.
func (j *Journal) AddPacked(e Entry, header, respHeader PackedHeader) uint64 {
	r := pack(&e, header, respHeader)
	return j.add(&e, &r, true)
}

// add stores r; the hook sees e, or r made whole when e's headers are
// packed.
func (j *Journal) add(e *Entry, r *record, packed bool) uint64 {
	j.mu.Lock()
	j.seen.share(r)
	j.seq++
	e.Seq, r.Seq = j.seq, j.seq
	j.ring[j.next] = *r
	j.next = (j.next + 1) % len(j.ring)
	if j.next == 0 {
		j.full = true
	}
	f := j.onAdd
	j.mu.Unlock()
	if f != nil {
		if packed {
			f(r.entry())
		} else {
			f(*e)
		}
	}
	return e.Seq
}

// Filter selects entries; zero fields match all.
type Filter struct {
	Service, Operation, Client, Tenant string
	Since, Until                       time.Time // virtual time, inclusive
	AfterSeq                           uint64
	ViolationsOnly                     bool
	Limit                              int // the newest Limit entries
}

func (f Filter) match(e *record) bool {
	return (f.Service == "" || f.Service == e.Service) &&
		(f.Operation == "" || f.Operation == e.Operation) &&
		(f.Client == "" || f.Client == e.Client) &&
		(f.Tenant == "" || f.Tenant == e.Tenant) &&
		(f.Since.IsZero() || !e.VirtualTime.Before(f.Since)) &&
		(f.Until.IsZero() || !e.VirtualTime.After(f.Until)) &&
		e.Seq > f.AfterSeq &&
		(!f.ViolationsOnly || e.hasVerdict && !e.verdict.OK())
}

// Query returns the matching entries, oldest first. With a Limit it walks
// from the newest and makes whole only the entries it returns, so asking
// for the last few of a full ring stays cheap.
func (j *Journal) Query(f Filter) []Entry {
	if f.Limit > 0 {
		out := j.Newest(f, f.Limit, nil)
		slices.Reverse(out)
		return out
	}
	j.mu.RLock()
	defer j.mu.RUnlock()
	var out []Entry
	j.each(func(r *record) {
		if f.match(r) {
			out = append(out, r.entry())
		}
	})
	return out
}

func (j *Journal) each(f func(*record)) {
	if j.full {
		for i := j.next; i < len(j.ring); i++ {
			f(&j.ring[i])
		}
	}
	for i := 0; i < j.next; i++ {
		f(&j.ring[i])
	}
}

// Len returns how many entries are kept; Size how many can be.
func (j *Journal) Len() int {
	j.mu.RLock()
	defer j.mu.RUnlock()
	if j.full {
		return len(j.ring)
	}
	return j.next
}

// Size is the ring's capacity.
func (j *Journal) Size() int { return len(j.ring) }

// Clear forgets every entry; sequence numbers keep counting.
func (j *Journal) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring)
	j.next, j.full = 0, false
}

// Load replaces the entries with es (oldest first), as a bundle restores
// them; the newest entries win when es is larger than the ring.
func (j *Journal) Load(es []Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring)
	j.next, j.full = 0, false
	if len(es) > len(j.ring) {
		es = es[len(es)-len(j.ring):]
	}
	for _, e := range es {
		r := pack(&e, packHeader(e.Header), packHeader(e.RespHeader))
		j.seen.share(&r)
		j.ring[j.next] = r
		j.next = (j.next + 1) % len(j.ring)
		if j.next == 0 {
			j.full = true
		}
		j.seq = max(j.seq, e.Seq)
	}
}
