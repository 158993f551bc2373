package zohosource

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FakeZoho is a small Zoho (Accounts token endpoint and the CRM reads the
// runtime makes) for this package's tests, reached through an
// http.RoundTripper that stamps the caller's IP, as the emulator's
// in-memory transport does. Every host reaches it.
type FakeZoho struct {
	mu sync.Mutex

	ClientID, ClientSecret string
	Refresh                map[string]bool // refresh token -> valid
	Access                 map[string]bool // access tokens Zoho accepts
	APIDomain              string          // api_domain of a refresh ("" -> https://www.zohoapis.com)
	Allowed                []netip.Prefix  // the org's allowed IPs; none: every IP
	Throttled              bool            // refreshes answer Access Denied
	Records                []FakeRecord
	Fields                 []zohoField
	TokenFrom              int // first major version with page tokens (default 4)
	DiscreteLimit          int // records page/per_page reach from TokenFrom on (default 2000)
	minted                 int

	// Fail, when set, may answer a request in Zoho's place: a status and
	// body, or (status 0) a transport error.
	Fail func(r *http.Request) (status int, body string, err error)

	Log []FakeRequest
}

// FakeRecord is a Leads record.
type FakeRecord struct {
	ID       string
	Modified time.Time
	Values   map[string]any
}

// FakeRequest is one request the fake saw.
type FakeRequest struct {
	Method, Host, Path string
	Query              url.Values
	Header             http.Header
	Form               url.Values
	Source             netip.Addr
}

// NewFakeZoho has one client, one valid refresh token "1000.rt" and no
// valid access token, and the Leads fields below.
func NewFakeZoho() *FakeZoho {
	return &FakeZoho{
		ClientID: "1000.CLIENT", ClientSecret: "s3cr3t-client-secret",
		Refresh: map[string]bool{"1000.rt": true}, Access: map[string]bool{},
		Fields: []zohoField{
			{APIName: "Owner", DataType: "ownerlookup", JSONType: "jsonobject"},
			{APIName: "Company", DataType: "text", JSONType: "string"},
			{APIName: "First_Name", DataType: "text", JSONType: "string"},
			{APIName: "Last_Name", DataType: "text", JSONType: "string"},
			{APIName: "Email", DataType: "email", JSONType: "string"},
			{APIName: "No_of_Employees", DataType: "integer", JSONType: "integer"},
			{APIName: "Big", DataType: "bigint", JSONType: "integer"},
			{APIName: "Annual_Revenue", DataType: "currency", JSONType: "double"},
			{APIName: "Email_Opt_Out", DataType: "boolean", JSONType: "boolean"},
			{APIName: "Birthday", DataType: "date", JSONType: "string"},
			{APIName: "Hobbies", DataType: "multiselectpicklist", JSONType: "jsonarray"},
			{APIName: "Lines", DataType: "subform", JSONType: "jsonarray"},
			{APIName: "Created_Time", DataType: "datetime", JSONType: "string"},
			{APIName: "Modified_Time", DataType: "datetime", JSONType: "string"},
		},
	}
}

// Client is the client func the engine takes.
func (z *FakeZoho) Client(ip netip.Addr) *http.Client {
	return &http.Client{Transport: fakeTransport{z: z, ip: ip}}
}

type fakeTransport struct {
	z  *FakeZoho
	ip netip.Addr
}

func (t fakeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		_ = req.Body.Close()
	}
	sreq := req.Clone(req.Context())
	sreq.Body = io.NopCloser(bytes.NewReader(body))
	sreq.RemoteAddr = netip.AddrPortFrom(t.ip, 40000).String()
	sreq.Host = req.URL.Host
	t.z.mu.Lock()
	fail := t.z.Fail
	t.z.mu.Unlock()
	if fail != nil {
		if status, b, err := fail(sreq); err != nil {
			return nil, err
		} else if status != 0 {
			return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(b)), Request: req}, nil
		}
		sreq.Body = io.NopCloser(bytes.NewReader(body))
	}
	rec := httptest.NewRecorder()
	t.z.ServeHTTP(rec, sreq)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// AddLeads adds n records modified at the given times (one each).
func (z *FakeZoho) AddLeads(times ...time.Time) {
	z.mu.Lock()
	defer z.mu.Unlock()
	for _, t := range times {
		n := len(z.Records) + 1
		id := fmt.Sprintf("4918916000%09d", n)
		z.Records = append(z.Records, FakeRecord{ID: id, Modified: t, Values: map[string]any{
			"Owner":           map[string]any{"name": "Patricia Boyle", "id": "4918916000000319001", "email": "p@zylker.test"},
			"Company":         fmt.Sprintf("Company %d", n),
			"First_Name":      fmt.Sprintf("First%d", n),
			"Last_Name":       fmt.Sprintf("Last%d", n),
			"Email":           fmt.Sprintf("lead%d@zylker.test", n),
			"No_of_Employees": n,
			"Big":             int64(9007199254740000) + int64(n),
			"Annual_Revenue":  float64(n) * 1000.5,
			"Email_Opt_Out":   n%2 == 0,
			"Birthday":        "1990-01-02",
			"Hobbies":         []any{"Golf", "Chess"},
			"Lines":           []any{map[string]any{"id": "1"}},
			"Created_Time":    t.Add(-time.Hour).Format(sinceLayout),
		}})
	}
}

// Touch sets a record's modification time.
func (z *FakeZoho) Touch(id string, t time.Time) {
	z.mu.Lock()
	defer z.mu.Unlock()
	for i := range z.Records {
		if z.Records[i].ID == id {
			z.Records[i].Modified = t
		}
	}
}

// Requests returns the requests seen whose path contains sub.
func (z *FakeZoho) Requests(sub string) []FakeRequest {
	z.mu.Lock()
	defer z.mu.Unlock()
	var out []FakeRequest
	for _, r := range z.Log {
		if strings.Contains(r.Path, sub) {
			out = append(out, r)
		}
	}
	return out
}

// Minted is how many access tokens the fake issued.
func (z *FakeZoho) Minted() int {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.minted
}

// Set changes the fake under its lock.
func (z *FakeZoho) Set(fn func(z *FakeZoho)) {
	z.mu.Lock()
	defer z.mu.Unlock()
	fn(z)
}

func (z *FakeZoho) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	src, _ := netip.ParseAddrPort(r.RemoteAddr)
	z.mu.Lock()
	defer z.mu.Unlock()
	z.Log = append(z.Log, FakeRequest{Method: r.Method, Host: r.Host, Path: r.URL.Path, Query: r.URL.Query(),
		Header: r.Header.Clone(), Form: r.PostForm, Source: src.Addr()})
	allowed := len(z.Allowed) == 0
	for _, p := range z.Allowed {
		allowed = allowed || p.Contains(src.Addr())
	}
	path := r.URL.Path
	if i := strings.Index(path, "/oauth/"); i >= 0 {
		path = path[i:]
	} else if i := strings.Index(path, "/crm/"); i >= 0 {
		path = path[i:]
	}
	if path == "/oauth/v2/token" {
		z.token(w, r, allowed)
		return
	}
	parts := strings.Split(strings.TrimPrefix(path, "/crm/"), "/")
	if !strings.HasPrefix(path, "/crm/") || len(parts) < 2 {
		crmError(w, 404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one")
		return
	}
	auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Zoho-oauthtoken ")
	if !ok {
		crmError(w, 401, "AUTHENTICATION_FAILURE", "Authentication failed")
		return
	}
	if !z.Access[auth] {
		crmError(w, 401, "INVALID_TOKEN", "invalid oauth token")
		return
	}
	if !allowed {
		crmError(w, 403, "NO_PERMISSION", "Access denied from this IP address")
		return
	}
	version := parts[0]
	switch rest := strings.Join(parts[1:], "/"); rest {
	case "settings/modules":
		writeJSON(w, 200, map[string]any{"modules": []any{
			map[string]any{"api_name": "Home", "plural_label": "Home", "api_supported": false},
			map[string]any{"api_name": "Leads", "plural_label": "Leads", "api_supported": true},
			map[string]any{"api_name": "Contacts", "plural_label": "Contacts", "api_supported": true},
		}})
	case "settings/fields":
		switch r.URL.Query().Get("module") {
		case "Leads":
			writeJSON(w, 200, map[string]any{"fields": z.Fields})
		case "Contacts":
			writeJSON(w, 200, map[string]any{"fields": []any{}})
		default:
			crmError(w, 400, "INVALID_MODULE", "the module name given seems to be invalid")
		}
	case "Leads":
		z.leads(w, r, version)
	default:
		crmError(w, 400, "INVALID_MODULE", "the module name given seems to be invalid")
	}
}

func (z *FakeZoho) token(w http.ResponseWriter, r *http.Request, allowed bool) {
	f := r.PostForm
	switch {
	case f.Get("grant_type") != "refresh_token":
		writeJSON(w, 200, map[string]any{"error": "unsupported_grant_type"})
	case f.Get("client_id") != z.ClientID:
		writeJSON(w, 200, map[string]any{"error": "invalid_client"})
	case f.Get("client_secret") != z.ClientSecret:
		writeJSON(w, 200, map[string]any{"error": "invalid_client_secret"})
	case !z.Refresh[f.Get("refresh_token")]:
		writeJSON(w, 200, map[string]any{"error": "invalid_code"})
	case z.Throttled:
		writeJSON(w, 400, map[string]any{"error_description": "You have made too many requests continuously. Please try again after some time.",
			"error": "Access Denied", "status": "failure"})
	case !allowed:
		writeJSON(w, 400, map[string]any{"error_description": "Access denied from this IP address.", "error": "Access Denied", "status": "failure"})
	default:
		z.minted++
		tok := fmt.Sprintf("1000.access%04d", z.minted)
		z.Access[tok] = true
		domain := z.APIDomain
		if domain == "" {
			domain = "https://www.zohoapis.com"
		}
		writeJSON(w, 200, map[string]any{"access_token": tok, "scope": "ZohoCRM.modules.ALL ZohoCRM.settings.ALL",
			"api_domain": domain, "token_type": "Bearer", "expires_in": 3600})
	}
}

func (z *FakeZoho) leads(w http.ResponseWriter, r *http.Request, version string) {
	q := r.URL.Query()
	major, _ := strconv.Atoi(strings.TrimPrefix(strings.SplitN(version, ".", 2)[0], "v"))
	tokenFrom := z.TokenFrom
	if tokenFrom == 0 {
		tokenFrom = 4
	}
	limit := z.DiscreteLimit
	if limit == 0 {
		limit = 2000
	}
	recs := slices.Clone(z.Records)
	if s := r.Header.Get("If-Modified-Since"); s != "" {
		since, err := time.Parse(time.RFC3339, s)
		if err != nil {
			crmError(w, 400, "INVALID_DATA", "invalid data")
			return
		}
		recs = slices.DeleteFunc(recs, func(x FakeRecord) bool { return !x.Modified.After(since) })
		if len(recs) == 0 {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	switch q.Get("sort_by") {
	case "Modified_Time":
		sort.SliceStable(recs, func(i, j int) bool { return recs[i].Modified.Before(recs[j].Modified) })
	default:
		sort.SliceStable(recs, func(i, j int) bool { return recs[i].ID < recs[j].ID })
	}
	if q.Get("sort_order") == "desc" {
		slices.Reverse(recs)
	}
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 || per > 200 {
		per = 200
	}
	offset := 0
	if tok := q.Get("page_token"); tok != "" && major >= tokenFrom {
		n, err := strconv.ParseInt(tok, 16, 64)
		if err != nil {
			crmError(w, 400, "INVALID_DATA", "invalid data")
			return
		}
		offset = int(n)
	} else {
		page, _ := strconv.Atoi(q.Get("page"))
		if page <= 0 {
			page = 1
		}
		offset = (page - 1) * per
		if major >= tokenFrom && page*per > limit {
			crmError(w, 400, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", "You can only get the first 2000 records without using page_token param.")
			return
		}
	}
	if offset >= len(recs) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	end := min(offset+per, len(recs))
	var fields []string
	if f := q.Get("fields"); f != "" {
		fields = strings.Split(f, ",")
	}
	data := []any{}
	for _, rec := range recs[offset:end] {
		m := map[string]any{"id": rec.ID, "Modified_Time": rec.Modified.Format(sinceLayout)}
		for k, v := range rec.Values {
			if k == "Lines" {
				continue // subforms are not in list reads
			}
			m[k] = v
		}
		if fields != nil {
			for k := range m {
				if k != "id" && !slices.Contains(fields, k) {
					delete(m, k)
				}
			}
		}
		data = append(data, m)
	}
	more := end < len(recs)
	info := map[string]any{"per_page": per, "count": len(data), "page": offset/per + 1, "more_records": more}
	if major >= tokenFrom {
		info["next_page_token"] = nil
		if more {
			info["next_page_token"] = strconv.FormatInt(int64(end), 16)
		}
	}
	writeJSON(w, 200, map[string]any{"data": data, "info": info})
}

func crmError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "details": map[string]any{}, "message": msg, "status": "error"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
