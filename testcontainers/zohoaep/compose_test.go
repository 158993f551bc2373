package zohoaep_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestComposeFile brings the repository's docker-compose.yml up with
// docker-compose (v1, Debian's), on a free loopback port and the image
// under test, and checks the emulator service: healthy by its own health
// check, published on loopback only, its data directory a named volume.
// Then it runs the example client service against it: with `zohoaep
// health` in place of its command now, as written (the scenario harness)
// once the image has `zohoaep scenarios`, and with `zohoaep contracts
// verify` (every operation of every contract) once it has that.
func TestComposeFile(t *testing.T) {
	img := image(t)
	compose, err := exec.LookPath("docker-compose")
	if err != nil {
		t.Skip("docker-compose (v1) is not installed: apt-get install docker-compose")
	}
	port := freePort(t)
	project := fmt.Sprintf("zohoaeptest%d", os.Getpid())
	dc := func(ctx context.Context, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, compose, append([]string{
			"--project-name", project, "--file", filepath.Join(repoRoot(t), "docker-compose.yml"),
		}, args...)...)
		cmd.Env = append(os.Environ(), "ZOHOAEP_IMAGE="+img, "ZOHOAEP_PORT="+port)
		return cmd
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	t.Cleanup(func() {
		if out, err := dc(context.Background(), "down", "--volumes", "--timeout", "10").CombinedOutput(); err != nil {
			t.Logf("docker-compose down: %v: %s", err, out)
		}
	})
	out, err := dc(ctx, "up", "--detach", "--no-build", "emulator").CombinedOutput()
	require.NoError(t, err, "%s", out)
	idOut, err := dc(ctx, "ps", "--quiet", "emulator").Output()
	require.NoError(t, err)
	id := strings.TrimSpace(string(idOut))
	require.NotEmpty(t, id)

	var in struct {
		State struct {
			Health struct{ Status string }
		}
		Mounts []struct {
			Type, Name, Destination string
		}
		NetworkSettings struct {
			Ports map[string][]struct{ HostIp, HostPort string }
		}
	}
	inspect := func() {
		b, err := exec.Command("docker", "inspect", "--format", "{{json .}}", id).Output()
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &in))
	}
	require.Eventually(t, func() bool { inspect(); return in.State.Health.Status == "healthy" },
		60*time.Second, 250*time.Millisecond, "the emulator service never became healthy")

	assert.Equal(t, []struct{ HostIp, HostPort string }{{"127.0.0.1", port}}, in.NetworkSettings.Ports["9595/tcp"])
	require.Len(t, in.Mounts, 1)
	assert.Equal(t, "volume", in.Mounts[0].Type)
	assert.Equal(t, project+"_zohoaep-data", in.Mounts[0].Name)
	assert.Equal(t, "/data", in.Mounts[0].Destination)

	resp, err := http.Get("http://127.0.0.1:" + port + "/oauth/serverinfo")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	t.Run("client service reaches the emulator by name", func(t *testing.T) {
		out, err := dc(ctx, "run", "--rm", "scenarios", "health", "--url", "http://emulator:9595").CombinedOutput()
		require.NoError(t, err, "%s", out)
		assert.Contains(t, string(out), "ok")
	})

	t.Run("example client: the scenario harness", func(t *testing.T) {
		if !imageHas(img, "scenarios") {
			t.Skip("this image has no `zohoaep scenarios` yet: the client service needs the scenario harness")
		}
		out, err := dc(ctx, "run", "--rm", "scenarios").CombinedOutput()
		assert.NoError(t, err, "%s", out)
	})

	t.Run("contract verification against the container", func(t *testing.T) {
		if !imageHas(img, "contracts") {
			t.Skip("this image has no `zohoaep contracts verify` yet")
		}
		out, err := dc(ctx, "run", "--rm", "scenarios", "contracts", "verify", "--target", "http://emulator:9595").CombinedOutput()
		assert.NoError(t, err, "%s", out)
	})
}

// imageHas reports whether the image's zohoaep has the subcommand.
func imageHas(img, subcommand string) bool {
	return exec.Command("docker", "run", "--rm", "--network", "none", img, subcommand, "--help").Run() == nil
}

// freePort is a loopback port free a moment ago.
func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}
