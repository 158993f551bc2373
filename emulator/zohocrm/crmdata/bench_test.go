package crmdata

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zohoaep/zohoaep/internal/cputime"
)

const million = 1_000_000

// millionSpec is the demo org with Leads scaled to a million.
func millionSpec() OrgSpec {
	spec := testSpec()
	spec.Standard = true
	spec.Modules = []ModuleSpec{{APIName: Leads, Generate: million}}
	return spec
}

func millionStore(b testing.TB) *Store {
	s := New()
	if err := s.PutOrg(millionSpec()); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkPutOrgMillion: generating a million-record module costs its
// metadata only; records are made when read.
func BenchmarkPutOrgMillion(b *testing.B) {
	b.ReportAllocs()
	spec := millionSpec()
	for b.Loop() {
		s := New()
		if err := s.PutOrg(spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListPage200: one 200-record page from the middle of a million
// leads, with and without a thousand changes to merge.
func BenchmarkListPage200(b *testing.B) {
	for _, changes := range []int{0, 1000} {
		s := millionStore(b)
		by := testUsers[0]
		by.ID = UserID("5725767", 0)
		for i := range changes {
			id := recordID("5725767", 1, i*997)
			if _, err := s.Update(testOrg, Leads, id, map[string]any{"City": "Changed"}, by, testNow.Add(time.Duration(i)*time.Second)); err != nil {
				b.Fatal(err)
			}
		}
		for _, sortBy := range []string{"id", "Modified_Time"} {
			b.Run(fmt.Sprintf("sort=%s/changes=%d", sortBy, changes), func(b *testing.B) {
				b.ReportAllocs()
				q := Query{SortBy: sortBy, Desc: true, Offset: 450_000, Limit: 200}
				cpu := cputime.Process()
				for b.Loop() {
					p, err := s.List(testOrg, Leads, q)
					if err != nil || len(p.Records) != 200 {
						b.Fatal(err, len(p.Records))
					}
				}
				reportCPU(b, cpu)
			})
		}
	}
}

// BenchmarkReadAllMillion reads all million leads (converted=both) in
// 200-record pages, as a full sync does.
func BenchmarkReadAllMillion(b *testing.B) {
	s := millionStore(b)
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		n := readAll(b, s, "Modified_Time")
		b.ReportMetric(float64(n), "records/op")
	}
	b.ReportMetric(float64(cputime.Process()-cpu)/float64(b.N)/1e9, "cpu-s/op")
}

func readAll(b testing.TB, s *Store, sortBy string) int {
	n := 0
	for off := 0; ; off += 200 {
		p, err := s.List(testOrg, Leads, Query{SortBy: sortBy, Converted: "both", Offset: off, Limit: 200})
		if err != nil {
			b.Fatal(err)
		}
		n += len(p.Records)
		if !p.More {
			return n
		}
	}
}

// TestSoakMillion measures peak RSS for generating and reading a
// million leads: ZOHOAEP_SOAK=1 go test -run SoakMillion -v ./emulator/zohocrm/crmdata/
func TestSoakMillion(t *testing.T) {
	if os.Getenv("ZOHOAEP_SOAK") == "" {
		t.Skip("set ZOHOAEP_SOAK=1 to generate and read a million records")
	}
	start := time.Now()
	s := millionStore(t)
	put := time.Since(start)
	t.Logf("PutOrg with 1,000,000 leads: %v, VmHWM %s", put, vmHWM())
	start = time.Now()
	n := readAll(t, s, "id")
	t.Logf("read %d leads in 200-record pages by id: %v, VmHWM %s", n, time.Since(start), vmHWM())
	start = time.Now()
	n = readAll(t, s, "Modified_Time")
	t.Logf("read %d leads in 200-record pages by Modified_Time: %v, VmHWM %s", n, time.Since(start), vmHWM())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("heap in use %d MiB, total allocated %d MiB", ms.HeapInuse>>20, ms.TotalAlloc>>20)
}

// vmHWM is the process's peak resident set size, from /proc.
func vmHWM() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}

// BenchmarkGenerate is the cost of one generated record of each module.
func BenchmarkGenerate(b *testing.B) {
	s := newStore(b)
	o := s.orgs[testOrg]
	for _, m := range o.mods {
		b.Run(m.meta.APIName, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			cpu := cputime.Process()
			for b.Loop() {
				o.generate(m, n%m.gen)
				n++
			}
			reportCPU(b, cpu)
		})
	}
}
