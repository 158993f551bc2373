package zohoaep_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// serveHasFlag reports whether the image's `serve --help` lists flag.
func serveHasFlag(t *testing.T, img, flag string) bool {
	t.Helper()
	out, err := exec.Command("docker", "run", "--rm", "--network", "none", img, "serve", "--help").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return strings.Contains(string(out), flag+" ")
}

// removeVolume removes a Docker volume a test made.
func removeVolume(t *testing.T, name string) {
	if out, err := exec.CommandContext(context.Background(), "docker", "volume", "rm", "-f", name).CombinedOutput(); err != nil {
		t.Logf("docker volume rm %s: %v: %s", name, err, out)
	}
}
