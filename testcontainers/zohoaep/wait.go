package zohoaep

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/testcontainers/testcontainers-go/wait"
)

// StartupTimeout bounds how long Run waits for the emulator to be healthy.
const StartupTimeout = 30 * time.Second

// healthy waits until GET /_emulator/health answers 200 on the published
// port, or the container exits (a usage error, say), whichever is first.
// Unlike wait.ForHTTP it asks the host the port is published on (see
// hostOf), so it needs no TESTCONTAINERS_HOST_OVERRIDE where testcontainers
// believes itself inside a container.
type healthy struct{}

var _ wait.Strategy = healthy{}

func (healthy) WaitUntilReady(ctx context.Context, target wait.StrategyTarget) error {
	ctx, cancel := context.WithTimeout(ctx, StartupTimeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		state, err := target.State(ctx)
		if err == nil && !state.Running && state.Status != "created" {
			return fmt.Errorf("the emulator exited with code %d before it was healthy", state.ExitCode)
		}
		if err == nil && answersHealth(ctx, client, target) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the emulator was not healthy within %s: %w", StartupTimeout, ctx.Err())
		case <-tick.C:
		}
	}
}

func answersHealth(ctx context.Context, client *http.Client, target wait.StrategyTarget) bool {
	host, err := hostOf(ctx, target)
	if err != nil {
		return false
	}
	port, err := target.MappedPort(ctx, Port)
	if err != nil {
		return false
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port.Port())+HealthPath, nil)
	if err != nil {
		return false
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// hostOf is the host the emulator's port is reached on: 127.0.0.1, where
// Run publishes it, unless TESTCONTAINERS_HOST_OVERRIDE names another.
// (testcontainers' own guess, the Docker bridge's gateway when it finds
// /.dockerenv, does not reach a port published on loopback.)
func hostOf(ctx context.Context, target interface {
	Host(context.Context) (string, error)
}) (string, error) {
	if os.Getenv("TESTCONTAINERS_HOST_OVERRIDE") == "" {
		return "127.0.0.1", nil
	}
	return target.Host(ctx)
}
