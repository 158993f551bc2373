package emulator

import (
	"net/http"
	"strings"

	"github.com/zohoaep/zohoaep/emulator/console"
	"github.com/zohoaep/zohoaep/emulator/zohosource"
)

// newConsole builds the web console over this emulator. Its Sources
// workflow calls the emulator's own APIs through HTTPClient, as Platform's
// UI calls Platform's.
func (e *Emulator) newConsole() (*console.Console, error) {
	region := e.source.Config().Region
	if r, ok := zohosource.LookupRegion(region); ok {
		region = r.Name + " (" + r.Label + ", egress " + e.source.EgressIP().String() + ")"
	}
	return console.New(console.Deps{
		Clock: e.clock, Journal: e.journal, Faults: e.faults, Accounts: e.accounts, IMS: e.ims,
		Region: region, Client: e.HTTPClient, BaseURL: e.URL, Scenarios: e.opts.Scenarios, FlowService: e.flows,
	})
}

// serve sends the console's pages to the console and everything else to
// the front door. The pages are not API calls: they are neither checked
// against a contract nor journaled, so that the Journal view shows the
// exchanges of clients (and the console's own API calls), not itself.
func (e *Emulator) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, console.Prefix) {
		e.serveConsole(w, r) // persist.go: durable with a data dir
		return
	}
	e.serveHTTP(w, r)
}
