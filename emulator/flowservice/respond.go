package flowservice

import (
	"net/http"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// idEtag is the answer to a create, a PATCH and an action: {"id","etag"}.
type idEtag struct {
	ID   string `json:"id"`
	Etag string `json:"etag"`
}

// itemsBody is the answer to a GET by id: {"items":[doc]} (reference §3).
type itemsBody struct {
	Items []any `json:"items"`
}

func one(v any) itemsBody { return itemsBody{Items: []any{v}} }

// created is a 201 {"id","etag"} with the new resource's Location (an
// absolute URL on the emulator; Adobe's format is UNCONFIRMED).
func (c *call) created(collection, id, etag string) httpx.Response {
	loc := httpx.LandingOf(c.r).Base + FlowBase + "/" + collection + "/" + id
	return httpx.Response{Status: http.StatusCreated, Header: http.Header{"Location": {loc}}, Body: idEtag{id, etag}}
}

// noContent is a DELETE's 204 with no body.
var noContent = httpx.Response{Status: http.StatusNoContent}

// meta is the audit part of a document the call creates.
func (c *call) meta() Meta {
	return Meta{CreatedAt: c.ms(), UpdatedAt: c.ms(), CreatedBy: c.who.by, UpdatedBy: c.who.by,
		CreatedClient: c.who.client, UpdatedClient: c.who.client, SandboxID: c.sb.ID, SandboxName: c.sb.Name, IMSOrgID: c.t.Org}
}

// touch records a change by the call: updated fields and a new etag
// (version is the same value).
func (c *call) touch(m *Meta, etag, version *string) {
	m.UpdatedAt, m.UpdatedBy, m.UpdatedClient = c.ms(), c.who.by, c.who.client
	*etag = newEtag(c.now)
	if version != nil {
		*version = *etag
	}
}

// space is the call's tenant space, made on first use.
func (s *Service) space(c *call) *space { return s.st.space(c.t, c.sb.ID) }

// draftMode reads ?mode=draft of a create: "" creates enabled, "draft" a
// draft (reference §3, [DRAFT]); anything else is 1453.
func draftMode(c *call) (string, error) {
	switch mode := c.r.URL.Query().Get("mode"); mode {
	case "":
		return StateEnabled, nil
	case StateDraft:
		return StateDraft, nil
	default:
		return "", errQueryValue("mode=" + mode)
	}
}

// changeable reports whether a resource in state may be updated or
// deleted (1416): enabled, disabled, initializing, and drafts.
func changeable(state string) bool {
	switch state {
	case StateEnabled, StateDisabled, StateInitializing, StateDraft:
		return true
	}
	return false
}

// publish is the action of a draft: op=publish makes it enabled; the
// provider-only finalize operations are 1402; others 1398; a missing op
// 1359.
func publish(c *call, state *string) error {
	op, ok := c.r.URL.Query()["op"]
	if !ok || op[0] == "" {
		return errParamMissing("op")
	}
	switch lower(op[0]) {
	case "publish":
		if *state != StateDraft {
			return errAction(lower(op[0]), *state)
		}
		*state = StateEnabled
		return nil
	case "finalize", "finalize_update":
		return errFinalize(lower(op[0]))
	}
	return errOperation(op[0])
}

func lower(s string) string { return strings.ToLower(s) }
