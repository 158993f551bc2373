package zohoaep

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/testcontainers/testcontainers-go"
)

// Port is the emulator's port inside the container.
const Port = "9595/tcp"

// HealthPath answers 200 {"status":"ok"} once the emulator serves.
const HealthPath = "/_emulator/health"

// Container is a running zohoaep emulator.
type Container struct {
	testcontainers.Container
}

// Run starts the emulator image img (for example "zohoaep:dev", or the
// tag BuildImage returned) and waits until it is healthy. Without options
// it serves the embedded demo world on a real-time clock, in memory. The
// options of this package and any testcontainers.ContainerCustomizer
// apply in order. As with every module, a non-nil Container may come back
// with an error: terminate it.
func Run(ctx context.Context, img string, opts ...testcontainers.ContainerCustomizer) (*Container, error) {
	defaults := []testcontainers.ContainerCustomizer{
		testcontainers.WithExposedPorts(Port),
		testcontainers.WithHostConfigModifier(publishOnLoopback),
		testcontainers.WithWaitStrategy(healthy{}),
	}
	ctr, err := testcontainers.Run(ctx, img, append(defaults, opts...)...)
	var c *Container
	if ctr != nil {
		c = &Container{Container: ctr}
	}
	if err != nil {
		return c, fmt.Errorf("run zohoaep: %w", err)
	}
	return c, nil
}

// publishOnLoopback binds the published port to 127.0.0.1 only: an
// emulator holding (fake) credentials is no business of the network. (A
// remote Docker daemon's loopback is not this machine's: there, give
// testcontainers.WithHostConfigModifier bindings of your own.)
func publishOnLoopback(hc *container.HostConfig) {
	port := network.MustParsePort(Port)
	if hc.PortBindings == nil {
		hc.PortBindings = network.PortMap{}
	}
	hc.PortBindings[port] = []network.PortBinding{{HostIP: netip.MustParseAddr("127.0.0.1")}}
}

// BaseURL is where the emulator answers, e.g. http://127.0.0.1:32768:
// every service under its production path.
func (c *Container) BaseURL(ctx context.Context) (string, error) {
	host, err := hostOf(ctx, c)
	if err != nil {
		return "", err
	}
	port, err := c.MappedPort(ctx, Port)
	if err != nil {
		return "", err
	}
	return "http://" + net.JoinHostPort(host, port.Port()), nil
}

// AccountsURL is the Zoho Accounts server of data centre dc ("us" or ""
// for the root, else eu, in, au, cn, jp, ca, sa, uk, ae): the
// accounts-server a client is told, under which /oauth/v2/token lives.
func (c *Container) AccountsURL(ctx context.Context, dc string) (string, error) {
	return c.dcURL(ctx, dc)
}

// APIDomain is the Zoho CRM API domain of data centre dc (as
// AccountsURL), under which /crm/v8/... lives; the token answer's
// api_domain names the same.
func (c *Container) APIDomain(ctx context.Context, dc string) (string, error) {
	return c.dcURL(ctx, dc)
}

// IMSURL is the Adobe IMS base (ims-na1.adobelogin.com), under which
// /ims/token/v3 lives.
func (c *Container) IMSURL(ctx context.Context) (string, error) { return c.BaseURL(ctx) }

// PlatformURL is the AEP platform gateway base (platform.adobe.io), under
// which /data/foundation/... lives.
func (c *Container) PlatformURL(ctx context.Context) (string, error) { return c.BaseURL(ctx) }

// FlowServiceURL is the Flow Service API root,
// <PlatformURL>/data/foundation/flowservice.
func (c *Container) FlowServiceURL(ctx context.Context) (string, error) {
	return c.under(ctx, "/data/foundation/flowservice")
}

// ControlURL is the emulator's control API root, <BaseURL>/_emulator:
// health, reset, clock, journal, faults, state.
func (c *Container) ControlURL(ctx context.Context) (string, error) {
	return c.under(ctx, "/_emulator")
}

func (c *Container) under(ctx context.Context, path string) (string, error) {
	base, err := c.BaseURL(ctx)
	if err != nil {
		return "", err
	}
	return base + path, nil
}

func (c *Container) dcURL(ctx context.Context, dc string) (string, error) {
	dc = strings.ToLower(dc)
	if dc == "" || dc == "us" {
		return c.BaseURL(ctx)
	}
	if !validDC(dc) {
		return "", fmt.Errorf("zohoaep: no Zoho data centre %q (want us, eu, in, au, cn, jp, ca, sa, uk or ae)", dc)
	}
	return c.under(ctx, "/dc/"+dc)
}

// validDC: the data centres the emulator serves under /dc/{location}.
func validDC(dc string) bool {
	switch dc {
	case "eu", "in", "au", "cn", "jp", "ca", "sa", "uk", "ae":
		return true
	}
	return false
}
