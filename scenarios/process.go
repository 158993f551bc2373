package scenarios

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Process is a client in another program, played through the process
// protocol (docs/scenarios.md): for each client step the command runs
// with the step's environment variables and prints its Outcome as one
// JSON object on stdout. Asked with ZOHOAEP_INTENT=roles, it prints
// {"roles": [...]}, the roles it plays.
type Process struct {
	// Command is run with /bin/sh -c.
	Command string
	roles   []Role
}

// NewProcess asks the command which roles it plays.
func NewProcess(ctx context.Context, command string) (*Process, error) {
	p := &Process{Command: command}
	out, stderr, err := p.run(ctx, []string{"ZOHOAEP_INTENT=roles"})
	if err != nil {
		return nil, fmt.Errorf("%s: asked for its roles: %w: %s", command, err, excerpt(stderr))
	}
	var decl struct {
		Roles []Role `json:"roles"`
	}
	if err := lastJSON(out, &decl); err != nil {
		return nil, fmt.Errorf("%s: asked for its roles: %w", command, err)
	}
	for _, r := range decl.Roles {
		if _, ok := Intents[r]; !ok {
			return nil, fmt.Errorf("%s: unknown role %q", command, r)
		}
	}
	p.roles = decl.Roles
	return p, nil
}

// Name implements Client.
func (p *Process) Name() string { return p.Command }

// Roles implements Client.
func (p *Process) Roles() []Role { return p.roles }

// NeedsListener tells the engine the emulator must listen on a port.
func (p *Process) NeedsListener() bool { return true }

// Open implements Client: a state directory kept across the scenario's
// steps (ZOHOAEP_STATE_DIR).
func (p *Process) Open(scenario string) (Session, error) {
	dir, err := os.MkdirTemp("", "zohoaep-"+scenario+"-")
	if err != nil {
		return nil, err
	}
	return &processSession{p: p, dir: dir}, nil
}

func (p *Process) run(ctx context.Context, env []string) (stdout, stderr []byte, err error) {
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", p.Command)
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 2 * time.Second
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.Bytes(), e.Bytes(), err
}

type processSession struct {
	p   *Process
	dir string
}

func (s *processSession) Close() error { return os.RemoveAll(s.dir) }

func (s *processSession) step(ctx context.Context, env Env) Outcome {
	out, stderr, err := s.p.run(ctx, s.environ(env))
	var o Outcome
	if jerr := lastJSON(out, &o); jerr != nil {
		detail := jerr.Error()
		if err != nil {
			detail = err.Error()
		}
		return Failure(KindOther, "no outcome on stdout ("+detail+"): "+excerpt(stderr))
	}
	return o
}

// environ is the step's environment (docs/scenarios.md).
func (s *processSession) environ(env Env) []string {
	vars := map[string]string{
		"ZOHOAEP_SCENARIO": env.Scenario, "ZOHOAEP_ROLE": string(env.Role), "ZOHOAEP_INTENT": env.Intent,
		"ZOHOAEP_STEP": strconv.Itoa(env.Step), "ZOHOAEP_STATE_DIR": s.dir,
		"ZOHOAEP_NOW":       env.Clock().UTC().Format(time.RFC3339),
		"ZOHO_ACCOUNTS_URL": env.AccountsURL, "ZOHO_CLIENT_ID": env.ClientID, "ZOHO_CLIENT_SECRET": env.ClientSecret,
		"ZOHO_REDIRECT_URI": env.RedirectURI, "ZOHO_SCOPES": strings.Join(env.Scopes, ","), "ZOHO_STATE": env.State,
		"ZOHO_CALLBACK": env.Callback.Encode(), "ZOHO_CRM_MODULE": env.Module, "ZOHO_CRM_VERSION": env.CRMVersion,
		"ZOHO_ACCESS_TOKEN": env.ZohoAccessToken, "ZOHO_REFRESH_TOKEN": env.ZohoRefreshToken,
		"AEP_IMS_URL": env.IMSURL, "AEP_PLATFORM_URL": env.PlatformURL, "AEP_CLIENT_ID": env.IMSClientID,
		"AEP_CLIENT_SECRET": env.IMSClientSecret, "AEP_ORG_ID": env.IMSOrg, "AEP_SANDBOX": env.Sandbox,
	}
	out := make([]string, 0, len(vars))
	for k, v := range vars {
		out = append(out, k+"="+v)
	}
	return out
}

// lastJSON decodes the last line of out that is a JSON object.
func lastJSON(out []byte, v any) error {
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	for i := len(lines) - 1; i >= 0; i-- {
		line := bytes.TrimSpace(lines[i])
		if len(line) > 0 && line[0] == '{' {
			return json.Unmarshal(line, v)
		}
	}
	return errors.New("no JSON object on stdout")
}

func excerpt(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = "…" + s[len(s)-300:]
	}
	return s
}

func (s *processSession) Authorize(ctx context.Context, env Env) Outcome { return s.step(ctx, env) }
func (s *processSession) Exchange(ctx context.Context, env Env) Outcome  { return s.step(ctx, env) }
func (s *processSession) Call(ctx context.Context, env Env) Outcome      { return s.step(ctx, env) }
func (s *processSession) Read(ctx context.Context, env Env) Outcome      { return s.step(ctx, env) }
func (s *processSession) Connect(ctx context.Context, env Env) Outcome   { return s.step(ctx, env) }
func (s *processSession) Explore(ctx context.Context, env Env) Outcome   { return s.step(ctx, env) }
func (s *processSession) Delete(ctx context.Context, env Env) Outcome    { return s.step(ctx, env) }
func (s *processSession) Create(ctx context.Context, env Env) Outcome    { return s.step(ctx, env) }
func (s *processSession) Watch(ctx context.Context, env Env) Outcome     { return s.step(ctx, env) }
func (s *processSession) Reconnect(ctx context.Context, env Env) Outcome { return s.step(ctx, env) }
