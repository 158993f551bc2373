package contracts_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
)

// recordingTB is a testing.TB that keeps what Errorf says.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Helper() {}
func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestTransport(t *testing.T) {
	crmError := `{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}`
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		switch {
		case strings.HasSuffix(r.URL.Path, "/org"):
			w.WriteHeader(http.StatusTeapot) // no contract declares it
			fmt.Fprint(w, `{}`)
		default:
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, crmError)
		}
	}))
	defer fake.Close()

	tests := []struct {
		name, method, path string
		wantErrors         []string
	}{
		{"a conforming exchange", http.MethodGet, "/crm/v8/Leads?fields=Last_Name", nil},
		{"behind the emulator's DC prefix", http.MethodGet, "/dc/eu/crm/v8/Leads?fields=Last_Name", nil},
		{"a bad request", http.MethodGet, "/crm/v8/Leads?per_page=500", []string{"request parameter query.per_page"}},
		{"an undeclared status", http.MethodGet, "/crm/v8/org", []string{"response status"}},
		{"a wrong method", http.MethodPatch, "/crm/v8/org", []string{"request route", "not allowed"}},
		{"no contract", http.MethodGet, "/nowhere", []string{"no contract describes GET /nowhere"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := &recordingTB{TB: t}
			client := &http.Client{Transport: contracts.NewTransport(tb, nil)}
			req, err := http.NewRequest(tt.method, fake.URL+tt.path, nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Zoho-oauthtoken 1000.x.y")
			resp, err := client.Do(req)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.NotEmpty(t, body, "the client still reads the answer")
			if tt.wantErrors == nil {
				assert.Empty(t, tb.errors)
				return
			}
			require.Len(t, tb.errors, 1)
			for _, want := range tt.wantErrors {
				assert.Contains(t, tb.errors[0], want)
			}
		})
	}
}

func TestTransportKeepsTheRequestBody(t *testing.T) {
	var got string
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = string(b)
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		fmt.Fprint(w, `{"error":"invalid_client"}`)
	}))
	defer fake.Close()
	tb := &recordingTB{TB: t}
	client := &http.Client{Transport: contracts.NewTransport(tb, nil)}
	resp, err := client.Post(fake.URL+"/oauth/v2/token", "application/x-www-form-urlencoded",
		strings.NewReader("grant_type=refresh_token&client_id=1000.A&client_secret=s&refresh_token=1000.x.y"))
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, "grant_type=refresh_token&client_id=1000.A&client_secret=s&refresh_token=1000.x.y", got)
	assert.Empty(t, tb.errors)
}
