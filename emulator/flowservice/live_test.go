package flowservice_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// fakeLive is a Live that answers from the connection's credentials.
type fakeLive struct {
	seen []flowservice.ExploreQuery
}

func (f *fakeLive) Test(_ context.Context, conn flowservice.Connection) (bool, error) {
	return conn.Auth.Params["refreshToken"] != "revoked", nil
}

func (f *fakeLive) Explore(_ context.Context, conn flowservice.Connection, q flowservice.ExploreQuery) (any, error) {
	f.seen = append(f.seen, q)
	switch {
	case conn.Auth.Params["accessToken"] == "broken":
		return nil, errors.New("transport failed")
	case q.ObjectType == "root":
		return []map[string]any{{"type": "table", "name": "Leads", "path": "Leads", "canPreview": true, "canFetchSchema": true}}, nil
	case q.Object == "Nothing":
		return nil, &flowservice.Error{Prefix: "FLOW", Code: "1330-400", Title: "Bad Request",
			Message: "No columns were found for table Nothing. Please provide a valid table name and try again."}
	}
	return map[string]any{"format": "flat", "schema": map[string]any{"columns": []map[string]any{
		{"name": "Email", "type": "string", "xdm": map[string]any{"type": "string"}}}}}, nil
}

// TestLiveHooks: without a Live, test and explore refuse in Adobe's
// envelope; with one, they serve its answers, secrets included.
func TestLiveHooks(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	id, _ := created(t, w.do(t, post(fs+"/connections", zohoConnection("z"))))
	explore := func(q string) req { return get(fs + "/connections/" + id + "/explore" + q) }

	flowError(t, w.do(t, get(fs+"/connections/"+id+"/test")), "1305-400")
	m := flowError(t, w.do(t, explore("?objectType=root")), "1336-400")
	assert.Equal(t, "Explore connection is not supported for connection spec ID: "+flowservice.SpecZohoCRM+". Please provide supported connection spec id and try again.", m["errorMessage"])

	live := &fakeLive{}
	w.svc.SetLive(live)
	assert.JSONEq(t, `{"result":true}`, w.do(t, get(fs+"/connections/"+id+"/test")).Body.String())
	rec := w.do(t, explore("?objectType=root"))
	require.Equal(t, http.StatusOK, rec.Code)
	assert.JSONEq(t, `[{"type":"table","name":"Leads","path":"Leads","canPreview":true,"canFetchSchema":true}]`, rec.Body.String())
	rec = w.do(t, explore("?objectType=TABLE&object=Leads&preview=true&fileType=Delimited"))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	last := live.seen[len(live.seen)-1]
	assert.Equal(t, flowservice.ExploreQuery{ObjectType: "table", Object: "Leads", FileType: "Delimited", Preview: true, Raw: last.Raw}, last)

	flowError(t, w.do(t, explore("").badReq()), "1334-400")
	flowError(t, w.do(t, explore("?objectType=drawer").badReq()), "1358-400")
	flowError(t, w.do(t, explore("?objectType=table")), "1337-400")
	flowError(t, w.do(t, explore("?objectType=table&object=Leads&preview=sure").badReq()), "1453-400")
	flowError(t, w.do(t, explore("?objectType=table&object=Nothing")), "1330-400")
	flowError(t, w.do(t, get(fs+"/connections/00000000-0000-4000-8000-000000000000/test")), "1439-404")

	// A failure of the engine is Flow Service's internal error.
	_, err := w.svc.UpdateConnection(tenantProd, id, func(c *flowservice.Connection) error {
		c.Auth.Params["accessToken"] = "broken"
		c.Auth.Params["refreshToken"] = "revoked"
		return nil
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"result":false}`, w.do(t, get(fs+"/connections/"+id+"/test")).Body.String())
	rec, violations := w.judge(explore("?objectType=root"))
	assert.Empty(t, violations)
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, "https://ns.adobe.com/aep/errors/FLOW-1102-500", decode(t, rec)["type"])

	// The engine's credential write-back is the platform's change.
	conn, _ := w.svc.Connection(tenantProd, id)
	assert.Equal(t, flowservice.System, conn.UpdatedBy)
	assert.Equal(t, user, conn.CreatedBy)

	w.svc.SetLive(nil)
	flowError(t, w.do(t, get(fs+"/connections/"+id+"/test")), "1305-400")
}
