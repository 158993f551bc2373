package main

import (
	"errors"
	"fmt"
)

// Exit codes that scripts can rely on (README, `zohoaep --help`).
const (
	exitOK          = 0   // success; serve: stopped by SIGTERM or SIGINT after a graceful shutdown
	exitFailure     = 1   // a runtime failure (health: the emulator is not healthy)
	exitUsage       = 2   // a usage error: unknown command or flag, bad flag or ZOHOAEP_* value, bad configuration
	exitListen      = 3   // serve could not listen on its address (in use, not permitted)
	exitInterrupted = 130 // a command other than serve was cut short by SIGINT or SIGTERM
)

// exitCodes is the table printed by `zohoaep --help`.
const exitCodes = `Exit codes:
  0    success (serve: stopped by SIGTERM or SIGINT after a graceful shutdown)
  1    runtime failure (health: the emulator is not healthy)
  2    usage error: unknown command or flag, bad flag or ZOHOAEP_* value, bad configuration
  3    serve could not listen on its address (in use, not permitted)
  130  a command other than serve was cut short by SIGINT or SIGTERM`

// exitError carries the exit code an error ends the process with.
type exitError struct {
	code     int
	err      error
	reported bool // the command already said why: print nothing more
}

// reportedExit ends the process with code after the command has itself
// said why (a report, its own error lines).
func reportedExit(code int) error {
	return &exitError{code: code, err: fmt.Errorf("exit status %d", code), reported: true}
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks err as the user's mistake: exit code 2.
func usageError(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: exitUsage, err: err}
}

// usageErrorf is usageError(fmt.Errorf(...)).
func usageErrorf(format string, a ...any) error { return usageError(fmt.Errorf(format, a...)) }

// exitCode is the code err ends the process with: its own if it carries
// one, 2 if it came before the command ran (cobra's parsing and argument
// checks, the environment, the log settings), 130 if a signal cut the
// command short, 1 otherwise.
func exitCode(err error, ran, signalled bool) int {
	var e *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &e):
		return e.code
	case !ran:
		return exitUsage
	case signalled:
		return exitInterrupted
	}
	return exitFailure
}
