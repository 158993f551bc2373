package main

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/zohoaep/zohoaep/internal/bench"
)

// TestMain lets this test binary stand in for zohoaep where a test runs
// the executable again: `bench --target` starts `<executable> bench
// --bare-child` to serve the bare handler in a process of its own.
func TestMain(m *testing.M) {
	if slices.Equal(os.Args[1:], []string{"bench", "--bare-child"}) {
		if err := bench.ServeBareProcess(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
