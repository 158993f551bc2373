package flowservice

import (
	"time"
)

// Schedule is a flow's schedule as the CRMToAEP scheduleSpec defines it
// (reference §5): a start time (epoch seconds), a frequency, and for
// every frequency but "once" an interval and a backfill flag (default
// true).
type Schedule struct {
	StartTime time.Time
	Frequency string
	Interval  int
	Backfill  bool
}

// Schedule reads the flow's scheduleParams; ok is false for a flow
// without one.
func (f Flow) Schedule() (sched Schedule, ok bool, err error) {
	if f.ScheduleParams == nil {
		return Schedule{}, false, nil
	}
	sched, err = readSchedule(f.ScheduleParams)
	return sched, err == nil, err
}

// readSchedule validates scheduleParams in Adobe's order of rules:
// 1317 empty, 1393 missing startTime or frequency or interval, 1340 an
// unreadable startTime, 1397 a bad frequency, 1361 interval with once,
// 1364 backfill with once, 1312 an unreadable interval or backfill, 1362
// an interval below the minimum (15 for minute, else 1). startTime and
// interval may be numbers or strings of digits.
func readSchedule(p map[string]any) (Schedule, error) {
	if len(p) == 0 {
		return Schedule{}, errScheduleEmpty()
	}
	var sched Schedule
	st, ok := p["startTime"]
	if !ok || st == nil {
		return Schedule{}, errParamEmpty("startTime")
	}
	secs, ok := intOf(st)
	if !ok || secs < 0 {
		return Schedule{}, errParseTime(display(st))
	}
	sched.StartTime = time.Unix(secs, 0).UTC()
	fv, ok := p["frequency"]
	if !ok || fv == nil {
		return Schedule{}, errParamEmpty("frequency")
	}
	freq, isStr := fv.(string)
	if _, known := minInterval[freq]; !isStr || !known && freq != FrequencyOnce {
		return Schedule{}, errFrequency(display(fv))
	}
	sched.Frequency = freq
	iv, hasInterval := p["interval"]
	bv, hasBackfill := p["backfill"]
	if freq == FrequencyOnce {
		if hasInterval {
			return Schedule{}, errIntervalOnce()
		}
		if hasBackfill {
			return Schedule{}, errBackfillOnce()
		}
		return sched, nil
	}
	if !hasInterval || iv == nil {
		return Schedule{}, errParamEmpty("interval")
	}
	n, ok := intOf(iv)
	if !ok {
		return Schedule{}, errParamValue(display(iv), "interval")
	}
	if least := minInterval[freq]; n < int64(least) {
		return Schedule{}, errIntervalMin(least)
	}
	sched.Interval = int(min(n, 1<<31-1))
	sched.Backfill = true
	if hasBackfill {
		b, ok := boolOf(bv)
		if !ok {
			return Schedule{}, errParamValue(display(bv), "backfill")
		}
		sched.Backfill = b
	}
	return sched, nil
}

// checkStart refuses a start time in the past of the virtual clock
// (1360), allowing Config.StartTimeGrace.
func (s *Service) checkStart(sched Schedule, now time.Time) error {
	if sched.StartTime.Unix() < now.Add(-s.cfg.StartTimeGrace).Unix() {
		return errStartPast()
	}
	return nil
}

// Period is the time between two scheduled runs; zero for "once".
func (s Schedule) Period() time.Duration {
	unit := map[string]time.Duration{FrequencyMinute: time.Minute, FrequencyHour: time.Hour,
		FrequencyDay: 24 * time.Hour, FrequencyWeek: 7 * 24 * time.Hour}[s.Frequency]
	return unit * time.Duration(s.Interval)
}
