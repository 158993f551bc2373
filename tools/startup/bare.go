package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// bareSource is the yardstick: a static Go binary that only answers the
// health check, so that what is left of a start is the emulator's own.
// It listens on its first argument, or on :9595 in a container.
const bareSource = `package main

import (
	"net/http"
	"os"
)

func main() {
	addr := ":9595"
	if len(os.Args) > 1 {
		addr = os.Args[1]
	}
	http.HandleFunc("/_emulator/health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(` + "`" + `{"status":"ok"}` + "`" + `))
	})
	_ = http.ListenAndServe(addr, nil)
}
`

// buildBare builds the bare server in dir with CGO_ENABLED=0 and returns
// its path, or with image, builds a FROM scratch image of it and returns
// the image's tag.
func buildBare(dir string, image bool) (string, error) {
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(bareSource), 0o644); err != nil {
		return "", err
	}
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", "bare", "main.go")
	build.Dir = dir
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GO111MODULE=off")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the bare server: %w: %s", err, out)
	}
	if !image {
		return filepath.Join(dir, "bare"), nil
	}
	df := "FROM scratch\nCOPY bare /bare\nUSER 65532:65532\nEXPOSE 9595\nENTRYPOINT [\"/bare\"]\n"
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(df), 0o644); err != nil {
		return "", err
	}
	const tag = "zohoaep-startup-bare:latest"
	if out, err := exec.Command("docker", "build", "--quiet", "--tag", tag, dir).CombinedOutput(); err != nil {
		return "", fmt.Errorf("docker build of the bare server: %w: %s", err, out)
	}
	return tag, nil
}
