package control

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/internal/clock"
)

// TestClockRoundTrip walks one clock through freeze, advance, set and
// resume; each step answers the clock's new state.
func TestClockRoundTrip(t *testing.T) {
	f := newFixture(t)
	at := func(d time.Duration) time.Time { return wall.Add(d) }
	steps := []struct {
		method, path string
		body         any
		now          time.Time
		frozen       bool
		offset       string
	}{
		{http.MethodGet, "/_emulator/clock", nil, wall, false, "0s"},
		{http.MethodPost, "/_emulator/clock/freeze", nil, wall, true, "0s"},
		{http.MethodPost, "/_emulator/clock/freeze", nil, wall, true, "0s"},
		{http.MethodPost, "/_emulator/clock/advance", map[string]string{"by": "1h30m"}, at(90 * time.Minute), true, "1h30m0s"},
		{http.MethodPost, "/_emulator/clock/advance", map[string]string{"by": "-30m"}, at(time.Hour), true, "1h0m0s"},
		{http.MethodPost, "/_emulator/clock/advance", map[string]string{"by": "1.5s"}, at(time.Hour + 1500*time.Millisecond), true, "1h0m1.5s"},
		{http.MethodPost, "/_emulator/clock/set", map[string]string{"time": "2030-01-01T00:00:00Z"},
			time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), true, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Sub(wall).String()},
		{http.MethodPost, "/_emulator/clock/set", map[string]string{"time": "2025-03-01T13:00:00+01:00"}, wall, true, "0s"},
		{http.MethodPost, "/_emulator/clock/resume", nil, wall, false, "0s"},
		{http.MethodPost, "/_emulator/clock/advance", map[string]string{"by": "10m"}, at(10 * time.Minute), false, "10m0s"},
		{http.MethodPost, "/_emulator/clock/resume", nil, at(10 * time.Minute), false, "10m0s"},
		{http.MethodPost, "/_emulator/clock/set", map[string]string{"time": "2025-03-01T11:00:00.250Z"},
			at(-59*time.Minute - 59750*time.Millisecond), false, "-59m59.75s"},
		{http.MethodGet, "/_emulator/clock", nil, at(-59*time.Minute - 59750*time.Millisecond), false, "-59m59.75s"},
	}
	for _, s := range steps {
		rec := f.do(t, s.method, s.path, s.body)
		require.Equal(t, http.StatusOK, rec.Code, "%s %s: %s", s.method, s.path, rec.Body.String())
		st := result[clock.State](t, rec)
		assert.True(t, s.now.Equal(st.Now), "%s %v: now %v, want %v", s.path, s.body, st.Now, s.now)
		assert.Equal(t, s.frozen, st.Frozen, "%s %v", s.path, s.body)
		assert.Equal(t, s.offset, st.Offset, "%s %v", s.path, s.body)
		assert.True(t, s.now.Equal(f.clock.Now()), "the clock itself moved")
	}
}

func TestClockErrors(t *testing.T) {
	tests := []struct {
		name, path string
		body       any
		want       expect
		code       string
	}{
		{"set: not a time", "/_emulator/clock/set", map[string]string{"time": "tomorrow"}, badRequest, CodeInvalid},
		{"set: no zone", "/_emulator/clock/set", map[string]string{"time": "2030-01-01T00:00:00"}, badRequest, CodeInvalid},
		{"set: missing time", "/_emulator/clock/set", map[string]string{}, badRequest, CodeInvalid},
		{"set: a number", "/_emulator/clock/set", `{"time":1700000000}`, badRequest, CodeInvalidJSON},
		{"advance: not a duration", "/_emulator/clock/advance", map[string]string{"by": "soon"}, badRequest, CodeInvalid},
		{"advance: spaces", "/_emulator/clock/advance", map[string]string{"by": "1h 30m"}, badRequest, CodeInvalid},
		{"advance: no unit", "/_emulator/clock/advance", map[string]string{"by": "90"}, badRequest, CodeInvalid},
		{"advance: missing by", "/_emulator/clock/advance", map[string]string{}, badRequest, CodeInvalid},
		{"advance: seconds as a number", "/_emulator/clock/advance", `{"by":90}`, badRequest, CodeInvalidJSON},
		{"advance: unknown field", "/_emulator/clock/advance", `{"by":"1h","frozen":true}`, badRequest, CodeInvalidJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			requireError(t, f.do(t, http.MethodPost, tt.path, tt.body, tt.want), http.StatusBadRequest, tt.code)
			assert.Equal(t, clock.State{Now: wall, Offset: "0s"}, f.clock.State(), "a refused request leaves the clock")
		})
	}
}

// TestDurationPattern keeps the contract's Go-duration pattern and
// time.ParseDuration in step on the forms a client is likely to send.
func TestDurationPattern(t *testing.T) {
	for _, by := range []string{"0", "0s", "-5m", "+2h", "1h30m", "1.5s", ".5s", "1.s", "300ms", "10us", "10µs", "1h0m0.001s"} {
		f := newFixture(t)
		rec := f.do(t, http.MethodPost, "/_emulator/clock/advance", map[string]string{"by": by})
		assert.Equal(t, http.StatusOK, rec.Code, "%s: %s", by, rec.Body.String())
	}
}
