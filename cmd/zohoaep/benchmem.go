package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

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

// memoryNote reports peak and current RSS, and this process's heap in use
// when who is this process.
func memoryNote(who string, self bool, status func() (procStatus, error)) string {
	st, err := status()
	if err != nil {
		return fmt.Sprintf("memory of %s: %v", who, err)
	}
	note := fmt.Sprintf("memory of %s: peak RSS (VmHWM) %s, RSS %s", who, mib(st.peakRSS), mib(st.rss))
	if self {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		note += ", heap in use " + mib(ms.HeapInuse)
	}
	return note
}
