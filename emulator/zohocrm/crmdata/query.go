package crmdata

import (
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Query selects and orders a module's records (reference §12.3).
type Query struct {
	SortBy        string    // "id" (default), "Created_Time", "Modified_Time"
	Desc          bool      // Zoho's default sort_order is desc: the service sets it
	ModifiedSince time.Time // only records modified strictly after this; zero: all
	Converted     string    // Leads: "false" (default), "true", "both"; ignored elsewhere
	IDs           []string  // only these ids (unknown ones are left out)
	Offset, Limit int       // Limit 0 means no limit
}

// Page is a page of records in the query's order; More says whether
// records follow it.
type Page struct {
	Records []Record
	More    bool
	// Version is the store's Version the page was read at.
	Version uint64
}

// List returns the page of a module's records that q selects: ErrNoModule,
// or an *InvalidValueError for a bad sort key, converted value or range.
// The generated part is never materialised: a page from the middle of a
// million records costs a few binary searches and the page itself.
func (s *Store) List(orgID, module string, q Query) (Page, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, m, err := s.module(orgID, module)
	if err != nil {
		return Page{}, err
	}
	v, err := o.view(m, q)
	if err != nil {
		return Page{}, err
	}
	recs, more := v.page(q.Offset, q.Limit, q.Desc)
	out := make([]Record, len(recs))
	for i, r := range recs {
		out[i] = o.out(m, r)
	}
	return Page{Records: out, More: more, Version: s.Version()}, nil
}

// Count is how many records q selects, ignoring Offset and Limit.
func (s *Store) Count(orgID, module string, q Query) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, m, err := s.module(orgID, module)
	if err != nil {
		return 0, err
	}
	v, err := o.view(m, q)
	if err != nil {
		return 0, err
	}
	return v.size(), nil
}

// Filters on generated leads.
const (
	predAll = iota
	predConverted
	predOpen
)

// view is the records a query selects, in ascending (key, id) order: the
// generated numbers in [lo, hi) that satisfy pred and are not masked,
// merged with the materialised records mat.
type view struct {
	o      *org
	m      *module
	key    int
	lo, hi int
	pred   int
	masked []int // masked numbers in [lo, hi) that satisfy pred
	mat    []*Record
}

func sortKey(s string) (int, bool) {
	switch strings.ToLower(s) {
	case "", "id":
		return keyID, true
	case "created_time":
		return keyCreated, true
	case "modified_time":
		return keyModified, true
	}
	return 0, false
}

func (o *org) view(m *module, q Query) (*view, error) {
	key, ok := sortKey(q.SortBy)
	if !ok {
		return nil, badQuery("sort_by")
	}
	if q.Offset < 0 {
		return nil, badQuery("page")
	}
	if q.Limit < 0 {
		return nil, badQuery("per_page")
	}
	pred := predAll
	switch strings.ToLower(q.Converted) {
	case "", "false":
		pred = predOpen
	case "true":
		pred = predConverted
	case "both":
	default:
		return nil, badQuery("converted")
	}
	if !m.isLeads() {
		pred = predAll
	}
	v := &view{o: o, m: m, key: key, pred: pred, hi: m.gen}
	keep := func(r *Record) bool {
		if !q.ModifiedSince.IsZero() && !r.Modified.After(q.ModifiedSince) {
			return false
		}
		switch pred {
		case predConverted:
			return r.Values["$converted"] == true
		case predOpen:
			return r.Values["$converted"] != true
		}
		return true
	}
	if q.IDs != nil {
		v.hi = 0 // everything is in mat
		seen := map[string]bool{}
		for _, id := range q.IDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			if r := o.get(m, id); r != nil && keep(r) {
				v.mat = append(v.mat, r)
			}
		}
		slices.SortFunc(v.mat, func(a, b *Record) int { return cmpRec(key, a, b) })
		return v, nil
	}
	if !q.ModifiedSince.IsZero() {
		t := q.ModifiedSince.Unix()
		v.lo = sort.Search(m.gen, func(n int) bool { return m.modifiedSec(n) > t })
	}
	for _, n := range m.masked {
		if n >= v.lo && n < v.hi && v.predOK(n) {
			v.masked = append(v.masked, n)
		}
	}
	all := m.byKey[key]
	if q.ModifiedSince.IsZero() && pred == predAll {
		v.mat = all
	} else {
		for _, r := range all {
			if keep(r) {
				v.mat = append(v.mat, r)
			}
		}
	}
	return v, nil
}

func (v *view) predOK(n int) bool {
	switch v.pred {
	case predConverted:
		return v.m.converted(n)
	case predOpen:
		return !v.m.converted(n)
	}
	return true
}

// predBelow counts generated numbers below n that satisfy pred.
func (v *view) predBelow(n int) int {
	switch v.pred {
	case predConverted:
		return v.m.convertedBelow(n)
	case predOpen:
		return n - v.m.convertedBelow(n)
	}
	return n
}

// count is how many visible generated records are numbered in [lo, n).
func (v *view) count(n int) int {
	n = min(max(n, v.lo), v.hi)
	k, _ := slices.BinarySearch(v.masked, n)
	return v.predBelow(n) - v.predBelow(v.lo) - k
}

func (v *view) genSize() int { return v.count(v.hi) }

func (v *view) size() int { return v.genSize() + len(v.mat) }

// nth is the number of the r-th visible generated record.
func (v *view) nth(r int) int {
	return v.lo + sort.Search(v.hi-v.lo, func(k int) bool { return v.count(v.lo+k+1) > r })
}

// next is the visible generated number after n, or hi.
func (v *view) next(n int) int {
	for n++; n < v.hi; n++ {
		if _, masked := slices.BinarySearch(v.masked, n); v.predOK(n) && !masked {
			return n
		}
	}
	return v.hi
}

// cmpGen orders generated record n against a materialised record.
func (v *view) cmpGen(n int, r *Record) int {
	if v.key != keyID {
		t := r.Created
		if v.key == keyModified {
			t = r.Modified
		}
		if c := unix(v.m.keySec(v.key, n)).Compare(t); c != 0 {
			return c
		}
	}
	_, rn, _ := ParseRecordID(v.o.prefix, r.ID)
	switch {
	case n < rn:
		return -1
	case n > rn:
		return 1
	}
	return 0
}

// pos is mat[j]'s position in the merged order.
func (v *view) pos(j int) int {
	below := sort.Search(v.m.gen, func(n int) bool { return v.cmpGen(n, v.mat[j]) >= 0 })
	return j + v.count(below)
}

// ascending returns the records at positions [a, b) of the merged order.
func (v *view) ascending(a, b int) []*Record {
	out := make([]*Record, 0, b-a)
	j := sort.Search(len(v.mat), func(j int) bool { return v.pos(j) >= a })
	n := v.hi
	if g := a - j; g < v.genSize() {
		n = v.nth(g)
	}
	var gen []int // the generated numbers, in out's nil slots
	for len(out) < b-a {
		switch {
		case n < v.hi && (j >= len(v.mat) || v.cmpGen(n, v.mat[j]) < 0):
			out = append(out, nil)
			gen = append(gen, n)
			n = v.next(n)
		case j < len(v.mat):
			out = append(out, v.mat[j])
			j++
		default:
			v.o.generateInto(v.m, out, gen)
			return out
		}
	}
	v.o.generateInto(v.m, out, gen)
	return out
}

// parallelMin is the number of generated records from which a page
// generates them on several goroutines.
const parallelMin = 64

// generateInto generates record gen[k] of m into the k-th nil slot of out.
// Each record is a function of its number alone, so a large page is
// generated on up to GOMAXPROCS goroutines (at most 4), each its own share
// of the slots: the same records in the same places, sooner.
func (o *org) generateInto(m *module, out []*Record, gen []int) {
	slots := make([]int, 0, len(gen))
	for i, r := range out {
		if r == nil {
			slots = append(slots, i)
		}
	}
	work := func(lo, hi int) {
		for k := lo; k < hi; k++ {
			out[slots[k]] = o.generate(m, gen[k])
		}
	}
	parts := min(runtime.GOMAXPROCS(0), 4, len(gen)/(parallelMin/2))
	if len(gen) < parallelMin || parts < 2 {
		work(0, len(gen))
		return
	}
	var wg sync.WaitGroup
	size := (len(gen) + parts - 1) / parts
	for lo := size; lo < len(gen); lo += size {
		wg.Go(func() { work(lo, min(lo+size, len(gen))) })
	}
	work(0, min(size, len(gen)))
	wg.Wait()
}

// page returns limit records from offset in the requested direction.
func (v *view) page(offset, limit int, desc bool) ([]*Record, bool) {
	total := v.size()
	if offset >= total {
		return nil, false
	}
	end := total
	if limit > 0 && offset+limit < total {
		end = offset + limit
	}
	if !desc {
		return v.ascending(offset, end), end < total
	}
	recs := v.ascending(total-end, total-offset)
	slices.Reverse(recs)
	return recs, end < total
}
