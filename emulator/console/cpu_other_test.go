//go:build !linux

package console_test

import "time"

// onThisThread falls back to wall time where a thread's CPU time is not
// at hand.
func onThisThread(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

const cpuMeasured = false
