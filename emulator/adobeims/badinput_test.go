package adobeims_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zohoaep/zohoaep/emulator/adobeims"
)

// errReader fails mid-body, like a client that hangs up.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// TestBadInputChangesNothing: every malformed request is answered in IMS's
// envelope, never with a 500 or a token, and leaves the state as it was.
func TestBadInputChangesNothing(t *testing.T) {
	w := newWorld(t, adobeims.Config{})
	full := grant(acmeCred).Encode()
	req := func(method, target, contentType, body string) *http.Request {
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		r := httptest.NewRequest(method, target, rd)
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		return r
	}
	broken := req(http.MethodPost, adobeims.PathToken, formType, "")
	broken.Body = io.NopCloser(errReader{})

	tests := []struct {
		name       string
		r          *http.Request
		status     int
		code, desc string
	}{
		{"JSON body instead of a form", req(http.MethodPost, adobeims.PathToken, "application/json",
			`{"grant_type":"client_credentials","client_id":"`+acmeCred.ClientID+`","client_secret":"`+acmeCred.Secret+`","scope":"openid"}`),
			400, "invalid_request", "missing grant_type parameter"},
		{"form body labelled JSON", req(http.MethodPost, adobeims.PathToken, "application/json", full),
			400, "invalid_request", "missing grant_type parameter"},
		{"form body without a content type", req(http.MethodPost, adobeims.PathToken, "", full),
			400, "invalid_request", "missing grant_type parameter"},
		{"malformed urlencoding: the bad pair is skipped", req(http.MethodPost, adobeims.PathToken, formType,
			"grant_type=client_credentials&client_id=%zz&client_secret=x&scope=openid"),
			400, "invalid_request", "missing client_id parameter"},
		{"binary garbage", req(http.MethodPost, adobeims.PathToken, formType, "\x00\xff\xfe%%%&&&==="),
			400, "invalid_request", "missing grant_type parameter"},
		{"multipart without a boundary", req(http.MethodPost, adobeims.PathToken, "multipart/form-data", full),
			400, "invalid_request", "missing grant_type parameter"},
		{"multipart cut short", req(http.MethodPost, adobeims.PathToken, "multipart/form-data; boundary=x",
			"--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials"),
			400, "invalid_request", "missing grant_type parameter"},
		{"unparsable content type", req(http.MethodPost, adobeims.PathToken, "form;;;=", full),
			400, "invalid_request", "missing grant_type parameter"},
		{"Basic that is not base64", func() *http.Request {
			r := req(http.MethodPost, adobeims.PathToken, formType, "grant_type=client_credentials&scope=openid")
			r.Header.Set("Authorization", "Basic !!!")
			return r
		}(), 400, "invalid_request", "missing client_id parameter"},
		{"body over 64 KiB", req(http.MethodPost, adobeims.PathToken, formType, full+"&pad="+strings.Repeat("a", 64<<10)),
			413, "invalid_request", "request body too large"},
		{"body that fails mid-read", broken, 400, "invalid_request", "missing grant_type parameter"},
		{"GET on the token endpoint", req(http.MethodGet, adobeims.PathToken+"?"+full, "", ""),
			405, "invalid_request", "method not allowed"},
		{"POST on the keys", req(http.MethodPost, adobeims.PathKeys, formType, full),
			405, "invalid_request", "method not allowed"},
		{"token v2", req(http.MethodPost, "/ims/token/v2", formType, full), 404, "not_found", "not found"},
		{"trailing slash", req(http.MethodPost, adobeims.PathToken+"/", formType, full), 404, "not_found", "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.s.Export()
			rec := w.serve(tt.r)
			imsError(t, rec, tt.status, tt.code, tt.desc)
			assert.NotContains(t, rec.Body.String(), "access_token")
			assert.Equal(t, before, w.s.Export())
		})
	}

	// The front door's own limit answers the same way.
	rec := httptest.NewRecorder()
	adobeims.Writer().Error(rec, adobeims.TooLarge())
	imsError(t, rec, 413, "invalid_request", "request body too large")
}
