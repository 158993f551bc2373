package bench_test

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/internal/bench"
)

// TestBareProcess: the bare handler in a child process (this test binary,
// as TestMain serves it), answered over loopback, gone once stopped.
func TestBareProcess(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	child := exec.Command(exe)
	child.Env = append(os.Environ(), targetEnv+"=bare")
	base, pid, stop, err := bench.StartBareProcess(child)
	require.NoError(t, err)
	assert.NotEqual(t, os.Getpid(), pid)
	resp, err := http.Post(base+"/oauth/v2/token", "application/x-www-form-urlencoded", strings.NewReader("grant_type=refresh_token"))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.Contains(t, string(body), `"access_token":"1000.`)
	require.NoError(t, stop())
	_, err = http.Get(base)
	assert.Error(t, err, "the child is gone")

	_, _, _, err = bench.StartBareProcess(exec.Command("true"))
	assert.ErrorContains(t, err, "did not serve the bare handler")
}
