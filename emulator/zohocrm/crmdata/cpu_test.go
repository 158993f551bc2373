package crmdata

import (
	"testing"
	"time"

	"github.com/zohoaep/zohoaep/internal/cputime"
)

// reportCPU adds a cpu-ns/op metric for the loop that started at start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cputime.Process()-start)/float64(b.N), "cpu-ns/op")
}
