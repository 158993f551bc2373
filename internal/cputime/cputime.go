//go:build unix

// Package cputime reads the CPU time this process has used. On a shared
// machine it measures the work, where wall time measures the neighbours:
// benchmarks report it per operation, and `zohoaep bench` per request.
package cputime

import (
	"syscall"
	"time"
)

// Process is this process's user and system time so far (0 where the
// system does not say).
func Process() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
