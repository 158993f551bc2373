package journal

import (
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
)

// What the ring costs the garbage collector and the heap once it is full
// (docs/performance.md, "Journal ring off the GC's scan"):
//
//	go test -run '^$' -bench 'Ring|FrontDoor' -benchmem ./emulator/internal/journal/

// freshRefresh is refreshEntry(i) with its strings made as the front door
// makes them: fresh for every request, the answer unique.
func freshRefresh(i int) Entry {
	e := refreshEntry(i)
	for _, s := range []*string{&e.Method, &e.Path, &e.Client, &e.SourceIP, &e.Body, &e.RespBody} {
		*s = strings.Clone(*s)
	}
	return e
}

// BenchmarkAddPackedFrontDoor is one refresh journaled as the front door
// does it: both header sets packed by the journal, then added to a full
// ring; the entry's strings are fresh, as a request's are.
func BenchmarkAddPackedFrontDoor(b *testing.B) {
	j := full(b)
	es := make([]Entry, 256)
	for i := range es {
		es[i] = freshRefresh(i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		j.AddPacked(es[i%len(es)], j.PackHeader(reqHeader, one), j.PackHeader(respHeader, one))
		i++
	}
}

// BenchmarkRingRetained reports the heap a full ring of 10,000 refreshes
// keeps (after a collection), beside what the same entries would take
// outside it.
func BenchmarkRingRetained(b *testing.B) {
	for b.Loop() {
		before := liveHeap()
		j := New(DefaultSize)
		for i := range DefaultSize {
			e := freshRefresh(i)
			j.AddPacked(e, PackHeader(reqHeader, one), PackHeader(respHeader, one))
		}
		after := liveHeap()
		b.ReportMetric(float64(after-before), "retained-B")
		b.ReportMetric(float64(after-before)/DefaultSize, "retained-B/entry")
		runtime.KeepAlive(j)
	}
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// sink keeps a request's garbage reachable until the next request.
var sink []any

// BenchmarkRingGC appends refreshes to a full ring of 10,000 while
// allocating what a validated refresh allocates besides (35 objects,
// about 4.2 KB, some with pointers), and reports the garbage collector's
// CPU per append (runtime/metrics), the cost a full ring adds to every
// collection it lives through.
func BenchmarkRingGC(b *testing.B) {
	j := New(DefaultSize)
	for i := range DefaultSize {
		j.AddPacked(freshRefresh(i), PackHeader(reqHeader, one), PackHeader(respHeader, one))
	}
	samples := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/gc/cycles/total:gc-cycles"}}
	runtime.GC()
	metrics.Read(samples)
	gc0, cycles0 := samples[0].Value.Float64(), samples[1].Value.Uint64()
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		sink = requestGarbage(sink[:0], i)
		j.AddPacked(freshRefresh(i), j.PackHeader(reqHeader, one), j.PackHeader(respHeader, one))
		i++
	}
	b.StopTimer()
	metrics.Read(samples)
	b.ReportMetric((samples[0].Value.Float64()-gc0)*1e9/float64(b.N), "gc-cpu-ns/op")
	b.ReportMetric(float64(samples[1].Value.Uint64()-cycles0)*1e6/float64(b.N), "gc-cycles/Mop")
}

type node struct {
	next *node
	val  string
	buf  []byte
}

func requestGarbage(out []any, i int) []any {
	for k := range 20 {
		out = append(out, &node{val: strconv.Itoa(i + k), buf: make([]byte, 64)})
	}
	for range 13 {
		out = append(out, make([]byte, 128))
	}
	return append(out, make([]byte, 1024), make(map[string]string, 4))
}
