package scenarios_test

import (
	"context"
	"testing"

	"github.com/zohoaep/zohoaep/scenarios"
	"github.com/zohoaep/zohoaep/scenarios/refclient"
)

// BenchmarkCatalogue runs the whole catalogue against the reference
// client, each scenario on a fresh in-process emulator, as `zohoaep
// scenarios run --client builtin:reference` does. One op is one run.
func BenchmarkCatalogue(b *testing.B) {
	list, err := scenarios.Catalog()
	if err != nil {
		b.Fatal(err)
	}
	ref, _ := refclient.New()
	for b.Loop() {
		rep := scenarios.Execute(context.Background(), ref, list, scenarios.Options{})
		if !rep.OK() {
			b.Fatalf("the reference client failed: %+v", rep.Counts())
		}
	}
	b.ReportMetric(float64(len(list)), "scenarios")
}
