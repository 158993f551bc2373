package zohoaccounts

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/mux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExactRoutesAreMuxRoutes: a request the exact table serves is one
// gorilla/mux would have routed to the same entry; everything else is left
// to gorilla/mux.
func TestExactRoutesAreMuxRoutes(t *testing.T) {
	s := New(Config{}, nil)
	table := s.routes()
	r := s.handler.(*mux.Router)
	for _, rt := range table {
		req := httptest.NewRequest(rt.method, rt.path, nil)
		var m mux.RouteMatch
		require.True(t, r.Match(req, &m), "%s %s", rt.method, rt.path)
		require.NoError(t, m.MatchErr)
		tpl, err := m.Route.GetPathTemplate()
		require.NoError(t, err)
		methods, err := m.Route.GetMethods()
		require.NoError(t, err)
		assert.Equal(t, rt.path, tpl)
		assert.Equal(t, []string{rt.method}, methods)
		assert.NotNil(t, s.exact[[2]string{rt.method, rt.path}])
	}
	assert.Len(t, s.exact, len(table), "no two routes share a method and path")
	for _, miss := range [][2]string{
		{http.MethodGet, "/oauth/v2/token"}, {"post", "/oauth/v2/token"}, {http.MethodPost, "/oauth/v2/token/"},
		{http.MethodPost, "/oauth/v2//token"}, {http.MethodPost, "/oauth/v2/../v2/token"}, {http.MethodHead, "/oauth/serverinfo"},
		{http.MethodPost, "/OAUTH/v2/token"},
	} {
		assert.Nil(t, s.exact[miss], "%v is gorilla/mux's to answer", miss)
	}
}

// TestRoutingAnswers: wrong methods, unknown and unclean paths answer as
// gorilla/mux answers them.
func TestRoutingAnswers(t *testing.T) {
	s := New(Config{}, nil)
	tests := []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, "/oauth/v2/token", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/oauth/v2/auth", http.StatusMethodNotAllowed},
		{http.MethodPost, "/oauth/v2/nothing", http.StatusNotFound},
		{http.MethodPost, "/oauth/v2//token", http.StatusMovedPermanently},
		{http.MethodPost, "/oauth/v2/token", http.StatusOK}, // served: Zoho answers a missing grant type with 200
	}
	for _, tt := range tests {
		viaMux, viaService := httptest.NewRecorder(), httptest.NewRecorder()
		s.handler.ServeHTTP(viaMux, httptest.NewRequest(tt.method, tt.path, nil))
		s.ServeHTTP(viaService, httptest.NewRequest(tt.method, tt.path, nil))
		assert.Equal(t, tt.status, viaService.Code, "%s %s", tt.method, tt.path)
		assert.Equal(t, viaMux.Code, viaService.Code, "%s %s", tt.method, tt.path)
		assert.Equal(t, viaMux.Body.String(), viaService.Body.String(), "%s %s", tt.method, tt.path)
		assert.Equal(t, viaMux.Header(), viaService.Header(), "%s %s", tt.method, tt.path)
	}
}
