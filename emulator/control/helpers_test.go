package control

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zohoaep/zohoaep/contracts"
	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// The fixture world: a US org with a user, a server-based client and a
// self client; an EU org with a user and no clients. Identifiers are fixed.
const (
	usOrg      = "100000000000000001"
	euOrg      = "200000000000000002"
	aliceZUID  = "700000001"
	aliceEmail = "alice@acme.test"
	bobZUID    = "700000002"
	bobEmail   = "bob@acme.eu"
	webID      = "1000.WEB000000000000000000000000000"
	selfID     = "1000.SELF00000000000000000000000000"
	webSecret  = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	selfSecret = "dddddddddddddddddddddddddddddddddddddddddd"
	crmScope   = "ZohoCRM.modules.ALL"
)

// wall is the fixture's wall clock: it stands still, so a running virtual
// clock is as predictable as a frozen one.
var wall = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func seed() zohoaccounts.State {
	return zohoaccounts.State{Orgs: []zohoaccounts.OrgState{
		{
			Org: zohoaccounts.Org{ID: usOrg, Name: "Acme US", DC: "us", TimeZone: "America/New_York"},
			Users: []zohoaccounts.User{{ZUID: aliceZUID, Email: aliceEmail, Password: "alice-pw",
				FirstName: "Alice", LastName: "Archer"}},
			Clients: []zohoaccounts.Client{
				{ID: webID, Secret: webSecret, Name: "Acme Connector", Type: zohoaccounts.ServerBased,
					RedirectURIs: []string{"https://app.example/callback"}},
				{ID: selfID, Secret: selfSecret, Name: "Self Client", Type: zohoaccounts.SelfClient},
			},
		},
		{
			Org: zohoaccounts.Org{ID: euOrg, Name: "Acme EU", DC: "eu", TimeZone: "Europe/Berlin"},
			Users: []zohoaccounts.User{{ZUID: bobZUID, Email: bobEmail, Password: "bob-pw",
				FirstName: "Bob", LastName: "Berger"}},
		},
	}}
}

// knownError is the fixture's error catalogue for fault rules.
func knownError(service, code string) bool {
	return service == "zoho-accounts" && (code == "invalid_code" || code == "invalid_client")
}

// fakeWorld is the emulator as the control API sees it, built from the
// same pieces: it resets, exports and imports the way emulator.world does.
type fakeWorld struct {
	accounts  *zohoaccounts.Service
	clock     *clock.Clock
	journal   *journal.Journal
	faults    *faults.Set
	exportErr error // makes ExportState fail
}

type worldState struct {
	Version int                `json:"version"`
	Zoho    zohoaccounts.State `json:"zoho"`
	Faults  []faults.Rule      `json:"faults,omitempty"`
}

func (w *fakeWorld) Reset(tenant string) error {
	if err := w.accounts.Reset(tenant); err != nil {
		return err
	}
	w.faults.Clear(tenant)
	if tenant == "" {
		w.clock.Reset()
		w.journal.Clear()
	}
	return nil
}

func (w *fakeWorld) ExportState(tenants []string) ([]byte, error) {
	if w.exportErr != nil {
		return nil, w.exportErr
	}
	zoho := w.accounts.Export()
	if len(tenants) > 0 {
		for _, id := range tenants {
			if _, err := w.accounts.GetOrg(id); err != nil {
				return nil, err
			}
		}
		zoho = zoho.Part(tenants...)
	}
	return json.Marshal(worldState{Version: 1, Zoho: zoho, Faults: w.faults.List()})
}

func (w *fakeWorld) ImportState(data []byte) error {
	var st worldState
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	if err := faults.New(knownError).Load(st.Faults); err != nil {
		return err
	}
	if err := w.accounts.Import(st.Zoho); err != nil {
		return err
	}
	return w.faults.Load(st.Faults)
}

// fixture is one control API over real parts and the fake world.
type fixture struct {
	api      *API
	clock    *clock.Clock
	journal  *journal.Journal
	faults   *faults.Set
	accounts *zohoaccounts.Service
	world    *fakeWorld
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clk := clock.New(func() time.Time { return wall })
	acc := zohoaccounts.New(zohoaccounts.Config{}, clk.Now)
	require.NoError(t, acc.Seed(seed()))
	f := &fixture{clock: clk, journal: journal.New(16), faults: faults.New(knownError), accounts: acc}
	f.world = &fakeWorld{accounts: acc, clock: clk, journal: f.journal, faults: f.faults}
	f.api = New(Deps{Clock: clk, Journal: f.journal, Faults: f.faults, Accounts: acc, World: f.world})
	return f
}

// expect says how an exchange must stand under the contract. Responses
// must always conform; requests do unless a test breaks them on purpose.
type expect int

const (
	conforming  expect = iota // request and response conform
	badRequest                // the request breaks the contract; the response conforms
	noOperation               // no operation of the contract matches the request
)

// do sends one request to the control API and judges the exchange under
// openapi/emulator-admin.yaml, so that every test also proves that the
// handler and the contract agree. body is nil (none), a string or []byte
// (sent as is), or a value sent as JSON.
func (f *fixture) do(t *testing.T, method, path string, body any, want ...expect) *httptest.ResponseRecorder {
	t.Helper()
	mode := conforming
	if len(want) > 0 {
		mode = want[0]
	}
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(t, err)
		rd = bytes.NewReader(data)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec, verdict := adminContract(t).Judge(f.api, req)
	reqSide, respSide := verdict.On(contracts.Request), verdict.On(contracts.Response)
	what := fmt.Sprintf("%s %s -> %d %s", method, path, rec.Code, rec.Body.String())
	assert.Empty(t, respSide, "response breaks the contract: %s", what)
	switch mode {
	case conforming:
		assert.Empty(t, reqSide, "request breaks the contract: %s", what)
	case badRequest:
		assert.NotEmpty(t, reqSide, "the contract should refuse this request: %s", what)
	case noOperation:
		assert.Empty(t, verdict.Operation, "%s should not be an operation", what)
	}
	if rec.Body.Len() > 0 {
		assert.Equal(t, "application/json", rec.Header().Get("Content-Type"), what)
	}
	if verdict.Operation != "" && len(respSide) == 0 {
		covered.add(verdict.Operation)
	}
	return rec
}

var (
	contractOnce sync.Once
	contract     *contracts.Contract
	contractErr  error
)

func adminContract(t *testing.T) *contracts.Contract {
	t.Helper()
	contractOnce.Do(func() { contract, contractErr = contracts.Load("emulator-admin") })
	require.NoError(t, contractErr)
	return contract
}

// result decodes a JSON answer.
func result[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &v), rec.Body.String())
	return v
}

// requireError checks an error answer's status and code.
func requireError(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) Error {
	t.Helper()
	require.Equal(t, status, rec.Code, rec.Body.String())
	e := result[Error](t, rec)
	assert.Equal(t, code, e.Code)
	assert.NotEmpty(t, e.Message)
	return e
}

// covered collects the operations the tests exercised; TestMain fails a
// full run that leaves an operation of the contract untested.
var covered = &opSet{seen: map[string]bool{}}

type opSet struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (s *opSet) add(op string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen[op] = true
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" {
		c, err := contracts.Load("emulator-admin")
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		var missing []string
		for _, op := range c.Operations() {
			if !covered.seen[op] {
				missing = append(missing, op)
			}
		}
		if len(missing) > 0 {
			slices.Sort(missing)
			fmt.Println("operations of emulator-admin.yaml no test exercised:", missing)
			code = 1
		}
	}
	os.Exit(code)
}
