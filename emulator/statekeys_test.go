package emulator_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/emulatortest"
)

// TestImportRefusesUnknownKeys: a JSON object that is not a state document
// is refused whole, rather than imported as an empty world; every key of
// State is still taken.
func TestImportRefusesUnknownKeys(t *testing.T) {
	e := emulatortest.New(t, emulatortest.AllowRequestViolations())
	before := e.Export()
	for _, body := range []string{`{"pad":"x"}`, `{"version":1,"zoho":{"orgs":[]},"Zoho ":1}`} {
		resp, err := http.DefaultClient.Do(mustRequest(t, http.MethodPut, e.URL()+"/_emulator/state", body))
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, body)
	}
	after := e.Export()
	after.Clock, before.Clock = nil, nil
	assert.Equal(t, before.Zoho.Orgs, after.Zoho.Orgs, "nothing imported")

	st := reflect.TypeFor[emulator.State]()
	var doc strings.Builder
	doc.WriteString(`{"version":1`)
	for i := range st.NumField() {
		name, _, _ := strings.Cut(st.Field(i).Tag.Get("json"), ",")
		if name != "version" {
			doc.WriteString(`,"` + name + `":null`)
		}
	}
	doc.WriteString(`}`)
	resp, err := http.DefaultClient.Do(mustRequest(t, http.MethodPut, e.URL()+"/_emulator/state", doc.String()))
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.NotEqual(t, http.StatusBadRequest, resp.StatusCode, "every State key is known: %s", doc.String())
}

func mustRequest(t *testing.T, method, url, body string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	r.Header.Set("Content-Type", "application/json")
	return r
}
