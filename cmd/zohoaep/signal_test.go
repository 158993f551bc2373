package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSignals runs the real binary: SIGTERM ends serve gracefully with 0,
// SIGINT cuts another command (health, waiting on a server that never
// answers) short with 130.
func TestSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "zohoaep")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	// start runs bin with args and returns once it printed ready (at
	// once if ready is empty).
	start := func(t *testing.T, ready string, args ...string) *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{"ZOHOAEP_ADDR=127.0.0.1:0", "ZOHOAEP_EMPTY=true"}
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		cmd.Stderr = cmd.Stdout
		require.NoError(t, cmd.Start())
		found := make(chan bool, 1)
		if ready == "" {
			go func() { _, _ = bufio.NewReader(stdout).WriteTo(io.Discard) }()
			return cmd
		}
		go func() {
			sc := bufio.NewScanner(stdout)
			ok := false
			for sc.Scan() {
				if !ok && strings.Contains(sc.Text(), ready) {
					ok = true
					found <- true
				}
			}
			if !ok {
				found <- false
			}
		}()
		select {
		case ok := <-found:
			require.True(t, ok, "%v never printed %q", args, ready)
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatalf("%v never printed %q", args, ready)
		}
		return cmd
	}
	exitCodeOf := func(t *testing.T, cmd *exec.Cmd) int {
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				return exit.ExitCode()
			}
			require.NoError(t, err)
			return 0
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatal("did not exit")
			return -1
		}
	}

	t.Run("SIGTERM stops serve gracefully", func(t *testing.T) {
		cmd := start(t, "listening on", "serve")
		require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
		assert.Equal(t, exitOK, exitCodeOf(t, cmd))
	})
	t.Run("SIGINT cuts health short", func(t *testing.T) {
		mute, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers
		require.NoError(t, err)
		defer mute.Close()
		cmd := start(t, "", "health", "--url", "http://"+mute.Addr().String(), "--timeout", "5m")
		time.Sleep(time.Second) // waiting for the answer
		require.NoError(t, cmd.Process.Signal(os.Interrupt))
		assert.Equal(t, exitInterrupted, exitCodeOf(t, cmd))
	})
}
