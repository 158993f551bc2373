package control

import (
	"net/http"
	"time"
)

// getClock serves GET /_emulator/clock.
func (a *API) getClock(*http.Request) (any, error) { return a.deps.Clock.State(), nil }

// freezeClock serves POST /_emulator/clock/freeze.
func (a *API) freezeClock(*http.Request) (any, error) {
	a.deps.Clock.Freeze()
	return a.deps.Clock.State(), nil
}

// resumeClock serves POST /_emulator/clock/resume.
func (a *API) resumeClock(*http.Request) (any, error) {
	a.deps.Clock.Resume()
	return a.deps.Clock.State(), nil
}

type setClockRequest struct {
	Time string `json:"time"` // RFC 3339
}

// setClock serves POST /_emulator/clock/set.
func (a *API) setClock(r *http.Request) (any, error) {
	var in setClockRequest
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if in.Time == "" {
		return nil, invalid("time is required")
	}
	t, err := time.Parse(time.RFC3339, in.Time)
	if err != nil {
		return nil, invalid("time %q is not an RFC 3339 instant", in.Time)
	}
	a.deps.Clock.Set(t)
	return a.deps.Clock.State(), nil
}

type advanceClockRequest struct {
	By string `json:"by"` // a Go duration; negative goes back
}

// advanceClock serves POST /_emulator/clock/advance.
func (a *API) advanceClock(r *http.Request) (any, error) {
	var in advanceClockRequest
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if in.By == "" {
		return nil, invalid("by is required")
	}
	d, err := time.ParseDuration(in.By)
	if err != nil {
		return nil, invalid("by %q is not a Go duration such as \"1h30m\"", in.By)
	}
	a.deps.Clock.Advance(d)
	return a.deps.Clock.State(), nil
}
