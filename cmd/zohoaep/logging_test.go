package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewLogger(t *testing.T) {
	tests := []struct {
		format, level string
		wantErr       string
		check         func(*testing.T, string)
	}{
		{"json", "info", "", func(t *testing.T, out string) {
			var rec map[string]any
			require.NoError(t, json.Unmarshal([]byte(out), &rec))
			assert.Equal(t, "hello", rec["msg"])
			assert.Equal(t, "INFO", rec["level"])
		}},
		{"text", "info", "", func(t *testing.T, out string) {
			assert.Contains(t, out, "level=INFO msg=hello")
		}},
		{"text", "warn", "", func(t *testing.T, out string) { assert.Empty(t, out) }},
		{"xml", "info", "--log-format", nil},
		{"text", "loud", "--log-level", nil},
	}
	for _, tt := range tests {
		t.Run(tt.format+"/"+tt.level, func(t *testing.T) {
			var buf bytes.Buffer
			l, err := newLogger(&buf, tt.format, tt.level)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			l.Info("hello")
			tt.check(t, buf.String())
		})
	}
	assert.NotNil(t, loggerFrom(context.Background()), "a logger outside a command run discards")
}
