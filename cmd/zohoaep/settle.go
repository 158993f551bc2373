package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// settleChecks is when serve looks whether it is idle with memory to give
// back: every second for the first ten (start-up's garbage), then every
// ten seconds.
var settleChecks = checkSchedule{early: time.Second, earlyFor: 10 * time.Second, every: 10 * time.Second}

// trimAbove is how much freed, still resident heap is worth a collection
// to give back (less is the runtime's usual slack).
const trimAbove = 2 << 20

// checkSchedule: checks every early until earlyFor has passed, then every.
type checkSchedule struct {
	early, earlyFor, every time.Duration
}

// settle keeps the footprint of an idle emulator small. The Go runtime
// returns freed heap to the OS only slowly, so after start-up (parsing the
// contracts with kin-openapi's YAML loader, generating the IMS key) and
// after a burst of requests, several MiB that nothing uses stay resident.
// At each check, when the runtime ran no collection since the previous
// one (nothing is allocating: the emulator is idle, so the forced
// collection delays no request) and more than trimAbove of freed heap is
// resident, settle gives it back. It starts no work of its own, so it
// does not compete with start-up. docs/performance.md has the figures.
func settle(ctx context.Context, log *slog.Logger, s checkSchedule) {
	start := time.Now()
	last := readHeap()
	timer := time.NewTimer(s.early)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		now := readHeap()
		if idleWithSlack(last, now) {
			debug.FreeOSMemory()
			log.Debug("idle: gave freed heap back to the OS", "bytes", now.slack)
			now = readHeap()
		}
		last = now
		next := s.every
		if time.Since(start) < s.earlyFor {
			next = s.early
		}
		timer.Reset(next)
	}
}

// heapSample is what settle reads of the runtime between checks.
type heapSample struct {
	gcCycles uint64 // completed collections
	// slack is resident heap that holds nothing live: garbage not yet
	// collected (objects beyond the live heap of the last collection)
	// and free spans not yet returned.
	slack uint64
}

// idleWithSlack: no collection ran between the samples, and enough
// resident heap holds nothing live to be worth giving back.
func idleWithSlack(prev, now heapSample) bool {
	return now.gcCycles == prev.gcCycles && now.slack > trimAbove
}

var heapMetrics = []string{
	"/gc/cycles/total:gc-cycles",
	"/memory/classes/heap/objects:bytes",
	"/gc/heap/live:bytes",
	"/memory/classes/heap/free:bytes",
}

func readHeap() heapSample {
	s := make([]metrics.Sample, len(heapMetrics))
	for i, name := range heapMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	v := make([]uint64, len(s))
	for i := range s {
		if s[i].Value.Kind() == metrics.KindUint64 {
			v[i] = s[i].Value.Uint64()
		}
	}
	h := heapSample{gcCycles: v[0], slack: v[3]}
	if objects, live := v[1], v[2]; objects > live {
		h.slack += objects - live
	}
	return h
}
