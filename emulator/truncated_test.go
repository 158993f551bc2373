package emulator_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
)

// TestTruncatedConnections: for every operation that takes a body, a
// client that promises more body than it sends and hangs up halfway, and
// one that hangs up inside the headers. The emulator answers what it can
// without a 5xx, keeps serving, and the world is as before.
func TestTruncatedConnections(t *testing.T) {
	e, target := matrixEmulator(t)
	require.NoError(t, e.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = e.Close() })
	addr := strings.TrimPrefix(e.URL(), "http://")
	before := exportJSON(t, e)
	cut := 0
	for _, name := range contracts.DefaultOrder {
		c, err := contracts.Load(name)
		require.NoError(t, err)
		for _, set := range c.Cases(target.Values) {
			k := set.Valid
			if k == nil || len(k.Body) == 0 {
				continue
			}
			cut++
			status := truncatedExchange(t, addr, target, *k)
			assert.Less(t, status, 500, "%s/%s: a truncated body answered %d", name, set.Operation, status)
		}
	}
	t.Logf("%d bodies cut short", cut)
	assert.Greater(t, cut, 20)

	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	_, err = fmt.Fprintf(conn, "POST /oauth/v2/token HTTP/1.1\r\nHost: %s\r\nContent-Ty", addr)
	require.NoError(t, err)
	require.NoError(t, conn.Close())

	resp, err := http.Get(e.URL() + "/_emulator/health")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "still serving")
	if after := exportJSON(t, e); after != before {
		t.Errorf("truncated requests changed the world:\n%s", diffLines(before, after))
	}
}

// truncatedExchange sends k's request head with a Content-Length 1,000
// bytes over its body, half the body, and closes its side; it returns the
// status of the answer, or 0 when none came.
func truncatedExchange(t *testing.T, addr string, target contracts.Target, k contracts.Case) int {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
	r, err := k.Request(t.Context(), "http://"+addr, target.Headers[k.Contract])
	require.NoError(t, err)
	var head strings.Builder
	fmt.Fprintf(&head, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n", r.Method, r.URL.RequestURI(), addr, len(k.Body)+1000)
	for name, vs := range r.Header {
		for _, v := range vs {
			fmt.Fprintf(&head, "%s: %s\r\n", name, v)
		}
	}
	head.WriteString("\r\n")
	_, err = conn.Write(append([]byte(head.String()), k.Body[:len(k.Body)/2]...))
	require.NoError(t, err)
	require.NoError(t, conn.(*net.TCPConn).CloseWrite())
	resp, err := http.ReadResponse(bufio.NewReader(conn), r)
	if err != nil {
		return 0 // the server may hang up on a client that did
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}
