package adobeims_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

// TestCatalogue: every error a fault rule can inject renders in IMS's
// envelope with its status.
func TestCatalogue(t *testing.T) {
	want := map[string]struct {
		status     int
		code, desc string
	}{
		"invalid_client":          {400, "invalid_client", "invalid client_id parameter"},
		"invalid_client_secret":   {400, "invalid_client", "invalid client_secret parameter"},
		"invalid_request":         {400, "invalid_request", "missing grant_type parameter"},
		"unsupported_grant_type":  {400, "unsupported_grant_type", "unsupported grant_type"},
		"invalid_scope":           {400, "invalid_scope", "invalid scope"},
		"server_error":            {500, "server_error", "internal server error"},
		"temporarily_unavailable": {503, "temporarily_unavailable", "service temporarily unavailable"},
	}
	cat := adobeims.Catalogue()
	require.Len(t, cat, len(want))
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			e, ok := cat[name]
			require.True(t, ok)
			rec := httptest.NewRecorder()
			adobeims.Writer().Error(rec, e)
			imsError(t, rec, w.status, w.code, w.desc)
			assert.Equal(t, w.code+": "+w.desc, e.Error())
		})
	}

	// errors.Is matches code and description.
	secret := cat["invalid_client_secret"]
	assert.ErrorIs(t, secret, &adobeims.Error{Code: "invalid_client", Description: "invalid client_secret parameter"})
	assert.NotErrorIs(t, secret, cat["invalid_client"])

	// Anything else becomes IMS's server_error, never a bare 500.
	rec := httptest.NewRecorder()
	adobeims.Writer().Error(rec, errors.New("boom"))
	imsError(t, rec, http.StatusInternalServerError, "server_error", "internal server error")
}
