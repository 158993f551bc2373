package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is a run of the emulator beside a run of the bare handler, in the
// same process, every figure also as a ratio to the bare handler's.
type Report struct {
	Target      string   `json:"target"`
	Mix         string   `json:"mix"`
	Concurrency int      `json:"concurrency"`
	Rounds      int      `json:"rounds"`
	Machine     Machine  `json:"machine"`
	Emulator    []Figure `json:"emulator"` // per kind
	Total       Figure   `json:"total"`    // every kind together
	Bare        Figure   `json:"bare"`
	// CPU is the CPU time per request of each side's rounds.
	CPU CPUPerRequest `json:"cpu_per_request"`
	// Notes are remarks a reader needs (throttling, memory).
	Notes []string `json:"notes,omitempty"`
}

// CPUPerRequest is CPU time per request, user and system, in nanoseconds
// in JSON (0: not measured).
type CPUPerRequest struct {
	// Process is this process's during the emulator's rounds: the load
	// generator's alone when the target is another process.
	Process time.Duration `json:"process_ns"`
	// BareProcess is this process's during the bare handler's rounds: the
	// load generator and the bare handler it serves.
	BareProcess time.Duration `json:"bare_process_ns"`
	// Target is the target process's during the emulator's rounds.
	Target time.Duration `json:"target_ns,omitempty"`
}

// Machine is where the run happened: ratios travel, absolute figures
// need this beside them.
type Machine struct {
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	Go         string `json:"go"`
	// LoadAverage is /proc/loadavg's first three fields, when readable.
	LoadAverage string `json:"load_average,omitempty"`
}

// Figure is one kind's figures and their ratios to the bare handler's.
type Figure struct {
	KindResult
	Elapsed time.Duration `json:"elapsed_ns"`
	Rate    float64       `json:"rate"` // requests per second
	// RateRatio is Rate over the bare handler's rate.
	RateRatio float64 `json:"rate_ratio"`
	// LatencyRatio is each latency over the bare handler's.
	LatencyRatio LatencyRatio `json:"latency_ratio"`
}

// LatencyRatio is a Latencies over the bare handler's.
type LatencyRatio struct {
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// ThisMachine describes the machine this process runs on.
func ThisMachine() Machine {
	m := Machine{OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), Go: runtime.Version()}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.LoadAverage = strings.Join(f[:3], " ")
		}
	}
	return m
}

// NewReport puts emu beside bare.
func NewReport(target string, mix Mix, concurrency, rounds int, emu, bare *Result) *Report {
	b := bare.Kind(Bare)
	r := &Report{Target: target, Mix: mix.String(), Concurrency: concurrency, Rounds: rounds, Machine: ThisMachine()}
	r.Bare = figure(b, bare.Elapsed, &b, bare.Elapsed)
	for _, kr := range emu.Kinds() {
		r.Emulator = append(r.Emulator, figure(*kr, emu.Elapsed, &b, bare.Elapsed))
	}
	r.Total = figure(emu.Total(), emu.Elapsed, &b, bare.Elapsed)
	r.CPU = CPUPerRequest{Process: emu.CPUPerRequest(emu.CPU), BareProcess: bare.CPUPerRequest(bare.CPU),
		Target: emu.CPUPerRequest(emu.TargetCPU)}
	return r
}

func figure(kr KindResult, elapsed time.Duration, bare *KindResult, bareElapsed time.Duration) Figure {
	f := Figure{KindResult: kr, Elapsed: elapsed, Rate: kr.Rate(elapsed)}
	f.RateRatio = ratio(f.Rate, bare.Rate(bareElapsed))
	l, bl := kr.Latency.Summary(), bare.Latency.Summary()
	f.LatencyRatio = LatencyRatio{P50: ratio(float64(l.P50), float64(bl.P50)), P90: ratio(float64(l.P90), float64(bl.P90)),
		P99: ratio(float64(l.P99), float64(bl.P99)), Max: ratio(float64(l.Max), float64(bl.Max))}
	return f
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

// Bad is the failed answers and transport errors of the emulator's run.
func (r *Report) Bad() int64 { return r.Total.Bad() }

// WriteJSON writes the report as one JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report as a table: each figure, and in brackets
// its ratio to the bare handler's (throughput as a share, latency as a
// multiple).
func (r *Report) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "target %s, mix %s, %d in flight, %d alternating rounds\n", r.Target, r.Mix, r.Concurrency, r.Rounds)
	fmt.Fprintf(w, "machine %s/%s, %d CPUs, GOMAXPROCS %d, %s", r.Machine.OS, r.Machine.Arch, r.Machine.CPUs, r.Machine.GOMAXPROCS, r.Machine.Go)
	if r.Machine.LoadAverage != "" {
		fmt.Fprintf(w, ", load average %s", r.Machine.LoadAverage)
	}
	fmt.Fprint(w, "\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\trequests\trate/s (of bare)\tp50 (× bare)\tp90 (× bare)\tp99 (× bare)\tmax (× bare)\tok\tthrottled\tfailed\terrors\t")
	rows := append(append([]Figure{}, r.Emulator...), r.Total, r.Bare)
	for _, f := range rows {
		l := f.Latency.Summary()
		fmt.Fprintf(tw, "%s\t%d\t%.0f (%.1f%%)\t%s (%.1f)\t%s (%.1f)\t%s (%.1f)\t%s (%.1f)\t%d\t%d\t%d\t%d\t\n",
			f.Kind, f.Requests, f.Rate, 100*f.RateRatio, dur(l.P50), f.LatencyRatio.P50, dur(l.P90), f.LatencyRatio.P90,
			dur(l.P99), f.LatencyRatio.P99, dur(l.Max), f.LatencyRatio.Max, f.OK, f.Throttled, f.Failed, f.Errors)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, f := range append(r.Emulator, r.Bare) {
		if f.LastFailure != "" {
			fmt.Fprintf(w, "last failure of %s: %s\n", f.Kind, f.LastFailure)
		}
	}
	if c := r.CPU; c.Process > 0 {
		fmt.Fprintf(w, "CPU per request: this process %s in the emulator's rounds, %s in the bare handler's", us(c.Process), us(c.BareProcess))
		if c.Target > 0 {
			fmt.Fprintf(w, "; the target process %s", us(c.Target))
		}
		fmt.Fprintln(w)
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, n)
	}
	return nil
}

// us writes a CPU time in microseconds.
func us(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d)/1e3) }

// dur rounds a latency for a table.
func dur(d time.Duration) string {
	switch {
	case d >= 10*time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

// WriteProgress writes p on w: on a terminal one line rewritten in place,
// elsewhere a plain line each call.
func WriteProgress(w io.Writer, what string, p Progress, terminal bool) {
	elapsed := p.Elapsed.Round(100 * time.Millisecond)
	rate := 0.0
	if p.Elapsed > 0 {
		rate = float64(p.Requests) / p.Elapsed.Seconds()
	}
	line := fmt.Sprintf("%s: %s", what, elapsed)
	if p.Duration > 0 {
		line += " of " + p.Duration.String()
	}
	line += fmt.Sprintf(", %d requests, %.0f/s, %d throttled, %d failed", p.Requests, rate, p.Throttled, p.Failed)
	if terminal {
		fmt.Fprintf(w, "\r\x1b[K%s", line)
		return
	}
	fmt.Fprintln(w, line)
}
