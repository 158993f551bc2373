package adobeims

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzParams: the parameter parser never panics, keeps the query first,
// and the token endpoint answers whatever it yields with a token or one of
// IMS's 400s, never anything else.
func FuzzParams(f *testing.F) {
	for _, seed := range []struct{ query, contentType, auth, body string }{
		{"", "application/x-www-form-urlencoded", "", "grant_type=client_credentials&client_id=c&client_secret=s&scope=openid"},
		{"client_id=c", "application/x-www-form-urlencoded; charset=utf-8", "", "client_secret=s&grant_type=client_credentials&scope=openid,AdobeID"},
		{"grant_type=client_credentials&client_id=c&client_secret=s&scope=openid", "", "", ""},
		{"", "multipart/form-data; boundary=b", "", "--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--b--\r\n"},
		{"", "application/x-www-form-urlencoded", "Basic Yzpz", "grant_type=client_credentials&scope=openid"},
		{"%zz=1&;&=&client_id", "application/json", "Basic !!", `{"grant_type":"client_credentials"}`},
		{"scope=,,%20,", "multipart/form-data; boundary=", "basic Yzo=", "\x00\xff"},
	} {
		f.Add(seed.query, seed.contentType, seed.auth, seed.body)
	}
	s := fuzzService(f)
	f.Fuzz(func(t *testing.T, query, contentType, auth, body string) {
		p := mergeParams(query, contentType, auth, []byte(body))
		for k, vs := range p {
			require.NotEmpty(t, vs, k)
		}
		if len(body) > maxParamsBody {
			return
		}
		r := httptest.NewRequest(http.MethodPost, PathToken, strings.NewReader(body))
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", contentType)
		r.Header.Set("Authorization", auth)
		cred, scopes, err := s.authenticate(p)
		if err != nil {
			var e *Error
			require.True(t, errors.As(err, &e), "%v is not an IMS error", err)
			assert.Equal(t, http.StatusBadRequest, e.Status())
			assert.Contains(t, []string{ErrInvalidClient, ErrInvalidRequest, ErrUnsupportedGrantType, ErrInvalidScope}, e.Code)
			return
		}
		assert.Equal(t, "c", cred.ClientID)
		assert.NotEmpty(t, scopes)
		for _, sc := range scopes {
			assert.Contains(t, cred.Scopes, sc)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	})
}

// FuzzVerify: Verify never panics and never accepts a string it did not
// mint: only the seeds' genuine token, unchanged, verifies.
func FuzzVerify(f *testing.F) {
	s := fuzzService(f)
	good, err := s.mint(Credential{ClientID: "c", OrgID: "ORG@AdobeOrg", TechnicalAccountID: "T@techacct.adobe.com"},
		[]string{"openid"}, fuzzNow)
	require.NoError(f, err)
	parts := strings.Split(good, ".")
	for _, seed := range []string{good, "", ".", "..", "a.b.c", parts[0] + "." + parts[1] + ".",
		parts[0] + ".e30." + parts[2], "eyJhbGciOiJub25lIn0." + parts[1] + "."} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		tok, err := s.Verify(token)
		if token == good {
			require.NoError(t, err)
			assert.Equal(t, "c", tok.ClientID)
			return
		}
		require.Error(t, err)
		assert.True(t, errors.Is(err, ErrTokenMalformed) || errors.Is(err, ErrTokenSignature), "%v", err)
	})
}

var fuzzNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// fuzzService has one org with credential "c" (secret "s", scopes openid
// and AdobeID), on a clock frozen at fuzzNow.
func fuzzService(f *testing.F) *Service {
	s, err := New(Config{}, func() time.Time { return fuzzNow })
	require.NoError(f, err)
	require.NoError(f, s.Seed(State{Orgs: []OrgState{{
		Org:         Org{ID: "ORG@AdobeOrg", Name: "Fuzz"},
		Credentials: []Credential{{ClientID: "c", Secret: "s", Scopes: []string{"openid", "AdobeID"}}},
	}}}))
	return s
}
