package console_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/zohoaep/zohoaep/emulator"
	"github.com/zohoaep/zohoaep/emulator/console"
)

// The console comes with every emulator, under /_emulator/ui/. Here its
// Scenarios view shows a catalogue handed in through Options, read with
// the emulator's in-memory client (a browser would use the served URL).
func Example() {
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo(), Scenarios: console.ScenariosFunc(func() []console.Scenario {
		return []console.Scenario{{ID: "expired-code", Title: "An expired grant code", Class: "oauth",
			Story:      "The app waits past the code's two minutes; Zoho answers invalid_code.",
			LastResult: &console.Result{Status: "pass", Summary: "3 of 3 steps"}}}
	})})
	if err != nil {
		panic(err)
	}
	defer e.Close()
	resp, err := e.HTTPClient().Get(e.URL() + console.Prefix + "scenarios")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	fmt.Println(strings.Contains(string(page), "An expired grant code"), strings.Contains(string(page), "1 passed"))
	// Output:
	// 200 text/html; charset=utf-8
	// true true
}
