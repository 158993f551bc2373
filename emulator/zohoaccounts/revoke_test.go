package zohoaccounts_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// TestRevoke checks POST /oauth/v2/token/revoke (reference §6).
func TestRevoke(t *testing.T) {
	tests := []struct {
		name string
		// send revokes something of tb and returns the answer.
		send        func(w *world, tb tokenBody) *httptest.ResponseRecorder
		wantOK      bool
		refreshDead bool // the refresh token is gone afterwards
		accessDead  bool // the access token is gone afterwards
	}{
		{"refresh token in the query", func(w *world, tb tokenBody) *httptest.ResponseRecorder {
			return w.revoke("us", tb.RefreshToken)
		}, true, true, true},
		{"refresh token in a form body (official SDK)", func(w *world, tb tokenBody) *httptest.ResponseRecorder {
			return w.serve(postForm("/oauth/v2/token/revoke", vals("token", tb.RefreshToken)), "us")
		}, true, true, true},
		{"access token", func(w *world, tb tokenBody) *httptest.ResponseRecorder {
			return w.revoke("us", tb.AccessToken)
		}, true, false, true},
		{"unknown token", func(w *world, tb tokenBody) *httptest.ResponseRecorder {
			return w.revoke("us", "1000.22222222222222222222222222222222.22222222222222222222222222222222")
		}, false, false, false},
		{"no token", func(w *world, tb tokenBody) *httptest.ResponseRecorder {
			return w.serve(httptest.NewRequest(http.MethodPost, "/oauth/v2/token/revoke", nil), "us")
		}, false, false, false},
		{"a fingerprint is not a token", func(w *world, tb tokenBody) *httptest.ResponseRecorder {
			return w.revoke("us", zohoaccounts.Fingerprint(tb.RefreshToken))
		}, false, false, false},
		{"at another data centre's server", func(w *world, tb tokenBody) *httptest.ResponseRecorder {
			return w.revoke("eu", tb.RefreshToken)
		}, false, false, false},
		{"twice", func(w *world, tb tokenBody) *httptest.ResponseRecorder {
			require.Equal(w.t, http.StatusOK, w.revoke("us", tb.RefreshToken).Code)
			return w.revoke("us", tb.RefreshToken)
		}, false, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			tb := w.offline()
			second := success(t, w.token("us", refreshParams(webClient, tb.RefreshToken)))
			var before zohoaccounts.State
			if !tt.wantOK && !tt.refreshDead {
				before = w.s.Export()
			}
			rec := tt.send(w, tb)
			if tt.wantOK {
				assert.Equal(t, http.StatusOK, rec.Code)
				assert.JSONEq(t, `{"status":"success"}`, rec.Body.String())
				assert.Equal(t, "application/json;charset=UTF-8", rec.Header().Get("Content-Type"))
			} else {
				zohoError(t, rec, http.StatusBadRequest, "invalid_token")
				if !tt.refreshDead {
					assert.Equal(t, before, w.s.Export(), "a refused revoke changes nothing")
				}
			}
			assert.Equal(t, !tt.accessDead, w.alive("us", tb.AccessToken))
			assert.Equal(t, !tt.refreshDead, w.alive("us", second.AccessToken), "access tokens die with their refresh token")
			rec = w.token("us", refreshParams(webClient, tb.RefreshToken))
			if tt.refreshDead {
				zohoError(t, rec, http.StatusOK, zohoaccounts.ErrInvalidCode)
			} else {
				success(t, rec)
			}
		})
	}
}

// TestRevokeGoAPI checks Service.RevokeToken, by token and by fingerprint.
func TestRevokeGoAPI(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	tb := w.offline()
	require.NoError(t, w.s.RevokeToken(zohoaccounts.Fingerprint(tb.AccessToken)))
	assert.False(t, w.alive("us", tb.AccessToken))
	success(t, w.token("us", refreshParams(webClient, tb.RefreshToken)))
	require.NoError(t, w.s.RevokeToken(tb.RefreshToken))
	assert.Empty(t, w.s.Tokens(zohoaccounts.TokenFilter{}))
	assert.ErrorIs(t, w.s.RevokeToken(tb.RefreshToken), zohoaccounts.ErrNotFound)
	assert.ErrorIs(t, w.s.RevokeToken("sha256:0000000000000000"), zohoaccounts.ErrNotFound)
	assert.ErrorIs(t, w.s.RevokeToken(""), zohoaccounts.ErrNotFound)
}
