package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer that a running command and the test share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func envOf(m map[string]string) []string {
	var env []string
	for k, v := range m {
		env = append(env, k+"="+v)
	}
	return env
}

// run executes the real command tree once.
func execCLI(t *testing.T, ctx context.Context, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs syncBuffer
	code = execute(ctx, rootCommand(), args, envOf(env), &out, &errs)
	return code, out.String(), errs.String()
}

func TestExitCodes(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		want       int
		wantStderr string
	}{
		{"unknown command", nil, []string{"nope"}, exitUsage, `unknown command "nope"`},
		{"unknown flag", nil, []string{"serve", "--nope"}, exitUsage, "unknown flag: --nope"},
		{"bad flag value", nil, []string{"serve", "--journal-size", "lots"}, exitUsage, "--journal-size"},
		{"stray argument", nil, []string{"serve", "extra"}, exitUsage, "unknown command"},
		{"conflicting flags", nil, []string{"serve", "--seed", "w.yaml", "--empty"}, exitUsage, "exclude each other"},
		{"missing seed file", nil, []string{"serve", "--seed", "/nonexistent/w.yaml"}, exitUsage, "w.yaml"},
		{"bad variable", map[string]string{"ZOHOAEP_JOURNAL_SIZE": "lots"}, []string{"serve"}, exitUsage, "ZOHOAEP_JOURNAL_SIZE"},
		{"bad log format from a variable", map[string]string{"ZOHOAEP_LOG_FORMAT": "xml"}, []string{"serve", "--empty"}, exitUsage, "--log-format"},
		{"bad consent from a variable", map[string]string{"ZOHOAEP_CONSENT": "maybe"}, []string{"serve"}, exitUsage, "--consent"},
		{"unknown region", nil, []string{"serve", "--empty", "--region", "MARS1"}, exitUsage, "MARS1"},
		{"address in use", nil, []string{"serve", "--empty", "--addr", busy.Addr().String()}, exitListen, "listen on"},
		{"unhealthy", nil, []string{"health", "--addr", busy.Addr().String(), "--timeout", "300ms"}, exitFailure, "unhealthy"},
		{"health with a bad URL", nil, []string{"health", "--url", "ftp://x"}, exitUsage, "--url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := execCLI(t, context.Background(), tt.env, tt.args...)
			assert.Equal(t, tt.want, code, stderr)
			assert.Contains(t, stderr, tt.wantStderr)
			if tt.want == exitUsage {
				assert.Contains(t, stderr, "--help' for usage")
			}
		})
	}
}

func TestHelpTeaches(t *testing.T) {
	code, out, _ := execCLI(t, context.Background(), nil, "--help")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "ZOHOAEP_<FLAG>")
	assert.Contains(t, out, "Exit codes:")
	assert.Contains(t, out, "Examples:")
	for _, cmd := range rootCommand().Commands() {
		t.Run(cmd.Name(), func(t *testing.T) {
			assert.NotEmpty(t, cmd.Example, "every command shows examples")
			code, out, _ := execCLI(t, context.Background(), nil, cmd.Name(), "--help")
			require.Equal(t, exitOK, code)
			assert.Contains(t, out, "[$ZOHOAEP_LOG_LEVEL]", "inherited flags name their variable")
			cmd.LocalFlags().VisitAll(func(f *pflag.Flag) {
				if f.Name != "help" && !f.Hidden {
					assert.Contains(t, out, "[$"+envName(f.Name)+"]")
				}
			})
		})
	}
}

// TestEnvReachesAnySubcommand adds a subcommand the way another package
// would and sets its flags, and the root's, from the environment only.
func TestEnvReachesAnySubcommand(t *testing.T) {
	root := rootCommand()
	var got struct {
		target     string
		count      int
		fromPreRun string
	}
	probe := &cobra.Command{
		Use: "probe",
		// its own hook runs too, after the root's has read the environment
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			got.fromPreRun, _ = cmd.Flags().GetString("target")
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			loggerFrom(cmd.Context()).Debug("probing", "target", got.target)
			return nil
		},
	}
	probe.Flags().StringVar(&got.target, "target", "", "")
	probe.Flags().IntVar(&got.count, "count", 1, "")
	root.AddCommand(probe)
	var out, errs syncBuffer
	code := execute(context.Background(), root, []string{"probe", "--count", "3"}, envOf(map[string]string{
		"ZOHOAEP_TARGET": "http://emulator:9595", "ZOHOAEP_COUNT": "9",
		"ZOHOAEP_LOG_FORMAT": "json", "ZOHOAEP_LOG_LEVEL": "debug",
	}), &out, &errs)
	require.Equal(t, exitOK, code, errs.String())
	assert.Equal(t, "http://emulator:9595", got.target)
	assert.Equal(t, "http://emulator:9595", got.fromPreRun)
	assert.Equal(t, 3, got.count, "the flag wins")
	var rec map[string]any
	require.NoError(t, json.Unmarshal([]byte(errs.String()), &rec), errs.String())
	assert.Equal(t, "probing", rec["msg"])
}

// TestMisspeltVariableWarns: a ZOHOAEP_* variable that no flag of any
// command stands for is logged, not silently ignored.
func TestMisspeltVariableWarns(t *testing.T) {
	code, _, stderr := execCLI(t, context.Background(), map[string]string{
		"ZOHOAEP_CONSNET": "deny", "ZOHOAEP_IMAGE": "zohoaep:dev", "ZOHOAEP_ADDR": "127.0.0.1:1", "ZOHOAEP_BARE_CHILD": "true",
	}, "health", "--url", "http://127.0.0.1:1", "--timeout", "100ms")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "ignoring ZOHOAEP_CONSNET")
	assert.Contains(t, stderr, "ignoring ZOHOAEP_BARE_CHILD", "a hidden flag has no variable")
	assert.NotContains(t, stderr, "ZOHOAEP_IMAGE", "a compose variable, not a flag")
	assert.NotContains(t, stderr, "ignoring ZOHOAEP_ADDR", "serve's flag, though health's too")
}

// TestServeShutsDownGracefully serves the way a container does (all
// configuration in the environment), asks `health`, then cancels the
// context as SIGTERM does and expects exit code 0 and the last log line.
func TestServeShutsDownGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errs syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- execute(ctx, rootCommand(), []string{"serve"}, envOf(map[string]string{
			"ZOHOAEP_ADDR": "127.0.0.1:0", "ZOHOAEP_LOG_FORMAT": "json", "ZOHOAEP_EMPTY": "true",
		}), &out, &errs)
	}()
	listening := regexp.MustCompile(`listening on (http://\S+)`)
	var base string
	require.Eventually(t, func() bool {
		m := listening.FindStringSubmatch(out.String())
		if m != nil {
			base = m[1]
		}
		return m != nil
	}, 10*time.Second, 10*time.Millisecond, "stderr: %s", errs.String())

	code, stdout, stderr := execCLI(t, context.Background(), nil, "health", "--url", base)
	assert.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "ok\n", stdout)
	_, port, _ := strings.Cut(strings.TrimPrefix(base, "http://"), ":")
	code, _, stderr = execCLI(t, context.Background(), map[string]string{"ZOHOAEP_ADDR": "0.0.0.0:" + port}, "health")
	assert.Equal(t, exitOK, code, "an unspecified host means loopback: %s", stderr)

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code, errs.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	lines := strings.Split(strings.TrimSpace(errs.String()), "\n")
	var last map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &last), errs.String())
	assert.Equal(t, "stopped", last["msg"])
	assert.Contains(t, errs.String(), `"msg":"serving"`)
}

func TestHealthTarget(t *testing.T) {
	tests := []struct {
		f       healthFlags
		want    string
		wantErr string
	}{
		{healthFlags{addr: "127.0.0.1:9595"}, "http://127.0.0.1:9595/_emulator/health", ""},
		{healthFlags{addr: "0.0.0.0:9595"}, "http://127.0.0.1:9595/_emulator/health", ""},
		{healthFlags{addr: ":9595"}, "http://127.0.0.1:9595/_emulator/health", ""},
		{healthFlags{addr: "[::]:9595"}, "http://[::1]:9595/_emulator/health", ""},
		{healthFlags{addr: "emulator:9595"}, "http://emulator:9595/_emulator/health", ""},
		{healthFlags{addr: "x", url: "http://127.0.0.1:1/"}, "http://127.0.0.1:1/_emulator/health", ""},
		{healthFlags{addr: "9595"}, "", "--addr"},
		{healthFlags{url: "127.0.0.1:9595"}, "", "--url"},
	}
	for _, tt := range tests {
		got, err := tt.f.target()
		if tt.wantErr != "" {
			assert.ErrorContains(t, err, tt.wantErr)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tt.want, got)
	}
}
