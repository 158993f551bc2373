package zohoaep

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/testcontainers/testcontainers-go"
)

// BuildImage builds the emulator's image from the repository checkout at
// repoDir and tags it tag (e.g. "zohoaep:dev"), for when no published
// image is at hand: it compiles the static binary (CGO_ENABLED=0 go build,
// which needs the Go toolchain) and builds the repository's own Dockerfile
// with the Docker daemon. The Dockerfile is FROM scratch, so nothing is
// pulled. It returns tag. The build log goes to log (nil discards).
func BuildImage(ctx context.Context, repoDir, tag string, log io.Writer) (string, error) {
	i := strings.LastIndex(tag, ":")
	repo, version := tag[:max(i, 0)], tag[i+1:]
	if i < 0 || repo == "" || version == "" || strings.Contains(version, "/") {
		return "", fmt.Errorf("zohoaep: image tag %q: want REPOSITORY:TAG", tag)
	}
	if log == nil {
		log = io.Discard
	}
	dir, err := os.MkdirTemp("", "zohoaep-image-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	if err := stageContext(ctx, repoDir, dir, log); err != nil {
		return "", err
	}
	p, err := testcontainers.NewDockerProvider()
	if err != nil {
		return "", fmt.Errorf("zohoaep: docker: %w", err)
	}
	defer p.Close()
	built, err := p.BuildImage(ctx, &testcontainers.ContainerRequest{FromDockerfile: testcontainers.FromDockerfile{
		Context: dir, Dockerfile: "Dockerfile", Repo: repo, Tag: version, KeepImage: true, BuildLogWriter: log,
	}})
	if err != nil {
		return "", fmt.Errorf("zohoaep: building %s: %w", tag, err)
	}
	return built, nil
}

// stageContext lays out in dir what the Dockerfile copies: the Dockerfile
// and .dockerignore of repoDir, dist/zohoaep built from repoDir, and the
// empty dist/data.
func stageContext(ctx context.Context, repoDir, dir string, log io.Writer) error {
	for _, name := range []string{"Dockerfile", ".dockerignore"} {
		b, err := os.ReadFile(filepath.Join(repoDir, name))
		if err != nil {
			return fmt.Errorf("zohoaep: %w (is %s a checkout of zohoaep?)", err, repoDir)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "dist", "data"), 0o755); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w",
		"-o", filepath.Join(dir, "dist", "zohoaep"), "./cmd/zohoaep")
	cmd.Dir = repoDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = log, io.MultiWriter(log, &stderr)
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("zohoaep: go build: %w: %s", err, strings.TrimSpace(stderr.String()))
		}
		return fmt.Errorf("zohoaep: go build: %w", err)
	}
	return nil
}
