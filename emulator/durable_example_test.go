package emulator_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/zohoaep/zohoaep/emulator"
)

// ExampleOptions_dataDir keeps the world in a data directory: ten days
// added to the virtual clock through the control API are on disk before
// the API answers, and the next emulator on that directory starts from
// them.
func ExampleOptions_dataDir() {
	dir, err := os.MkdirTemp("", "zohoaep-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	first, err := emulator.New(emulator.Options{Seed: emulator.Demo(), DataDir: dir})
	if err != nil {
		panic(err)
	}
	resp, err := first.HTTPClient().Post(first.URL()+"/_emulator/clock/advance", "application/json",
		strings.NewReader(`{"by":"240h"}`))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	_ = first.Close() // or kill -9: the advance was acknowledged, so it is on disk

	again, err := emulator.New(emulator.Options{DataDir: dir})
	if err != nil {
		panic(err)
	}
	defer again.Close()
	fmt.Println("loaded:", again.Loaded())
	fmt.Println("clock offset:", again.Clock().State().Offset[:3])
	// Output:
	// loaded: true
	// clock offset: 240
}

// ExampleLocalTLS serves HTTPS with a certificate from a local CA kept in
// a directory; clients trust the CA file it names.
func ExampleLocalTLS() {
	dir, err := os.MkdirTemp("", "zohoaep-ca-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	cfg, caPath, err := emulator.LocalTLS(dir, time.Now())
	if err != nil {
		panic(err)
	}
	e, err := emulator.New(emulator.Options{Seed: emulator.Demo(), TLS: cfg})
	if err != nil {
		panic(err)
	}
	defer e.Close()
	if err := e.Start("127.0.0.1:0"); err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(e.URL(), "https://"), strings.TrimPrefix(caPath, dir))
	// Output: true /ca.pem
}
