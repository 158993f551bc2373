package zohosource

import (
	"math"
	"time"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// The schedule of a flow (reference §5, CRMToAEP scheduleSpec) as runs
// see it. A periodic flow's runs are due at startTime + k × period; the
// run due at T covers the window that ends at T. With backfill (the
// default) the first run is due at startTime and reads all history
// before it; without, the first is due at startTime + period and reads
// [startTime, startTime + period). A "once" flow has one run, due at
// startTime, reading every record (a once flow has no delta column).
//
// What a run reads starts at the high-water mark: the end of the last
// successful window. After failed runs the next run reads from there, so
// nothing is lost once Zoho recovers.

// unitSeconds are the frequencies' units.
var unitSeconds = map[string]int64{flowservice.FrequencyMinute: 60, flowservice.FrequencyHour: 3600,
	flowservice.FrequencyDay: 86400, flowservice.FrequencyWeek: 7 * 86400}

// periodSeconds is a schedule's period, 0 for "once" (or an unusable
// schedule).
func periodSeconds(s flowservice.Schedule) int64 {
	u := unitSeconds[s.Frequency]
	if u == 0 || s.Interval <= 0 {
		return 0
	}
	return u * int64(s.Interval) // at most 604800 × (2^31-1): no overflow
}

// nextDue is the due time of the run after one due at last (the first
// run when there is none): the first due time after last on the
// schedule's grid. ok is false when there is none (a once flow that ran,
// or a due time past what time.Time holds as Unix seconds).
func nextDue(s flowservice.Schedule, last time.Time, hasLast bool) (time.Time, bool) {
	st := s.StartTime.Unix()
	p := periodSeconds(s)
	if p == 0 {
		if s.Frequency != flowservice.FrequencyOnce || hasLast {
			return time.Time{}, false
		}
		return time.Unix(st, 0).UTC(), true
	}
	k0 := int64(1)
	if s.Backfill {
		k0 = 0
	}
	first, ok := addMul(st, k0, p)
	if !ok {
		return time.Time{}, false
	}
	if !hasLast || last.Unix() < first {
		return time.Unix(first, 0).UTC(), true
	}
	// The smallest k >= k0 with st + k*p > last.
	k := (last.Unix()-st)/p + 1
	due, ok := addMul(st, k, p)
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(due, 0).UTC(), true
}

// addMul is a + k*b for k, b >= 0, or false on overflow.
func addMul(a, k, b int64) (int64, bool) {
	if k < 0 || b < 0 || b != 0 && k > math.MaxInt64/b {
		return 0, false
	}
	m := k * b
	if a > 0 && m > math.MaxInt64-a {
		return 0, false
	}
	return a + m, true
}

// window is one run's share of a flow's schedule.
type window struct {
	Due  time.Time // the due time: the scheduled window's end
	From time.Time // the high-water mark read from; zero: all history
	Once bool      // a once flow: every record, no delta filter
}

// span is what the window reads with a delta column.
func (w window) span(delta string) span {
	if w.Once {
		return span{}
	}
	return span{delta: delta, from: w.From, to: w.Due}
}

// firstFrom is where a flow's first run reads from: all history with
// backfill (and for once), startTime without.
func firstFrom(s flowservice.Schedule) time.Time {
	if s.Frequency == flowservice.FrequencyOnce || s.Backfill {
		return time.Time{}
	}
	return s.StartTime
}
