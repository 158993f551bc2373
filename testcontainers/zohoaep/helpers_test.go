package zohoaep_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/testcontainers/testcontainers-go"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/openapi"
	"github.com/zohoaep/zohoaep/testcontainers/zohoaep"
)

// These tests need a Docker engine; they skip where none answers. Where
// no reaper image can be pulled, run them with
// TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
// (.ci/run does). ZOHOAEP_IMAGE names an image to test; without it the
// image is built once from this checkout as zohoaep:test.

var (
	imageOnce sync.Once
	imageRef  string
	imageErr  error
)

// image is the image under test, built on first use.
func image(t *testing.T) string {
	t.Helper()
	testcontainers.SkipIfProviderIsNotHealthy(t)
	imageOnce.Do(func() {
		if imageRef = os.Getenv("ZOHOAEP_IMAGE"); imageRef != "" {
			return
		}
		var log bytes.Buffer
		imageRef, imageErr = zohoaep.BuildImage(context.Background(), repoRoot(t), "zohoaep:test", &log)
		if imageErr != nil {
			imageErr = &buildError{imageErr, log.String()}
		}
	})
	require.NoError(t, imageErr)
	return imageRef
}

type buildError struct {
	err error
	log string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.log }

func repoRoot(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return dir
}

// run starts the image with opts and terminates it when the test ends.
func run(t *testing.T, opts ...testcontainers.ContainerCustomizer) *zohoaep.Container {
	t.Helper()
	ctr, err := zohoaep.Run(context.Background(), image(t), opts...)
	testcontainers.CleanupContainer(t, ctr)
	require.NoError(t, err)
	return ctr
}

// judged is an HTTP transport that checks every exchange with the
// container against zohoaep's contracts, as a client-side verifier does.
type judged struct {
	t     *testing.T
	byPfx []struct {
		prefix string
		c      *contracts.Contract
	}
}

func newJudged(t *testing.T) *judged {
	j := &judged{t: t}
	for _, p := range []struct{ prefix, name string }{
		{"/oauth/", openapi.ZohoAccounts}, {"/crm/", openapi.ZohoCRM}, {"/ims/", openapi.AdobeIMS},
		{"/data/foundation/", openapi.FlowService}, {"/_emulator/", openapi.EmulatorAdmin},
	} {
		c, err := contracts.Load(p.name)
		require.NoError(t, err)
		j.byPfx = append(j.byPfx, struct {
			prefix string
			c      *contracts.Contract
		}{p.prefix, c})
	}
	return j
}

func (j *judged) RoundTrip(r *http.Request) (*http.Response, error) {
	var c *contracts.Contract
	for _, p := range j.byPfx {
		if strings.HasPrefix(r.URL.Path, p.prefix) {
			c = p.c
		}
	}
	if c == nil {
		j.t.Errorf("no contract for %s %s", r.Method, r.URL.Path)
		return http.DefaultTransport.RoundTrip(r)
	}
	x := c.CheckRequest(r.Context(), r)
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if v := x.CheckResponse(r.Context(), resp.StatusCode, resp.Header, body); !v.OK() {
		j.t.Errorf("%s %s: %s", r.Method, r.URL.Path, v.Summary())
	}
	return resp, nil
}

// client follows no redirect, so the test sees each one.
func (j *judged) client() *http.Client {
	return &http.Client{Transport: j, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
