package main

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestExitCode(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name           string
		err            error
		ran, signalled bool
		want           int
	}{
		{"success", nil, true, false, exitOK},
		{"failure while running", boom, true, false, exitFailure},
		{"failure before running is usage", boom, false, false, exitUsage},
		{"usage error while running", usageError(boom), true, false, exitUsage},
		{"wrapped usage error", fmt.Errorf("x: %w", usageErrorf("y")), true, false, exitUsage},
		{"listen failure", &exitError{code: exitListen, err: boom}, true, false, exitListen},
		{"cut short by a signal", context.Canceled, true, true, exitInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, exitCode(tt.err, tt.ran, tt.signalled))
		})
	}
	assert.NoError(t, usageError(nil))
}
