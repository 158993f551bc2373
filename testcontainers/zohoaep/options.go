package zohoaep

import (
	"path"
	"path/filepath"
	"time"

	"github.com/testcontainers/testcontainers-go"
)

// SeedDir is where WithSeedFile puts the seed inside the container.
const SeedDir = "/seed"

// DataDir is the image's state directory, owned by its user, 65532.
const DataDir = "/data"

// WithSeedFile starts the emulator with the world in the YAML or JSON file
// at hostPath (the format of GET /_emulator/state) instead of the demo
// world: the file is copied into the container and named by ZOHOAEP_SEED.
func WithSeedFile(hostPath string) testcontainers.CustomizeRequestOption {
	inside := path.Join(SeedDir, filepath.Base(hostPath))
	return func(req *testcontainers.GenericContainerRequest) error {
		if err := testcontainers.WithFiles(testcontainers.ContainerFile{
			HostFilePath: hostPath, ContainerFilePath: inside, FileMode: 0o444,
		})(req); err != nil {
			return err
		}
		return testcontainers.WithEnv(map[string]string{"ZOHOAEP_SEED": inside})(req)
	}
}

// WithEmptyWorld starts the emulator with no world at all (ZOHOAEP_EMPTY).
func WithEmptyWorld() testcontainers.CustomizeRequestOption {
	return env("ZOHOAEP_EMPTY", "true")
}

// WithFrozenClock starts the virtual clock frozen at at (ZOHOAEP_FROZEN_AT);
// the control API's /_emulator/clock moves it. Without it the clock
// follows wall time.
func WithFrozenClock(at time.Time) testcontainers.CustomizeRequestOption {
	return env("ZOHOAEP_FROZEN_AT", at.UTC().Format(time.RFC3339))
}

// WithRegion sets the AEP region whose egress IP the dataflows call Zoho
// from (ZOHOAEP_REGION): VA7 (the default), NLD2, AUS5, CAN2 or IND2.
func WithRegion(region string) testcontainers.CustomizeRequestOption {
	return env("ZOHOAEP_REGION", region)
}

// WithConsent sets how Zoho Accounts answers an authorization request
// (ZOHOAEP_CONSENT): "interactive" (a sign-in and consent page, the
// default), "deny", or "approve:<user email>" (a code at once).
func WithConsent(mode string) testcontainers.CustomizeRequestOption {
	return env("ZOHOAEP_CONSENT", mode)
}

// WithDataDir keeps the emulator's state in dir inside the container
// (ZOHOAEP_DATA_DIR, serve's --data-dir): DataDir is the image's own,
// writable by its user. Mount something there for the state to outlive
// the container, or use WithDataVolume.
func WithDataDir(dir string) testcontainers.CustomizeRequestOption {
	return env("ZOHOAEP_DATA_DIR", dir)
}

// WithDataVolume mounts the named Docker volume (created if need be) at
// DataDir and keeps the emulator's state there, so that a later
// container with the same volume starts where this one stopped.
func WithDataVolume(volume string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		req.Mounts = append(req.Mounts, testcontainers.VolumeMount(volume, DataDir))
		return WithDataDir(DataDir)(req)
	}
}

// WithLogLevel sets the emulator's log level (ZOHOAEP_LOG_LEVEL): debug
// logs one line per exchange. Logs are JSON on the container's stderr.
func WithLogLevel(level string) testcontainers.CustomizeRequestOption {
	return env("ZOHOAEP_LOG_LEVEL", level)
}

// WithFlags passes any other `zohoaep serve` flags, e.g.
// WithFlags("--crm-records", "Leads=100000"); it may be given more than once.
func WithFlags(flags ...string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		if len(req.Cmd) == 0 {
			req.Cmd = []string{"serve"}
		}
		req.Cmd = append(req.Cmd, flags...)
		return nil
	}
}

func env(name, value string) testcontainers.CustomizeRequestOption {
	return testcontainers.WithEnv(map[string]string{name: value})
}
