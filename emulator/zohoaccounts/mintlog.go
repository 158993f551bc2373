package zohoaccounts

import (
	"math"
	"slices"
	"time"
)

// exactMints is how many mint times a mintLog keeps one by one. Up to
// this many mints in one window the count is exact; Zoho's own limits (10
// access tokens per refresh token, 10 codes per client) are far below it.
const exactMints = 64

// windowSeconds is the rolling window in whole seconds, one slot each in
// mintSeconds.
const windowSeconds = int64(tokenWindow / time.Second)

// mintLog counts what Zoho counts in its rolling 10-minute window: the
// access tokens minted from a refresh token, the grant codes issued to a
// client. A mint counts while its time is after now minus 10 minutes.
//
// The throttle only asks whether the window holds limit mints, so only the
// newest limit times matter: they are kept, as unix nanoseconds, in a ring
// of min(limit, exactMints) slots that never grows past it. For limits
// above exactMints (raised for load, as zohoaep bench does), a log that
// sees more than exactMints mints in one window counts them per second
// instead (mintSeconds: 600 slots, 7 KiB): a mint then leaves the window
// when its whole second is 10 minutes old, up to one second early. It
// returns to exact times once its window is empty.
//
// Exact while the clock moves forward. After the clock is set back, mints
// recorded at later virtual times still count (they are after the cut),
// as before this type existed; only the newest limit of them are kept.
//
// Nothing in it holds a pointer but the optional seconds, so the garbage
// collector does not scan the times.
type mintLog struct {
	times []int64      // ring of exact times, oldest at next once full
	next  int          // the ring's oldest slot, once len(times) is its capacity
	secs  *mintSeconds // per-second counts, past exactMints in a window
}

// ringSize is the ring's capacity under limit.
func ringSize(limit int) int { return max(1, min(limit, exactMints)) }

// count returns how many mints are in the window at now.
func (m *mintLog) count(now time.Time) int {
	if m.secs != nil {
		return m.secs.count(unixSecond(now))
	}
	cut := unixNano(now.Add(-tokenWindow))
	n := 0
	for _, t := range m.times {
		if t > cut {
			n++
		}
	}
	return n
}

// full reports whether the window at now already holds limit mints.
func (m *mintLog) full(now time.Time, limit int) bool { return m.count(now) >= limit }

// add records a mint at now under limit.
func (m *mintLog) add(now time.Time, limit int) { m.addNano(unixNano(now), limit) }

func (m *mintLog) addNano(t int64, limit int) {
	if m.secs != nil {
		s := floorSecond(t)
		if m.secs.count(s) > 0 {
			m.secs.add(s, 1)
			return
		}
		m.secs = nil // the window emptied: exact again
	}
	size := ringSize(limit)
	if len(m.times) < size {
		m.times = append(m.times, t)
		return
	}
	if len(m.times) > size { // a smaller limit than the log was built with
		m.times = slices.Clone(m.ordered()[len(m.times)-size:])
		m.next = 0
	}
	oldest := m.times[m.next]
	if limit > exactMints && oldest > subNano(t, int64(tokenWindow)) {
		// More than exactMints mints in one window: count per second.
		m.secs = newMintSeconds(m.ordered())
		m.times, m.next = nil, 0
		m.secs.add(floorSecond(t), 1)
		return
	}
	m.times[m.next] = t
	m.next = (m.next + 1) % len(m.times)
}

// ordered returns the exact times oldest first (a view when the ring has
// not wrapped).
func (m *mintLog) ordered() []int64 {
	if m.next == 0 {
		return m.times
	}
	return append(slices.Clone(m.times[m.next:]), m.times[:m.next]...)
}

// clone returns a deep copy.
func (m mintLog) clone() mintLog {
	c := mintLog{times: slices.Clone(m.times), next: m.next}
	if m.secs != nil {
		v := *m.secs
		c.secs = &v
	}
	return c
}

// empty reports whether the window at now holds no mint.
func (m *mintLog) empty(now time.Time) bool { return m.count(now) == 0 }

// export writes the log in the state document's two forms: exact times
// (the form the document always had), or per-second counts.
func (m *mintLog) export() ([]time.Time, []mintSecond) {
	if m.secs != nil {
		return nil, m.secs.export()
	}
	if len(m.times) == 0 {
		return nil, nil
	}
	out := make([]time.Time, 0, len(m.times))
	for _, t := range m.ordered() {
		out = append(out, time.Unix(0, t).UTC())
	}
	return out, nil
}

// importMints builds a log from a state document's forms under limit, as if
// each mint had been recorded in the document's order.
func importMints(times []time.Time, seconds []mintSecond, limit int) mintLog {
	var m mintLog
	for _, t := range times {
		m.add(t, limit)
	}
	if len(seconds) == 0 {
		return m
	}
	if limit <= exactMints {
		// A log counted per second under a limit that no longer needs it:
		// the newest limit mints, each at its second.
		var all []int64
		for _, s := range seconds {
			for range min(s.Count, limit) {
				all = append(all, s.Second.Unix()*int64(time.Second))
			}
		}
		slices.Sort(all)
		for _, t := range all[max(0, len(all)-limit):] {
			m.addNano(t, limit)
		}
		return m
	}
	all := m.ordered()
	m = mintLog{secs: newMintSeconds(all)}
	for _, s := range seconds {
		if s.Count > 0 {
			m.secs.add(s.Second.Unix(), s.Count)
		}
	}
	return m
}

// mintSecond is a per-second count in a state document.
type mintSecond struct {
	Second time.Time `json:"second"`
	Count  int       `json:"count"`
}

// mintSeconds counts mints per unix second over the window: slot i counts
// the second sec[i] (≡ i mod 600). total is the count of the slots whose
// second is after at-600, kept up to date as at moves forward.
type mintSeconds struct {
	sec   [windowSeconds]int64
	n     [windowSeconds]uint32 // a second holds far fewer than 2³² mints
	total int
	at    int64
}

func newMintSeconds(times []int64) *mintSeconds {
	m := &mintSeconds{}
	if len(times) > 0 {
		m.at = floorSecond(times[0])
	}
	for _, t := range times {
		m.add(floorSecond(t), 1)
	}
	return m
}

// count returns the mints whose second is after s-600.
func (m *mintSeconds) count(s int64) int {
	m.advance(s)
	return m.total
}

// add counts n mints in second s.
func (m *mintSeconds) add(s int64, n int) {
	m.advance(s)
	i := slot(s)
	if m.sec[i] != s {
		if m.sec[i] > s-windowSeconds {
			m.total -= int(m.n[i]) // only after the clock was set back
		}
		m.sec[i], m.n[i] = s, 0
	}
	n = min(n, math.MaxUint32-int(m.n[i])) // saturates; a second never holds that many
	m.n[i] += uint32(n)
	m.total += n
}

// advance moves total to second s.
func (m *mintSeconds) advance(s int64) {
	switch {
	case s == m.at:
		return
	case s < m.at || s-m.at >= windowSeconds:
		m.total = 0
		for i := range m.sec {
			if m.sec[i] > s-windowSeconds {
				m.total += int(m.n[i])
			}
		}
	default:
		// The seconds (at-600, s-600] leave the window.
		for x := m.at - windowSeconds + 1; x <= s-windowSeconds; x++ {
			if i := slot(x); m.sec[i] == x {
				m.total -= int(m.n[i])
			}
		}
	}
	m.at = s
}

func (m *mintSeconds) export() []mintSecond {
	var out []mintSecond
	for i := range m.sec {
		if m.n[i] > 0 {
			out = append(out, mintSecond{Second: time.Unix(m.sec[i], 0).UTC(), Count: int(m.n[i])})
		}
	}
	slices.SortFunc(out, func(a, b mintSecond) int { return a.Second.Compare(b.Second) })
	return out
}

func slot(s int64) int { return int(((s % windowSeconds) + windowSeconds) % windowSeconds) }

func unixSecond(t time.Time) int64 { return floorSecond(t.UnixNano()) }

// floorSecond is the unix second of a time in unix nanoseconds.
func floorSecond(t int64) int64 {
	s := t / int64(time.Second)
	if t%int64(time.Second) < 0 {
		s--
	}
	return s
}

// unixNano is t in unix nanoseconds, saturated outside the years
// 1678–2262 that int64 nanoseconds can hold.
func unixNano(t time.Time) int64 {
	switch s := t.Unix(); {
	case s <= math.MinInt64/int64(time.Second):
		return math.MinInt64
	case s >= math.MaxInt64/int64(time.Second):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// subNano is a-b, saturated at the smallest int64.
func subNano(a, b int64) int64 {
	if a < math.MinInt64+b {
		return math.MinInt64
	}
	return a - b
}

// inWindow counts the mints of a log's exported forms (mint times, or
// per-second counts) in the throttle window that ends at now.
func inWindow(times []time.Time, seconds []mintSecond, now time.Time) int {
	cut := now.Add(-tokenWindow)
	n := 0
	for _, t := range times {
		if t.After(cut) {
			n++
		}
	}
	for _, s := range seconds {
		if s.Second.After(cut) {
			n += s.Count
		}
	}
	return n
}

// MintsInWindow is how many access tokens the refresh token minted in the
// throttle window that ends at now, whichever form its log is in.
func (rt refreshToken) MintsInWindow(now time.Time) int {
	return inWindow(rt.Mints, rt.MintSeconds, now)
}

// CodeMintsInWindow is how many grant codes the client was issued in the
// window that ends at now, whichever form its log is in.
func (st State) CodeMintsInWindow(client string, now time.Time) int {
	return inWindow(st.CodeMints[client], st.CodeMintSeconds[client], now)
}
