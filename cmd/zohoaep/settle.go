package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/openapi"
)

// idleCheck is how often serve looks whether it is idle with memory to
// give back.
const idleCheck = 10 * time.Second

// trimAbove is how much freed, still resident heap is worth a collection
// to give back (less is the runtime's usual slack).
const trimAbove = 2 << 20

// settle keeps the footprint of an idle emulator small. The Go runtime
// returns freed heap to the OS only slowly, so after start-up (parsing the
// contracts with kin-openapi's YAML loader, generating the IMS key) and
// after a burst of requests, several MiB that nothing uses stay resident.
// settle gives start-up's back once the contracts and the key are ready,
// then, every idle check, gives back what a burst left when the runtime
// ran no collection since the last check (nothing is allocating: the
// emulator is idle, so the forced collection delays no request) and more
// than trimAbove of freed heap is resident. docs/performance.md has the
// figures.
func settle(ctx context.Context, e *emulator.Emulator, log *slog.Logger, every time.Duration) {
	for _, name := range openapi.Names() {
		_, _ = contracts.Background(name).Contract()
	}
	e.IMS().Warm()
	debug.FreeOSMemory()
	tick := time.NewTicker(every)
	defer tick.Stop()
	last := readHeap()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now := readHeap()
		if idleWithSlack(last, now) {
			debug.FreeOSMemory()
			log.Debug("idle: gave freed heap back to the OS", "bytes", now.freeBytes)
			now = readHeap()
		}
		last = now
	}
}

// heapSample is what settle reads of the runtime between checks.
type heapSample struct {
	gcCycles  uint64 // completed collections
	freeBytes uint64 // heap that is free but still resident
}

// idleWithSlack: no collection ran between the samples, and enough freed
// heap is resident to be worth giving back.
func idleWithSlack(prev, now heapSample) bool {
	return now.gcCycles == prev.gcCycles && now.freeBytes > trimAbove
}

func readHeap() heapSample {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/memory/classes/heap/free:bytes"}}
	metrics.Read(s)
	var h heapSample
	if s[0].Value.Kind() == metrics.KindUint64 {
		h.gcCycles = s[0].Value.Uint64()
	}
	if s[1].Value.Kind() == metrics.KindUint64 {
		h.freeBytes = s[1].Value.Uint64()
	}
	return h
}
