package emulator

import (
	"maps"
	"net/http"
	"slices"
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
		FaultChoices: e.faultChoices, Reset: func() error { return e.Reset("") },
	})
}

// faultChoices are, per vendor service, the operations of its contract
// and the codes of its error catalogue: what a fault rule can name.
func (e *Emulator) faultChoices() []console.FaultService {
	var out []console.FaultService
	for _, s := range e.services {
		if s.name == ServiceControl {
			continue
		}
		fs := console.FaultService{Name: s.name, Errors: slices.Sorted(maps.Keys(s.catalogue))}
		if c, err := s.contract.Contract(); err == nil {
			fs.Operations = c.Operations()
			slices.Sort(fs.Operations)
		}
		out = append(out, fs)
	}
	return out
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
