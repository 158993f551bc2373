package flowservice_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zohoaep/zohoaep/emulator/flowservice"
)

// TestBadInputChangesNothing: malformed JSON, wrong types, oversized
// bodies and missing headers get Adobe's own errors on every endpoint that
// writes, never a 500, and leave the state as it was.
func TestBadInputChangesNothing(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	p := w.build(t, "prod")
	huge := `{"name":"` + strings.Repeat("x", 1<<20) + `"}`
	writes := []req{
		post(fs+"/connections", ""), post(fs+"/sourceConnections", ""), post(fs+"/targetConnections", ""),
		post(fs+"/flows", ""), post(catalog+"/dataSets", ""), post(prep+"/mappingSets", ""),
		patch(fs+"/connections/"+p.base, p.baseEtag, ""), patch(fs+"/flows/"+p.flow, p.flowEtag, ""),
		patch(fs+"/sourceConnections/"+p.source, `"x"`, ""), patch(fs+"/targetConnections/"+p.target, `"x"`, ""),
	}
	bodies := map[string]string{
		"malformed":          `{"name":`,
		"not JSON":           `name=x`,
		"a string":           `"x"`,
		"a number":           `42`,
		"wrong types":        `{"name":["x"],"auth":7,"connectionSpec":"zoho","params":1,"data":false,"flowSpec":null,"op":{}}`,
		"deeply nested":      strings.Repeat("[", 600) + strings.Repeat("]", 600),
		"control characters": "{\"name\":\"\x00\x01\"}",
		"invalid UTF-8":      "{\"name\":\"\xff\xfe\"}",
		"too large":          huge,
	}
	before := w.snapshot(t)
	for _, base := range writes {
		for name, body := range bodies {
			r := base
			r.body = body
			r.bad = true
			rec, violations := w.judge(r)
			assert.Empty(t, violations, "%s %s: %s", r.path, name, rec.Body.String())
			assert.NotEqual(t, http.StatusInternalServerError, rec.Code, "%s %s", r.path, name)
			assert.GreaterOrEqual(t, rec.Code, 400, "%s %s: %s", r.path, name, rec.Body.String())
			if name == "too large" {
				assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
			}
			assert.True(t, before == w.snapshot(t), "%s %s changed the state", r.path, name)
		}
	}
	// Missing headers, on every write.
	for _, base := range writes {
		for _, h := range []string{"Authorization", "x-api-key", "x-gw-ims-org-id", "Content-Type"} {
			r := base.with(h, "")
			r.body = `{"name":"x"}`
			rec, violations := w.judge(r)
			assert.Empty(t, violations, "%s without %s", r.path, h)
			assert.GreaterOrEqual(t, rec.Code, 400, "%s without %s", r.path, h)
		}
	}
	assert.True(t, before == w.snapshot(t), "missing headers changed the state")
}

// TestUnknownFieldsIgnored: fields Adobe does not know are ignored on
// create (its services ignore them), except `state` and `mode` on a flow.
func TestUnknownFieldsIgnored(t *testing.T) {
	w := newWorld(t, flowservice.Config{})
	body := strings.Replace(zohoConnection("x"), `{"name"`, `{"color":"blue","id":"mine","etag":"x","name"`, 1)
	id, _ := created(t, w.do(t, post(fs+"/connections", body)))
	got := item(t, w.do(t, get(fs+"/connections/"+id)))
	assert.NotContains(t, got, "color")
	assert.NotEqual(t, "mine", got["id"])
}
