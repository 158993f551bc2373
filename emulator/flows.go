package emulator

import (
	"context"
	"net/http"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
)

// flowIMS adapts Adobe IMS to what the Flow Service gateway needs of it;
// the two services never import each other.
type flowIMS struct{ ims *adobeims.Service }

func (a flowIMS) Verify(token string) (flowservice.Identity, error) {
	t, err := a.ims.Verify(token)
	if err != nil {
		return flowservice.Identity{}, err
	}
	return flowservice.Identity{ClientID: t.ClientID, OrgID: t.OrgID, UserID: t.UserID, Scopes: t.Scopes, Expires: t.Expires}, nil
}

func (a flowIMS) Sandbox(orgID, name string) (flowservice.SandboxInfo, bool) {
	sb, ok := a.ims.Sandbox(orgID, name)
	return flowservice.SandboxInfo{Name: sb.Name, ID: sb.ID, Type: sb.Type}, ok
}

// RunDue runs every dataflow window that has fallen due on the virtual
// clock. Flow Service requests do this first, so advancing the clock and
// then reading runs or datasets shows exactly what production would.
func (e *Emulator) RunDue(ctx context.Context) error {
	return e.source.CatchUp(ctx, e.now())
}

func (e *Emulator) runDue(r *http.Request) {
	if err := e.RunDue(r.Context()); err != nil {
		e.log.Warn("dataflow runs", "err", err)
	}
}

// Source returns the Zoho CRM connector runtime (runs, regions).
func (e *Emulator) Source() *zohosource.Engine { return e.source }
