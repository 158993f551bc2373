package zohoaccounts_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// multipartBody encodes fields (and one file part, when file is set) as
// curl --form does.
func multipartBody(t *testing.T, fields [][2]string, file [2]string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		require.NoError(t, mw.WriteField(f[0], f[1]))
	}
	if file[0] != "" {
		fw, err := mw.CreateFormFile(file[0], "upload.txt")
		require.NoError(t, err)
		_, err = fw.Write([]byte(file[1]))
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return mw.FormDataContentType(), buf.Bytes()
}

// TestTokenParams checks that the token endpoint merges its parameters
// from the query string, an urlencoded body and a multipart body, query
// first and first value first, skipping malformed pairs (reference §3).
func TestTokenParams(t *testing.T) {
	const urlencoded = "application/x-www-form-urlencoded"
	type request struct {
		query       string
		contentType string
		body        string
	}
	tests := []struct {
		name string
		// build makes the request from a fresh self-client code; the
		// client's id and secret are in the fixture.
		build func(t *testing.T, code string) request
		want  string // "" for success, else the error code
	}{
		{
			name: "all in the query string, empty body (GOLIB)",
			build: func(t *testing.T, code string) request {
				return request{query: exchangeParams(selfClient, code, "").Encode(), contentType: urlencoded}
			},
		},
		{
			name: "urlencoded body (official SDK)",
			build: func(t *testing.T, code string) request {
				return request{contentType: urlencoded, body: exchangeParams(selfClient, code, "").Encode()}
			},
		},
		{
			name: "urlencoded body with a charset",
			build: func(t *testing.T, code string) request {
				return request{contentType: urlencoded + "; charset=UTF-8", body: exchangeParams(selfClient, code, "").Encode()}
			},
		},
		{
			name: "multipart body (curl --form)",
			build: func(t *testing.T, code string) request {
				ct, b := multipartBody(t, [][2]string{
					{"grant_type", "authorization_code"}, {"client_id", selfClient.ID},
					{"client_secret", selfClient.Secret}, {"code", code},
				}, [2]string{})
				return request{contentType: ct, body: string(b)}
			},
		},
		{
			name: "split between query and body",
			build: func(t *testing.T, code string) request {
				return request{
					query:       vals("grant_type", "authorization_code", "client_id", selfClient.ID).Encode(),
					contentType: urlencoded,
					body:        vals("client_secret", selfClient.Secret, "code", code).Encode(),
				}
			},
		},
		{
			name: "split between query and multipart body",
			build: func(t *testing.T, code string) request {
				ct, b := multipartBody(t, [][2]string{{"client_secret", selfClient.Secret}, {"code", code}}, [2]string{})
				return request{query: vals("grant_type", "authorization_code", "client_id", selfClient.ID).Encode(), contentType: ct, body: string(b)}
			},
		},
		{
			name: "the query string wins over the body",
			build: func(t *testing.T, code string) request {
				return request{
					query:       "code=" + code,
					contentType: urlencoded,
					body:        exchangeParams(selfClient, "1000.bogus", "").Encode(),
				}
			},
		},
		{
			name: "a bogus code in the query string wins over a good one in the body",
			build: func(t *testing.T, code string) request {
				return request{
					query:       "code=1000.bogus",
					contentType: urlencoded,
					body:        exchangeParams(selfClient, code, "").Encode(),
				}
			},
			want: zohoaccounts.ErrInvalidCode,
		},
		{
			name: "first value wins in the body",
			build: func(t *testing.T, code string) request {
				return request{contentType: urlencoded, body: exchangeParams(selfClient, code, "").Encode() + "&code=1000.bogus&grant_type=refresh_token"}
			},
		},
		{
			name: "first value wins in a multipart body",
			build: func(t *testing.T, code string) request {
				ct, b := multipartBody(t, [][2]string{
					{"grant_type", "authorization_code"}, {"client_id", selfClient.ID},
					{"client_secret", selfClient.Secret}, {"code", code}, {"code", "1000.bogus"},
				}, [2]string{})
				return request{contentType: ct, body: string(b)}
			},
		},
		{
			name: "malformed pairs are skipped",
			build: func(t *testing.T, code string) request {
				return request{contentType: urlencoded, body: "%zz=1&x=%&" + exchangeParams(selfClient, code, "").Encode() + "&bad;pair=1"}
			},
		},
		{
			name: "a malformed secret is skipped, so it is missing",
			build: func(t *testing.T, code string) request {
				return request{contentType: urlencoded, body: vals("grant_type", "authorization_code", "client_id", selfClient.ID, "code", code).Encode() + "&client_secret=%zz"}
			},
			want: zohoaccounts.ErrInvalidClientSecret,
		},
		{
			name: "file parts of a multipart body are ignored",
			build: func(t *testing.T, code string) request {
				ct, b := multipartBody(t, [][2]string{
					{"grant_type", "authorization_code"}, {"client_id", selfClient.ID}, {"client_secret", selfClient.Secret},
				}, [2]string{"code", code})
				return request{contentType: ct, body: string(b)}
			},
			want: zohoaccounts.ErrInvalidCode,
		},
		{
			name: "a multipart body without a boundary is ignored",
			build: func(t *testing.T, code string) request {
				_, b := multipartBody(t, [][2]string{{"grant_type", "authorization_code"}}, [2]string{})
				return request{contentType: "multipart/form-data", body: string(b)}
			},
			want: zohoaccounts.ErrUnsupportedGrantType,
		},
		{
			name: "a body of another media type is ignored",
			build: func(t *testing.T, code string) request {
				return request{contentType: "text/plain", body: exchangeParams(selfClient, code, "").Encode()}
			},
			want: zohoaccounts.ErrUnsupportedGrantType,
		},
		{
			name: "a JSON body is ignored",
			build: func(t *testing.T, code string) request {
				return request{contentType: "application/json", body: `{"grant_type":"authorization_code"}`}
			},
			want: zohoaccounts.ErrUnsupportedGrantType,
		},
		{
			name: "a body without a content type is ignored",
			build: func(t *testing.T, code string) request {
				return request{body: exchangeParams(selfClient, code, "").Encode()}
			},
			want: zohoaccounts.ErrUnsupportedGrantType,
		},
		{
			name: "unknown grant type",
			build: func(t *testing.T, code string) request {
				v := exchangeParams(selfClient, code, "")
				v.Set("grant_type", "password")
				return request{contentType: urlencoded, body: v.Encode()}
			},
			want: zohoaccounts.ErrUnsupportedGrantType,
		},
		{
			name: "no grant type",
			build: func(t *testing.T, code string) request {
				v := exchangeParams(selfClient, code, "")
				v.Del("grant_type")
				return request{contentType: urlencoded, body: v.Encode()}
			},
			want: zohoaccounts.ErrUnsupportedGrantType,
		},
		{
			name: "grant type is case-sensitive",
			build: func(t *testing.T, code string) request {
				v := exchangeParams(selfClient, code, "")
				v.Set("grant_type", "Authorization_Code")
				return request{contentType: urlencoded, body: v.Encode()}
			},
			want: zohoaccounts.ErrUnsupportedGrantType,
		},
	}
	w := newWorld(t, zohoaccounts.Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := tt.build(t, w.selfCode())
			target := "/oauth/v2/token"
			if req.query != "" {
				target += "?" + req.query
			}
			r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(req.body))
			if req.contentType != "" {
				r.Header.Set("Content-Type", req.contentType)
			}
			rec := w.serve(r, "us")
			if tt.want == "" {
				b := success(t, rec)
				assert.NotEmpty(t, b.RefreshToken, "self-client codes come with a refresh token")
				return
			}
			zohoError(t, rec, http.StatusOK, tt.want)
		})
	}
}

// TestTokenBodyLimit checks the 64 KiB bound of a token request body.
func TestTokenBodyLimit(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		size        int
		wantStatus  int
	}{
		{"urlencoded at the limit", "application/x-www-form-urlencoded", 64 << 10, http.StatusOK},
		{"urlencoded over the limit", "application/x-www-form-urlencoded", 64<<10 + 1, http.StatusRequestEntityTooLarge},
		{"multipart over the limit", "multipart/form-data; boundary=xyz", 200 << 10, http.StatusRequestEntityTooLarge},
		{"no content type over the limit", "", 64<<10 + 1, http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, zohoaccounts.Config{})
			body := exchangeParams(selfClient, w.selfCode(), "").Encode() + "&pad="
			body += strings.Repeat("x", tt.size-len(body))
			require.Len(t, body, tt.size)
			before := w.s.Export()
			r := httptest.NewRequest(http.MethodPost, "/oauth/v2/token", strings.NewReader(body))
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			rec := w.serve(r, "us")
			if tt.wantStatus == http.StatusOK {
				success(t, rec)
				return
			}
			zohoError(t, rec, tt.wantStatus, zohoaccounts.ErrInvalidRequest)
			assert.Equal(t, before, w.s.Export(), "a refused request changes nothing")
		})
	}
}

// TestTokenMethodAndPath checks the answers outside the route table.
func TestTokenMethodAndPath(t *testing.T) {
	w := newWorld(t, zohoaccounts.Config{})
	tests := []struct {
		method, target string
		status         int
	}{
		{http.MethodGet, "/oauth/v2/token", http.StatusMethodNotAllowed},
		{http.MethodGet, "/oauth/v2/token/revoke?token=x", http.StatusMethodNotAllowed},
		{http.MethodPost, "/oauth/serverinfo", http.StatusMethodNotAllowed},
		{http.MethodGet, "/oauth/v3/token", http.StatusNotFound},
		{http.MethodGet, "/", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			rec := w.serve(httptest.NewRequest(tt.method, tt.target, nil), "us")
			zohoError(t, rec, tt.status, zohoaccounts.ErrInvalidRequest)
		})
	}
}
