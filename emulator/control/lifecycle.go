package control

import "net/http"

// health serves GET /_emulator/health.
func (a *API) health(*http.Request) (any, error) { return status{Status: "ok"}, nil }

// ready serves GET /_emulator/ready. An API that serves is ready: the
// emulator is built whole before it listens.
func (a *API) ready(*http.Request) (any, error) { return status{Status: "ready"}, nil }

type resetRequest struct {
	Tenant string `json:"tenant"`
}

// reset serves POST /_emulator/reset: everything, or one tenant.
func (a *API) reset(r *http.Request) (any, error) {
	var in resetRequest
	if _, err := decodeOptional(r, &in); err != nil {
		return nil, err
	}
	if err := a.deps.World.Reset(in.Tenant); err != nil {
		return nil, err
	}
	return status{Status: "reset", Tenant: in.Tenant}, nil
}
