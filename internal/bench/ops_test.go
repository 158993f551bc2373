package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type cannedAnswer struct {
	status int
	body   string
	want   class
}

// serveAnswers answers the n-th request with answers[n].
func serveAnswers(t *testing.T, answers []cannedAnswer) string {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		a := answers[int(n.Add(1)-1)%len(answers)]
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// classes runs the answers through kind k, one worker, in order, and
// checks each class.
func classes(t *testing.T, k Kind, answers []cannedAnswer) (*Fixture, *Result) {
	t.Helper()
	f, err := newFixture(Options{Base: serveAnswers(t, answers)})
	require.NoError(t, err)
	t.Cleanup(f.Close)
	f.sessions = []*session{{form: []byte("grant_type=refresh_token"), access: []byte("old")}}
	f.ims.Store(&imsToken{auth: "Bearer old", expires: time.Now().Add(24 * time.Hour)})
	res, err := f.Run(context.Background(), Config{Workers: 1, Requests: int64(len(answers)), Mix: Mix{{k, 1}}})
	require.NoError(t, err)
	var want KindResult
	for _, a := range answers {
		switch a.want {
		case classOK:
			want.OK++
		case classThrottled:
			want.Throttled++
		default:
			want.Failed++
		}
	}
	got := res.Kind(k)
	assert.Equal(t, [3]int64{want.OK, want.Throttled, want.Failed}, [3]int64{got.OK, got.Throttled, got.Failed}, "ok, throttled, failed")
	assert.Zero(t, got.Errors)
	return f, res
}

const goodZoho = `{"access_token":"1000.new.token","scope":"ZohoCRM.modules.ALL","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600}`

func TestRefreshClasses(t *testing.T) {
	f, res := classes(t, Refresh, []cannedAnswer{
		{200, `{"error":"invalid_code"}`, classFailed},
		{400, `{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}`, classThrottled},
		{200, `{"access_token":"1000.new`, classFailed},                    // cut short
		{500, goodZoho, classFailed},                                       // a token, but not a 200
		{200, `{"access_token":"","expires_in":3600}`, classFailed},        // no token
		{200, `{"error":"Access Denied","status":"failure"}`, classFailed}, // not Zoho's throttle
		{200, `<html>502</html>`, classFailed},                             // not JSON
		{200, goodZoho, classOK},
	})
	assert.Contains(t, res.Kind(Refresh).LastFailure, "200 <html>502</html>")
	token, due := f.sessions[0].appendCurrent(nil, time.Now())
	assert.Equal(t, "1000.new.token", string(token), "the good answer's token is kept")
	assert.False(t, due)
}

func TestIMSClasses(t *testing.T) {
	f, _ := classes(t, IMSToken, []cannedAnswer{
		{429, `{"error":"too_many_requests"}`, classThrottled},
		{400, `{"error":"invalid_client"}`, classFailed},
		{200, `{"access_token":"eyJ.x.y","token_type":"bearer"}`, classFailed}, // no expiry
		{200, `{"access_token":"eyJ.x.y","token_type":"bearer","expires_in":86399}`, classOK},
	})
	assert.Equal(t, "Bearer eyJ.x.y", f.ims.Load().auth)
}

func TestBareClasses(t *testing.T) {
	f, err := newFixture(Options{Base: serveAnswers(t, []cannedAnswer{{200, string(bareToken), classOK}, {200, string(bareToken) + " ", classFailed}})})
	require.NoError(t, err)
	t.Cleanup(f.Close)
	f.bare = true
	res, err := f.Run(context.Background(), Config{Workers: 1, Requests: 2})
	require.NoError(t, err)
	b := res.Kind(Bare)
	assert.Equal(t, [2]int64{1, 1}, [2]int64{b.OK, b.Failed})
}

func TestCancelledRunEndsRequestsInFlight(t *testing.T) {
	release := make(chan struct{})
	var hang atomic.Bool
	hang.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if hang.Load() {
			<-release // a target that never answers
		}
		_, _ = w.Write(bareToken)
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	f, err := BareFixture(srv.URL, 0)
	require.NoError(t, err)
	t.Cleanup(f.Close)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := f.Run(ctx, Config{Workers: 4, Duration: time.Minute})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 10*time.Second, "the hung requests were cut")
	assert.Zero(t, res.Total().Requests, "requests the run's end cut are not counted")

	// The next run dials anew.
	hang.Store(false)
	res, err = f.Run(context.Background(), Config{Workers: 2, Requests: 10})
	require.NoError(t, err)
	assert.EqualValues(t, 10, res.Kind(Bare).OK, res.Kind(Bare).LastFailure)
}
