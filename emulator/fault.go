package emulator

import (
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/zohoaep/zohoaep/emulator/internal/faults"
)

// applyFault carries out a fault action. done is true when the connection
// was cut, so nothing more is written; otherwise an answering action has
// been written to rec, or (a delay alone) nothing has.
func (e *Emulator) applyFault(w http.ResponseWriter, r *http.Request, rec *recorder, svc *service, a faults.Action) (done bool) {
	if a.Delay > 0 {
		t := time.NewTimer(time.Duration(a.Delay))
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	switch {
	case a.Reset || a.Empty:
		cut(w, a.Reset)
		return true
	case a.Error != "":
		svc.writer.Error(rec, svc.catalogue[a.Error])
	case a.Status != 0:
		if len(a.Body) > 0 {
			rec.Header().Set("Content-Type", "application/json")
			rec.Header().Set("Content-Length", strconv.Itoa(len(a.Body)))
		}
		rec.WriteHeader(a.Status)
		_, _ = rec.Write(a.Body)
	}
	return false
}

// cutter is implemented by the in-memory transport's writer.
type cutter interface{ cut(reset bool) }

// cut ends the connection without a reply: a TCP reset (RST) or a plain
// close, which clients see as an empty reply.
func cut(w http.ResponseWriter, reset bool) {
	if c, ok := w.(cutter); ok {
		c.cut(reset)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2: the server resets the stream
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0) // close with RST instead of FIN
	}
	_ = conn.Close()
}
