package control_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator/control"
	"github.com/zohoaep/zohoaep/emulator/internal/clock"
	"github.com/zohoaep/zohoaep/emulator/internal/faults"
	"github.com/zohoaep/zohoaep/emulator/internal/journal"
	"github.com/zohoaep/zohoaep/emulator/zohoaccounts"
)

// The control API over its parts; the emulator wires it the same way and
// serves it under /_emulator/ behind its validating front door.
func ExampleNew() {
	wall := func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }
	clk := clock.New(wall)
	api := control.New(control.Deps{
		Clock:    clk,
		Journal:  journal.New(0),
		Faults:   faults.New(nil),
		Accounts: zohoaccounts.New(zohoaccounts.Config{}, clk.Now),
	})

	for _, call := range []struct{ method, path, body string }{
		{http.MethodPost, "/_emulator/clock/freeze", ""},
		{http.MethodPost, "/_emulator/clock/advance", `{"by": "1h30m"}`},
		{http.MethodPost, "/_emulator/zoho/orgs", `{"id": "1", "name": "Acme", "dc": "eu"}`},
		{http.MethodPost, "/_emulator/zoho/clients", `{"org_id": "1", "type": "server_based"}`},
	} {
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, httptest.NewRequest(call.method, call.path, strings.NewReader(call.body)))
		fmt.Println(rec.Code, rec.Body.String())
	}
	// Output:
	// 200 {"now":"2025-03-01T12:00:00Z","frozen":true,"offset":"0s"}
	// 200 {"now":"2025-03-01T13:30:00Z","frozen":true,"offset":"1h30m0s"}
	// 201 {"id":"1","name":"Acme","dc":"eu","time_zone":"America/Los_Angeles"}
	// 400 {"error":"invalid","message":"invalid: a server_based client needs a redirect URI"}
}
