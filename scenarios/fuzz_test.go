package scenarios_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zohoaep/zohoaep/scenarios"
)

// FuzzParse feeds the strict parser arbitrary documents, seeded with the
// catalogue: it must return a scenario or an error, never panic, and a
// scenario it returns must validate.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("catalog/*.yaml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(minimal))
	f.Add([]byte("id: [\n"))
	f.Add([]byte("steps: {a: b}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenarios.Parse(data)
		if err != nil {
			return
		}
		if verr := s.Validate(); verr != nil {
			t.Fatalf("Parse accepted an invalid scenario: %v", verr)
		}
	})
}
