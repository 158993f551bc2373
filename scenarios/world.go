package scenarios

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/adobeims"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
)

// Target says where scenarios run.
type Target struct {
	// URL is an emulator already serving (a container, another host, one
	// shared by a team's CI), steered through its control API; empty
	// starts a fresh in-process emulator per scenario. Against a URL each
	// scenario runs in a tenant of its own (POST /_emulator/tenants),
	// deleted after it: the instance is never reset, and other tenants'
	// data is left alone.
	URL string
	// Listen serves each in-process emulator on a loopback port (clients
	// in other processes need one); otherwise Go clients reach it without
	// a socket.
	Listen bool
}

// harnessAgent marks the harness's own requests, which journal checks
// leave out.
const harnessAgent = "zohoaep-scenarios-harness"

// world is one scenario's emulator, steered through the control API.
type world struct {
	base string
	hc   *http.Client
	emu  *emulator.Emulator // nil for a serving emulator
	id   identity           // the org and credentials the scenario plays with
	// tenant is set on a serving emulator: the scenario's own tenant.
	tenant *tenant
}

// identity is the Zoho org, users and clients and the IMS org a scenario
// uses: the demo world's in-process, a fresh tenant's on a serving
// emulator.
type identity struct {
	Org, Admin               string
	ServerID, ServerSecret   string
	SelfID, SelfSecret       string
	IMSOrg, IMSID, IMSSecret string
	Sandbox                  string
}

// demoIdentity is the demo world's.
var demoIdentity = identity{
	Org: emulator.DemoOrgID, Admin: emulator.DemoUserEmail,
	ServerID: emulator.DemoServerClientID, ServerSecret: emulator.DemoClientSecret,
	SelfID: emulator.DemoSelfClientID, SelfSecret: emulator.DemoClientSecret,
	IMSOrg: adobeims.DemoOrgID, IMSID: adobeims.DemoClientID, IMSSecret: adobeims.DemoClientSecret, Sandbox: "prod",
}

func openWorld(ctx context.Context, t Target, sc Scenario) (*world, error) {
	if t.URL != "" {
		if sc.Setup.Region != "" {
			return nil, errSkip("sets the AEP region, which only an in-process emulator can")
		}
		w := &world{base: strings.TrimRight(t.URL, "/"), hc: &http.Client{Timeout: 60 * time.Second}}
		if err := w.openTenant(ctx, sc); err != nil {
			return nil, err
		}
		return w, nil
	}
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo(), Source: zohosource.Config{Region: sc.Setup.Region}})
	if err != nil {
		return nil, err
	}
	e.Clock().Freeze()
	w := &world{emu: e, hc: e.HTTPClient(), base: e.URL(), id: demoIdentity}
	if t.Listen {
		if err := e.Start("127.0.0.1:0"); err != nil {
			return nil, err
		}
		w.base = e.URL()
	}
	return w, nil
}

func (w *world) close() {
	if w.emu != nil {
		_ = w.emu.Close()
	}
	if w.tenant != nil {
		w.closeTenant()
	}
}

// skipError says a scenario cannot run here; it is skipped, not failed.
type skipError string

func errSkip(reason string) error { return skipError(reason) }
func (e skipError) Error() string { return string(e) }
func isSkip(err error) (string, bool) {
	var s skipError
	ok := errors.As(err, &s)
	return string(s), ok
}

// control calls the control API, decoding a 2xx answer into out.
func (w *world) control(ctx context.Context, method, path string, body, out any) error {
	_, err := w.call(ctx, method, w.base+path, body, out, nil)
	return err
}

// call sends one harness request with a JSON or form body.
func (w *world) call(ctx context.Context, method, u string, body, out any, header http.Header) (http.Header, error) {
	var rd io.Reader = http.NoBody
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case []byte:
		rd, ctype = bytes.NewReader(b), "application/json"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd, ctype = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", harnessAgent)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := w.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("harness: %s %s: %w", method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if resp.StatusCode/100 != 2 {
		return resp.Header, fmt.Errorf("harness: %s %s: %s: %s", method, req.URL.Path, resp.Status, bytes.TrimSpace(data[:min(len(data), 300)]))
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return resp.Header, fmt.Errorf("harness: %s %s: %w", method, req.URL.Path, err)
		}
	}
	return resp.Header, nil
}

// now reads the virtual clock.
func (w *world) now() time.Time {
	if w.emu != nil {
		return w.emu.Clock().Now()
	}
	var c struct {
		Now time.Time `json:"now"`
	}
	if err := w.control(context.Background(), http.MethodGet, "/_emulator/clock", nil, &c); err != nil {
		return time.Now()
	}
	return c.Now
}

// entry is a journal entry as the control API gives it.
type entry struct {
	Seq       int64             `json:"seq"`
	Service   string            `json:"service"`
	Operation string            `json:"operation"`
	Tenant    string            `json:"tenant"`
	Client    string            `json:"client"`
	DC        string            `json:"dc"`
	SourceIP  string            `json:"source_ip"`
	Method    string            `json:"method"`
	Path      string            `json:"path"`
	Query     string            `json:"query"`
	Header    map[string]string `json:"request_headers"`
	Body      string            `json:"request_body"`
	Status    int               `json:"status"`
	RespBody  string            `json:"response_body"`
	Fault     string            `json:"fault"`
	Verdict   *struct {
		Violations []struct {
			Side    string `json:"side"`
			Rule    string `json:"rule"`
			Where   string `json:"where"`
			Message string `json:"message"`
		} `json:"violations"`
	} `json:"verdict"`
}

// journal reads the entries after seq, the harness's own left out. On a
// serving emulator it asks for its tenants' entries alone (other users'
// traffic, CRM pages included, stays on the server), and refuses to judge
// a scenario whose entries the journal's ring has dropped.
func (w *world) journal(ctx context.Context, after int64) ([]entry, error) {
	if w.tenant == nil {
		return w.journalPage(ctx, fmt.Sprintf("after=%d", after))
	}
	after = max(after, w.tenant.start)
	var all []entry
	for _, id := range w.tenant.ids {
		page, err := w.journalPage(ctx, fmt.Sprintf("after=%d&tenant=%s", after, url.QueryEscape(id)))
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
	}
	slices.SortFunc(all, func(a, b entry) int { return cmp.Compare(a.Seq, b.Seq) })
	all = slices.CompactFunc(all, func(a, b entry) bool { return a.Seq == b.Seq })
	var probe struct {
		Size int `json:"size"`
	}
	if err := w.control(ctx, http.MethodGet, "/_emulator/journal?limit=1&service=none", nil, &probe); err != nil {
		return nil, err
	}
	if newest := w.lastSeq(ctx); probe.Size > 0 && newest-after > int64(probe.Size) {
		return nil, fmt.Errorf("harness: the shared emulator's journal dropped entries %d to %d of this scenario's time: "+
			"its ring (%d entries) is too small for the traffic (serve --journal-size)", after+1, newest-int64(probe.Size), probe.Size)
	}
	return all, nil
}

// journalPage reads one journal query, the harness's own entries and
// those not the scenario's left out.
func (w *world) journalPage(ctx context.Context, query string) ([]entry, error) {
	var page struct {
		Entries []entry `json:"entries"`
	}
	if err := w.control(ctx, http.MethodGet, "/_emulator/journal?"+query, nil, &page); err != nil {
		return nil, err
	}
	out := page.Entries[:0]
	for _, e := range page.Entries {
		if e.Service == emulator.ServiceControl || headerOf(e.Header, "User-Agent") == harnessAgent || !w.owns(e) {
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// lastSeq is the newest journal sequence number.
func (w *world) lastSeq(ctx context.Context) int64 {
	var page struct {
		Entries []entry `json:"entries"`
	}
	if err := w.control(ctx, http.MethodGet, "/_emulator/journal?limit=1", nil, &page); err != nil || len(page.Entries) == 0 {
		return 0
	}
	return page.Entries[0].Seq
}

func headerOf(h map[string]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}
