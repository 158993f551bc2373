package bench_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
	"github.com/zohoaep/zohoaep/emulator/zohocrm"
	"github.com/zohoaep/zohoaep/internal/bench"
	"github.com/zohoaep/zohoaep/internal/cputime"
)

// The load generator's own cost. The target runs in a child process (this
// test binary again, see TestMain), so that this process's CPU time and
// allocations are the generator's alone: its workers, its client, its
// judging of every answer, its histograms and its garbage collector.
// cpu-ns/op is this process's user + system time per request;
// target-cpu-ns/op is the child's over the same stretch, from
// /proc/<pid>/stat (10 ms ticks), so the two compare.
//
//	go test -run '^$' -bench Generator -benchmem ./internal/bench/
func BenchmarkGenerator(b *testing.B) {
	for _, c := range []struct {
		name, target string
		mix          bench.Mix
	}{
		{"bare", "bare", nil},
		{"refresh", "emulator", bench.Mix{{Kind: bench.Refresh, Weight: 1}}},
		{"mix", "emulator", bench.DefaultMix},
	} {
		b.Run(c.name, func(b *testing.B) {
			t := child(b, c.target)
			f := t.fixture(b)
			cfg := bench.Config{Workers: generatorWorkers, Mix: c.mix, Seed: 1}
			// Warm the connections and the workers' buffers.
			cfg.Requests = 2 * generatorWorkers
			if _, err := f.Run(context.Background(), cfg); err != nil {
				b.Fatal(err)
			}
			cfg.Requests = int64(b.N)
			b.ReportAllocs()
			self, target := cputime.Process(), t.cpu(b)
			b.ResetTimer()
			res, err := f.Run(context.Background(), cfg)
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			gen, srv := cputime.Process()-self, t.cpu(b)-target
			total := res.Total()
			if total.Bad() > 0 {
				b.Fatalf("%d failed, %d errors; last: %s", total.Failed, total.Errors, total.LastFailure)
			}
			b.ReportMetric(float64(gen.Nanoseconds())/float64(total.Requests), "cpu-ns/op")
			b.ReportMetric(float64(srv.Nanoseconds())/float64(total.Requests), "target-cpu-ns/op")
		})
	}
}

// generatorWorkers is the concurrency: 32 connections.
const generatorWorkers = 32

// targetEnv names the target a child process of this test binary serves.
const targetEnv = "ZOHOAEP_BENCH_TARGET"

// TestMain serves a target when this binary is a benchmark's child: it
// prints the target's base URL and serves until its standard input closes.
func TestMain(m *testing.M) {
	if which := os.Getenv(targetEnv); which != "" {
		os.Exit(serveTarget(which))
	}
	os.Exit(m.Run())
}

func serveTarget(which string) int {
	var base string
	switch which {
	case "bare":
		if err := bench.ServeBareProcess(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	case "emulator":
		e, err := emulator.New(emulator.Options{Seed: emulator.Demo(),
			Accounts: zohoaccounts.Config{AccessTokenMints: 1 << 30},
			CRM: zohocrm.Config{Editions: map[zohocrm.Edition]zohocrm.EditionLimits{
				zohocrm.Enterprise: {Credits: 1 << 40, Concurrency: 1 << 20}}}})
		if err == nil {
			err = e.Start("127.0.0.1:0")
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer e.Close()
		base = e.URL()
	default:
		fmt.Fprintf(os.Stderr, "%s: unknown target %q\n", targetEnv, which)
		return 2
	}
	fmt.Println(base)
	_, _ = bufio.NewReader(os.Stdin).ReadString(0) // until the parent closes it
	return 0
}

// target is a child process serving one target, kept for the whole
// benchmark run (the testing package calls a benchmark's function again
// for each b.N).
type target struct {
	which string
	base  string
	cmd   *exec.Cmd
	stdin io.WriteCloser
	once  sync.Once
	f     *bench.Fixture
}

var (
	targetsMu sync.Mutex
	targets   = map[string]*target{}
)

func child(b *testing.B, which string) *target {
	b.Helper()
	targetsMu.Lock()
	defer targetsMu.Unlock()
	if t := targets[which]; t != nil {
		return t
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), targetEnv+"="+which)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		b.Fatalf("target %s: %v", which, err)
	}
	// The child ends with this process: its standard input closes then.
	t := &target{which: which, base: strings.TrimSpace(line), cmd: cmd, stdin: stdin}
	targets[which] = t
	return t
}

// fixture signs in once per target.
func (t *target) fixture(b *testing.B) *bench.Fixture {
	b.Helper()
	var err error
	t.once.Do(func() {
		if t.which == "bare" {
			t.f, err = bench.BareFixture(t.base, generatorWorkers)
			return
		}
		t.f, err = bench.Prepare(context.Background(), bench.Options{Base: t.base})
	})
	if err != nil {
		b.Fatal(err)
	}
	if t.f == nil {
		b.Fatal("no fixture")
	}
	return t.f
}

// cpu is the child's user and system time so far, from /proc/<pid>/stat
// (fields 14 and 15, in clock ticks of 10 ms).
func (t *target) cpu(b *testing.B) time.Duration {
	b.Helper()
	data, err := os.ReadFile("/proc/" + strconv.Itoa(t.cmd.Process.Pid) + "/stat")
	if err != nil {
		b.Skipf("target CPU: %v", err)
	}
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // field 3 on
	if len(fields) < 13 {
		b.Fatalf("/proc/<pid>/stat: %q", s)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		b.Fatalf("/proc/<pid>/stat: %q", s)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
