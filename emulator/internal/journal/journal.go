package journal

import (
	"hash/maphash"
	"slices"
	"sync"
	"time"

	"github.com/zohoaep/zohoaep/contracts"
)

// Entry is one exchange. The journal gives it back as it went in, but
// that Time and VirtualTime lose their monotonic clock reading, and a zone
// other than UTC and Local comes back as the fixed zone (name and offset)
// it had at that instant.
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
	seen  *stringTable // the records' strings
}

// DefaultSize is the ring's size when none is given.
const DefaultSize = 10000

// New returns a journal that keeps the last size entries.
func New(size int) *Journal {
	if size <= 0 {
		size = DefaultSize
	}
	return &Journal{ring: make([]record, size), seen: newStringTable(maphash.MakeSeed())}
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
	var buf [2 * packBuffer]byte
	b := packMap(buf[:0], e.Header)
	n := len(b)
	b = packMap(b, e.RespHeader)
	j.mu.Lock()
	header, respHeader := j.seen.text(b[:n]), j.seen.text(b[n:])
	return j.add(&e, PackedHeader(header), PackedHeader(respHeader), false)
}

// AddPacked is Add for an entry whose headers come packed (PackHeader), as
// the front door journals them: e.Header and e.RespHeader are not read.
func (j *Journal) AddPacked(e Entry, header, respHeader PackedHeader) uint64 {
	j.mu.Lock()
	return j.add(&e, header, respHeader, true)
}

// add stores e, with j.mu held, which it releases; the hook sees e, or the
// entry made whole from its record when e's headers are packed.
func (j *Journal) add(e *Entry, header, respHeader PackedHeader, packed bool) uint64 {
	j.seq++
	e.Seq = j.seq
	j.put(e, header, respHeader)
	f := j.onAdd
	var whole Entry
	if f != nil && packed {
		whole = j.ring[(j.next+len(j.ring)-1)%len(j.ring)].entry(j.seen)
	}
	j.mu.Unlock()
	if f != nil {
		if packed {
			f(whole)
		} else {
			f(*e)
		}
	}
	return e.Seq
}

// put stores e in the next slot, with j.mu held, releasing what the entry
// it replaces held.
func (j *Journal) put(e *Entry, header, respHeader PackedHeader) {
	slot := &j.ring[j.next]
	slot.release(j.seen)
	prev := &j.ring[(j.next+len(j.ring)-1)%len(j.ring)]
	*slot = pack(j.seen, e, header, respHeader, prev)
	j.next = (j.next + 1) % len(j.ring)
	if j.next == 0 {
		j.full = true
	}
}

// Filter selects entries; zero fields match all.
type Filter struct {
	Service, Operation, Client, Tenant string
	Since, Until                       time.Time // virtual time, inclusive
	AfterSeq                           uint64
	ViolationsOnly                     bool
	Limit                              int // the newest Limit entries
}

func (f Filter) match(t *stringTable, r *record) bool {
	return r.seq > f.AfterSeq &&
		(f.Service == "" || f.Service == t.str(r.strs[fService])) &&
		(f.Operation == "" || f.Operation == t.str(r.strs[fOperation])) &&
		(f.Client == "" || f.Client == t.str(r.strs[fClient])) &&
		(f.Tenant == "" || f.Tenant == t.str(r.strs[fTenant])) &&
		(f.Since.IsZero() || !r.virtual.before(f.Since)) &&
		(f.Until.IsZero() || !r.virtual.after(f.Until)) &&
		(!f.ViolationsOnly || r.violated())
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
		if f.match(j.seen, r) {
			out = append(out, r.entry(j.seen))
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
	j.reset()
}

// reset empties the ring and its string table, with j.mu held.
func (j *Journal) reset() {
	clear(j.ring)
	j.next, j.full = 0, false
	j.seen = newStringTable(j.seen.seed)
}

// Load replaces the entries with es (oldest first), as a bundle restores
// them; the newest entries win when es is larger than the ring.
func (j *Journal) Load(es []Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.reset()
	if len(es) > len(j.ring) {
		es = es[len(es)-len(j.ring):]
	}
	var buf [2 * packBuffer]byte
	for _, e := range es {
		b := packMap(buf[:0], e.Header)
		n := len(b)
		b = packMap(b, e.RespHeader)
		j.put(&e, PackedHeader(j.seen.text(b[:n])), PackedHeader(j.seen.text(b[n:])))
		j.seq = max(j.seq, e.Seq)
	}
}
