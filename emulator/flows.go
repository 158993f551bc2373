package emulator

import (
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/flowservice"
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
