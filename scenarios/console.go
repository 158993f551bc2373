package scenarios

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"

	"github.com/zohoaep/zohoaep/emulator/console"
)

// ForConsole adapts a catalogue to the web console's Scenarios view. When
// reportPath names a JSON report (zohoaep scenarios run --format json --out
// FILE), each scenario shows its result from that run; the file is read on
// every render, so a new run shows without a restart. The catalogue is
// loaded on the first render (parsing the embedded one takes ~20 ms, which
// start-up should not pay); a catalogue that fails to load shows empty.
func ForConsole(catalog func() ([]Scenario, error), reportPath string) console.Scenarios {
	load := sync.OnceValues(catalog)
	return console.ScenariosFunc(func() []console.Scenario {
		list, err := load()
		if err != nil {
			return nil
		}
		last := lastResults(reportPath)
		out := make([]console.Scenario, 0, len(list))
		for _, sc := range list {
			out = append(out, console.Scenario{
				ID: sc.ID, Title: sc.Title, Story: sc.Why, Class: sc.Class,
				LastResult: last[sc.ID],
			})
		}
		return out
	})
}

// lastResults reads a JSON report; a missing or unreadable one shows no
// results rather than failing the page.
func lastResults(path string) map[string]*console.Result {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var rep Report
	if json.Unmarshal(data, &rep) != nil {
		return nil
	}
	out := make(map[string]*console.Result, len(rep.Results))
	for _, res := range rep.Results {
		out[res.ID] = &console.Result{
			Status:   string(res.Status),
			Summary:  summary(res),
			At:       rep.Started,
			Duration: res.Duration,
		}
	}
	return out
}

// summary is the first finding's sentence, or why the scenario was not run.
func summary(res Result) string {
	switch {
	case len(res.Findings) > 0:
		if n := len(res.Findings); n > 1 {
			return fmt.Sprintf("%s (and %d more)", res.Findings[0].Says, n-1)
		}
		return res.Findings[0].Says
	case res.Reason != "":
		return res.Reason
	}
	return fmt.Sprintf("%d steps as expected", len(res.Steps))
}
