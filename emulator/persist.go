package emulator

import (
	"errors"
	"hash/fnv"
	"io"
	"net/http"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/internal/durable"
)

// partsOf says which parts a request to svc may have changed, and whether
// its answer waits for them to be durable. Requests that change state
// (any method but GET, HEAD and OPTIONS, and the authorization request,
// which issues grant codes when consent is automatic) wait; reads that
// may debit API credits, issue page tokens or run due dataflows touch
// their parts, to be written soon (if they moved) without waiting.
func partsOf(svc string, r *http.Request) (parts durable.Set, wait bool) {
	read := r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions
	switch svc {
	case ServiceZohoAccounts:
		if !read || strings.HasSuffix(r.URL.Path, "/oauth/v2/auth") {
			return partZoho, true
		}
	case ServiceZohoCRM:
		if read {
			return partCRM, false // credits and page tokens; records are not generated state
		}
		return partCRM | partCRMData, true
	case ServiceAdobeIMS:
		if !read {
			return partIMS, true
		}
	case ServiceFlowService:
		return partFlow, !read
	case ServiceControl:
		if !read {
			return durable.All, true // the control API reaches every part
		}
		return partFlow, false // reading AEP runs and rows runs the due windows first
	}
	return 0, false
}

// runsStamp sums up every dataflow run (its id and etag, which changes
// with each update): what a read or the engine's timer changes in Flow
// Service when it runs due windows. A touched Flow Service part is
// exported, datasets and all, only when it moved.
func (e *Emulator) runsStamp() uint64 {
	h := fnv.New64a()
	for _, t := range e.flows.Tenants() {
		for _, f := range e.flows.Flows(t) {
			for _, r := range e.flows.Runs(t, f.ID) {
				_, _ = io.WriteString(h, r.ID)
				_, _ = io.WriteString(h, r.Etag)
			}
		}
	}
	return h.Sum64()
}

// persist makes the changes of a handled request durable before it is
// answered; if they cannot be, the answer becomes the service's internal
// error, so that nothing is acknowledged that a crash could lose.
func (e *Emulator) persist(rec *recorder, r *http.Request, svc *service) {
	if e.stored == nil {
		return
	}
	parts, wait := partsOf(svc.name, r)
	switch {
	case parts == 0:
		return
	case !wait:
		e.stored.commits.Touch(parts)
		return
	}
	if err := e.stored.commits.Commit(parts); err != nil {
		e.log.Error("data dir", "service", svc.name, "err", err)
		clear(rec.header)
		rec.status, rec.wrote = http.StatusOK, false
		rec.body.Reset()
		svc.writer.Error(rec, errors.New("state not stored"))
	}
}

// serveConsole serves the web console; with a data dir, a console action
// (a form post that steers the clock, fault rules, consent or tokens
// through their Go APIs) is made durable before its answer is sent, as an
// API call is.
func (e *Emulator) serveConsole(w http.ResponseWriter, r *http.Request) {
	if e.stored == nil || r.Method == http.MethodGet || r.Method == http.MethodHead {
		e.console.ServeHTTP(w, r)
		return
	}
	rec := newRecorder()
	e.console.ServeHTTP(rec, r)
	if err := e.stored.commits.Commit(durable.All); err != nil {
		e.log.Error("data dir", "service", "console", "err", err)
		http.Error(w, "zohoaep: the change could not be stored in the data dir", http.StatusInternalServerError)
		return
	}
	rec.flush(w)
}
