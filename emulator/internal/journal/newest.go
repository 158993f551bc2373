package journal

// Newest returns the entries that match f and that keep accepts, newest
// first, at most n of them (all when n <= 0). f.Limit is not read. Only
// the entries returned are made whole: keep sees each candidate's fields
// (Header, RespHeader and Verdict nil) and reads its request headers
// through header, so that a view of the newest few entries of a full ring
// stays cheap. keep runs under the journal's read lock: it must not keep
// e, change it, or call the journal.
func (j *Journal) Newest(f Filter, n int, keep func(e *Entry, header func(name string) string) bool) []Entry {
	j.mu.RLock()
	defer j.mu.RUnlock()
	var out []Entry
	j.eachNewest(func(r *record) bool {
		if !f.match(j.seen, r) {
			return true
		}
		if keep != nil {
			e := r.fields(j.seen)
			if !keep(&e, func(name string) string { return packedValue(j.seen.str(r.strs[fHeader]), name) }) {
				return true
			}
		}
		out = append(out, r.entry(j.seen))
		return n <= 0 || len(out) < n
	})
	return out
}

// eachNewest calls f on the entries newest first until it returns false.
func (j *Journal) eachNewest(f func(*record) bool) {
	for i := j.next - 1; i >= 0; i-- {
		if !f(&j.ring[i]) {
			return
		}
	}
	if j.full {
		for i := len(j.ring) - 1; i >= j.next; i-- {
			if !f(&j.ring[i]) {
				return
			}
		}
	}
}
