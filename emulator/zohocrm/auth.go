package zohocrm

import (
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
	"github.com/zohoaep/zohoaep/internal/zohodc"
)

// call is one admitted request: who asks, in which org, on which version.
type call struct {
	r     *http.Request
	v     Version
	land  httpx.Landing
	grant Grant
	org   *org
	user  member
	tz    *time.Location
	now   time.Time
	cost  int // API credits it costs when it succeeds
}

// handler is an endpoint's own work, after admission.
type handler func(c *call) (any, error)

// endpoint admits a request (version, host, token, IP, scope, limits),
// runs h and writes its result, accounting the credits it costs.
func (s *Service) endpoint(need access, h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := s.admit(r, need)
		if err != nil {
			writer.Error(w, err)
			return
		}
		defer s.release(c.org.OrgID)
		aw := &accounting{ResponseWriter: w, s: s, c: c}
		v, err := h(c)
		respond(aw, v, err)
	})
}

// admit checks a request in Zoho's order: the URL, the host, the token,
// the org's allowed IPs, the scope, then the org's limits.
func (s *Service) admit(r *http.Request, need access) (*call, error) {
	if need.area == areaRecords {
		if err := misroute(r); err != nil {
			return nil, err
		}
	}
	v, ok := ParseVersion(mux.Vars(r)["version"])
	if !ok {
		return nil, errURLPattern
	}
	land := httpx.LandingOf(r)
	loc, err := hostRule(v, r.Host, land.Location)
	if err != nil {
		return nil, err
	}
	token, err := s.bearerOf(r.Header.Get("Authorization"))
	if err != nil {
		return nil, err
	}
	grant, ok := s.dir.Introspect(token)
	if !ok || grant.DC != loc {
		return nil, errInvalidToken
	}
	o, ok := s.loadOrg(grant.OrgID)
	if !ok {
		return nil, errInvalidToken
	}
	if !s.dir.OrgAdmits(o.OrgID, land.Source) {
		return nil, s.ipDenied()
	}
	if s.data.Modules(o.OrgID) == nil {
		return nil, errNoCRM // a Zoho org without CRM data
	}
	var user member
	if grant.ZUID == "" {
		user, ok = o.primary()
	} else {
		user, ok = o.member(grant.ZUID)
	}
	if !ok || user.Status != StatusActive {
		return nil, errInvalidToken
	}
	c := &call{r: r, v: v, land: land, grant: grant, org: o, user: user, tz: o.location(user), now: s.now(), cost: 1}
	if !s.allows(c, need) {
		return nil, errScope
	}
	if err := s.acquire(o); err != nil {
		return nil, err
	}
	return c, nil
}

// bearerOf reads "Zoho-oauthtoken <token>" (and "Bearer <token>" when
// configured). A header without a known scheme is no credential at all.
func (s *Service) bearerOf(h string) (string, error) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(h), " ")
	switch {
	case strings.EqualFold(scheme, authScheme):
	case s.cfg.AcceptBearer && strings.EqualFold(scheme, bearerScheme):
	default:
		return "", errAuthentication
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return "", errInvalidToken
	}
	return token, nil
}

// hostRule applies Zoho's host rules and returns the data centre the
// request addresses. v2.1 and later must be called on the API host
// (www.zohoapis.*, and the emulator's own host stands for it); v2 also
// answers on the legacy crm.zoho.* hosts; Zoho Accounts hosts answer none
// (INVALID_HOST, reference §1 and CRM-cl).
func hostRule(v Version, host, location string) (string, error) {
	if _, svc, vendor := zohodc.ByHost(host); vendor {
		if svc == zohodc.Accounts {
			return "", errHost
		}
		return location, nil
	}
	if loc, legacy := legacyHost(host); legacy {
		if v != V2 {
			return "", errHost
		}
		return loc, nil
	}
	return location, nil
}

// legacyHost maps a legacy CRM host (crm.zoho.com, crm.zoho.eu,
// crm.zohocloud.ca, ...) to its data centre.
func legacyHost(host string) (string, bool) {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	host = strings.ToLower(host)
	for _, dc := range zohodc.All {
		tld := strings.TrimPrefix(dc.APIHost, "www.zohoapis")
		if host == "crm.zoho"+tld || (dc.Location == "ca" && host == "crm.zohocloud.ca") {
			return dc.Location, true
		}
	}
	return "", false
}

// respond writes a handler's result: an error in Zoho's envelope, a
// Response as it says, pre-rendered JSON as is, any other value as JSON.
func respond(w http.ResponseWriter, v any, err error) {
	if err != nil {
		writer.Error(w, err)
		return
	}
	status := http.StatusOK
	if resp, ok := v.(httpx.Response); ok {
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		if resp.Status != 0 {
			status = resp.Status
		}
		if resp.Body == nil {
			w.WriteHeader(status)
			return
		}
		v = resp.Body
	}
	if sj, ok := v.(splitJSON); ok {
		h := w.Header()
		h.Set("Content-Type", writer.ContentType)
		h.Set("Content-Length", itoa(len(sj.head)+len(sj.tail)))
		w.WriteHeader(status)
		_, _ = httpx.WriteShared(w, sj.head) // cached: never changed
		_, _ = w.Write(sj.tail)
		return
	}
	if raw, ok := v.(rawJSON); ok {
		h := w.Header()
		h.Set("Content-Type", writer.ContentType)
		h.Set("Content-Length", itoa(len(raw)))
		w.WriteHeader(status)
		_, _ = w.Write(raw)
		return
	}
	writer.Write(w, status, v)
}

// rawJSON is a body already rendered (a record).
type rawJSON []byte

// splitJSON is a body already rendered in two parts (a record page: the
// cached records, then its info).
type splitJSON struct{ head, tail []byte }

// noContent is Zoho's 204 with an empty body.
var noContent = httpx.Response{Status: http.StatusNoContent}

// notModified is the 304 of If-Modified-Since.
var notModified = httpx.Response{Status: http.StatusNotModified}
