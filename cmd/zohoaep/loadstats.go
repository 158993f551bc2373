package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/bits"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// loadResult is what one stretch of load saw.
type loadResult struct {
	requests  int // answered (any status)
	tokens    int // 200 with an access token
	throttled int // Zoho's "Access Denied" throttle
	other     int // any other answer
	errors    int // no answer: transport errors
	lastErr   error
	lastOther string
	latency   histogram
	elapsed   time.Duration
}

func (r *loadResult) classify(status int, body []byte) {
	switch {
	case status == 200 && bytes.Contains(body, []byte(`"access_token"`)):
		r.tokens++
	case bytes.Contains(body, []byte(`"Access Denied"`)) && bytes.Contains(body, []byte("too many requests")):
		r.throttled++
	default:
		r.other++
		r.lastOther = fmt.Sprintf("%d %.200s", status, body)
	}
}

func (r *loadResult) merge(o *loadResult) {
	r.requests += o.requests
	r.tokens += o.tokens
	r.throttled += o.throttled
	r.other += o.other
	r.errors += o.errors
	if o.lastErr != nil {
		r.lastErr = o.lastErr
	}
	if o.lastOther != "" {
		r.lastOther = o.lastOther
	}
	r.latency.merge(&o.latency)
}

// add adds another stretch of load, elapsed time included.
func (r *loadResult) add(o *loadResult) {
	r.merge(o)
	r.elapsed += o.elapsed
}

// rate is answered requests per second.
func (r *loadResult) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.requests) / r.elapsed.Seconds()
}

func (r *loadResult) print(w io.Writer, what string) {
	fmt.Fprintf(w, "%s\n", what)
	fmt.Fprintf(w, "  requests      %d in %s: %.0f/s\n", r.requests, r.elapsed.Round(time.Millisecond), r.rate())
	fmt.Fprintf(w, "  latency       p50 %s  p90 %s  p99 %s  max %s\n",
		r.latency.quantile(0.50), r.latency.quantile(0.90), r.latency.quantile(0.99), r.latency.max)
	fmt.Fprintf(w, "  answers       %d tokens, %d throttled, %d other; %d errors\n", r.tokens, r.throttled, r.other, r.errors)
	if r.lastOther != "" {
		fmt.Fprintf(w, "  last other    %s\n", r.lastOther)
	}
	if r.lastErr != nil {
		fmt.Fprintf(w, "  last error    %v\n", r.lastErr)
	}
}

// histogram counts latencies in microsecond buckets: exact below 1024µs,
// then 512 buckets per power of two (under 0.2% error), so memory stays
// fixed however long the run.
type histogram struct {
	counts []uint64
	n      uint64
	max    time.Duration
}

const (
	histExact = 1024
	histSub   = 512
)

func histIndex(us uint64) int {
	if us < histExact {
		return int(us)
	}
	shift := bits.Len64(us) - 10 // us>>shift is in [512, 1024)
	return histExact + (shift-1)*histSub + int(us>>shift) - histSub
}

func histValue(i int) time.Duration {
	if i < histExact {
		return time.Duration(i) * time.Microsecond
	}
	shift := (i-histExact)/histSub + 1
	m := uint64((i-histExact)%histSub + histSub)
	return time.Duration(m<<shift) * time.Microsecond
}

func (h *histogram) add(d time.Duration) {
	i := histIndex(uint64(max(d, 0) / time.Microsecond))
	if i >= len(h.counts) {
		h.counts = append(h.counts, make([]uint64, i+1-len(h.counts))...)
	}
	h.counts[i]++
	h.n++
	h.max = max(h.max, d)
}

func (h *histogram) merge(o *histogram) {
	if len(o.counts) > len(h.counts) {
		h.counts = append(h.counts, make([]uint64, len(o.counts)-len(h.counts))...)
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.max = max(h.max, o.max)
}

// quantile is the latency at or below which q of the requests finished.
func (h *histogram) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(q*float64(h.n) + 0.5)
	rank = max(rank, 1)
	var seen uint64
	for i, c := range h.counts {
		if seen += c; seen >= rank {
			return min(histValue(i), h.max)
		}
	}
	return h.max
}

// procStatus is the memory of a process as Linux reports it.
type procStatus struct {
	peakRSS, rss uint64 // VmHWM, VmRSS in bytes
}

// readProcStatus reads VmHWM and VmRSS from /proc/<pid>/status (pid 0 is
// this process).
func readProcStatus(pid int) (procStatus, error) {
	path := "/proc/self/status"
	if pid != 0 {
		path = "/proc/" + strconv.Itoa(pid) + "/status"
	}
	f, err := os.Open(path)
	if err != nil {
		return procStatus{}, err
	}
	defer f.Close()
	var st procStatus
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch k {
		case "VmHWM":
			st.peakRSS = kb << 10
		case "VmRSS":
			st.rss = kb << 10
		}
	}
	if st.peakRSS == 0 {
		return st, fmt.Errorf("%s: no VmHWM", path)
	}
	return st, sc.Err()
}

func selfStatus() (procStatus, error) { return readProcStatus(0) }

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// printMemory reports peak and current RSS, and this process's heap in use.
func printMemory(w io.Writer, who string, status func() (procStatus, error)) {
	st, err := status()
	if err != nil {
		fmt.Fprintf(w, "  memory        %s: %v\n", who, err)
		return
	}
	fmt.Fprintf(w, "  memory        %s: peak RSS (VmHWM) %s, RSS %s", who, mib(st.peakRSS), mib(st.rss))
	if strings.HasPrefix(who, "this process") {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Fprintf(w, ", heap in use %s", mib(ms.HeapInuse))
	}
	fmt.Fprintln(w)
}
