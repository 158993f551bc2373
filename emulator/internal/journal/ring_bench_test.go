package journal

import (
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/zohoaep/zohoaep/internal/cputime"
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
// outside it, and how much of that the collector scans for pointers
// (runtime/metrics' scannable heap).
func BenchmarkRingRetained(b *testing.B) {
	for b.Loop() {
		before, scan0 := liveHeap()
		j := New(DefaultSize)
		for i := range DefaultSize {
			e := freshRefresh(i)
			j.AddPacked(e, PackHeader(reqHeader, one), PackHeader(respHeader, one))
		}
		after, scan := liveHeap()
		b.ReportMetric(float64(after-before), "retained-B")
		b.ReportMetric(float64(scan-scan0), "scannable-B")
		b.ReportMetric(float64(after-before)/DefaultSize, "retained-B/entry")
		runtime.KeepAlive(j)
	}
}

// liveHeap is the heap in use after a collection, and the part of it the
// collector scans.
func liveHeap() (live, scannable uint64) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s := []metrics.Sample{{Name: "/gc/scan/heap:bytes"}}
	metrics.Read(s)
	return m.HeapAlloc, s[0].Value.Uint64()
}

// BenchmarkRingGC appends refreshes to a full ring of 10,000 from every
// processor, each append allocating what a validated refresh allocates
// besides (35 objects, about 4.2 KB, some with pointers), beside 6 MB of
// other live objects with pointers (the server's contracts and routers).
// It reports the garbage collector's CPU per append and per cycle
// (runtime/metrics, idle-time mark workers left out), and the process's
// CPU per append: what the full ring costs a busy server's collections.
func BenchmarkRingGC(b *testing.B) {
	live := ballast(6 << 20)
	j := New(DefaultSize)
	for i := range DefaultSize {
		j.AddPacked(freshRefresh(i), PackHeader(reqHeader, one), PackHeader(respHeader, one))
	}
	samples := []metrics.Sample{
		{Name: "/cpu/classes/gc/total:cpu-seconds"},
		{Name: "/cpu/classes/gc/mark/idle:cpu-seconds"},
		{Name: "/gc/cycles/total:gc-cycles"},
	}
	read := func() (busy float64, cycles uint64) {
		metrics.Read(samples)
		return samples[0].Value.Float64() - samples[1].Value.Float64(), samples[2].Value.Uint64()
	}
	runtime.GC()
	busy0, cycles0 := read()
	cpu0 := cputime.Process()
	b.ReportAllocs()
	b.ResetTimer()
	var seq atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		var garbage []any
		for pb.Next() {
			i := int(seq.Add(1))
			garbage = requestGarbage(garbage[:0], i)
			j.AddPacked(freshRefresh(i), j.PackHeader(reqHeader, one), j.PackHeader(respHeader, one))
		}
	})
	b.StopTimer()
	if cpu := cputime.Process() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
	busy, cycles := read()
	busy, cycles = busy-busy0, cycles-cycles0
	b.ReportMetric(busy*1e9/float64(b.N), "gc-cpu-ns/op")
	b.ReportMetric(float64(cycles)*1e6/float64(b.N), "gc-cycles/Mop")
	if cycles > 0 {
		b.ReportMetric(busy*1e6/float64(cycles), "gc-cpu-µs/cycle")
	}
	runtime.KeepAlive(live)
}

// ballast is about n bytes of live objects with pointers and strings.
func ballast(n int) *node {
	var head *node
	for i := 0; i < n/112; i++ {
		head = &node{next: head, val: strconv.Itoa(i), buf: make([]byte, 48)}
	}
	return head
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
