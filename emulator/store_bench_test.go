package emulator_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/zohoaep/zohoaep/emulator"
)

// The store's hot paths of docs/performance.md ("Validation, journal and
// store"): exporting the whole state (GET /_emulator/state, a repro
// bundle, --data-dir), writing it as JSON, and importing it back (PUT
// /_emulator/state), for the demo world holding 20 refresh tokens and the
// 300 live access tokens Zoho's limits allow them:
//
//	go test -run '^$' -bench 'Export|Import' -benchmem ./emulator/

// tokenWorld is the demo world after 20 sign-ins and 15 refreshes each.
func tokenWorld(b *testing.B) *emulator.Emulator {
	b.Helper()
	e := benchEmulator(b, false)
	h := e.Handler()
	w := &discardWriter{}
	for range 20 {
		form := refreshForm(benchRefreshToken(b, e))
		for range 15 {
			w.reset()
			h.ServeHTTP(w, formRequest(form))
			tokenAnswer(b, w.status, w.body.Bytes())
		}
	}
	return e
}

func BenchmarkExport(b *testing.B) {
	e := tokenWorld(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if st := e.Export(); len(st.Zoho.Orgs) == 0 {
			b.Fatal("empty export")
		}
	}
}

func BenchmarkExportJSON(b *testing.B) {
	e := tokenWorld(b)
	b.ReportAllocs()
	b.ResetTimer()
	var size int
	for b.Loop() {
		data, err := json.Marshal(e.Export())
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size), "bytes/export")
}

func BenchmarkImport(b *testing.B) {
	e := tokenWorld(b)
	data, err := json.Marshal(e.Export())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var st emulator.State
		if err := json.Unmarshal(data, &st); err != nil {
			b.Fatal(err)
		}
		if err := e.Import(st); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStateOverHTTP is the control API's round trip of the state:
// GET /_emulator/state then PUT it back, in process, validated.
func BenchmarkStateOverHTTP(b *testing.B) {
	e := benchEmulator(b, true)
	h := e.Handler()
	w := &discardWriter{}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w.reset()
		get, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:9595/_emulator/state", nil)
		get.RemoteAddr = "127.0.0.1:40000"
		h.ServeHTTP(w, get)
		if w.status != http.StatusOK {
			b.Fatalf("export: %d %s", w.status, w.body.String())
		}
		doc := append([]byte(nil), w.body.Bytes()...)
		w.reset()
		put, _ := http.NewRequest(http.MethodPut, "http://127.0.0.1:9595/_emulator/state", bytesReader(doc))
		put.Header.Set("Content-Type", "application/json")
		put.RemoteAddr = "127.0.0.1:40000"
		h.ServeHTTP(w, put)
		if w.status != http.StatusOK {
			b.Fatalf("import: %d %s", w.status, w.body.String())
		}
	}
	b.StopTimer()
	noViolations(b, e)
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
