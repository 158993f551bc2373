package bench

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// Against a target in another process, the bare handler runs in another
// process too: each side then pays the same boundary (a context switch
// per exchange, two Go runtimes on the cores), and the ratio measures
// the emulator, not where it runs.

// StartBareProcess starts cmd, a command that serves the bare handler
// (ServeBareProcess, e.g. `zohoaep bench --bare-child`), and returns its
// base URL. stop ends it: its standard input closes, which the child
// takes as the sign to go.
func StartBareProcess(cmd *exec.Cmd) (base string, pid int, stop func() error, err error) {
	in, err := cmd.StdinPipe()
	if err != nil {
		return "", 0, nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", 0, nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", 0, nil, err
	}
	stop = func() error {
		_ = in.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			return err
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			return <-done
		}
	}
	// The first line is the URL; a child that says nothing soon is not
	// serving the bare handler, and goes.
	first := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		first <- strings.TrimSpace(line)
	}()
	select {
	case base = <-first:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		_ = stop()
		return "", 0, nil, fmt.Errorf("bench: %s did not serve the bare handler (it said %q)", cmd.Path, base)
	}
	return base, cmd.Process.Pid, stop, nil
}

// ServeBareProcess is the child's side: it serves the bare handler on a
// loopback port, writes the base URL as one line to out, and returns when
// in ends.
func ServeBareProcess(in io.Reader, out io.Writer) error {
	base, stop, err := ServeBare()
	if err != nil {
		return err
	}
	defer stop()
	if _, err := fmt.Fprintln(out, base); err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, in)
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return err
}
