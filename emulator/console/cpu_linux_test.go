//go:build linux

package console_test

import (
	"runtime"
	"syscall"
	"time"
)

// onThisThread runs f locked to this OS thread and returns the CPU time
// the thread spent in it: the cost of a render, which a loaded machine
// does not inflate as it inflates wall time.
func onThisThread(f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := threadCPU()
	f()
	return threadCPU() - before
}

func threadCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_THREAD, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

const cpuMeasured = true
