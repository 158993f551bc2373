package zohoaep_test

import (
	"os"
	"testing"
)

// TestMain disables the reaper (Ryuk) unless told otherwise: its image
// cannot be pulled offline, and every test here terminates its own
// containers (testcontainers.CleanupContainer).
func TestMain(m *testing.M) {
	if _, set := os.LookupEnv("TESTCONTAINERS_RYUK_DISABLED"); !set {
		_ = os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
	os.Exit(m.Run())
}
