package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"
)

// LoadSeed reads a world from a YAML or JSON file (JSON is YAML).
func LoadSeed(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	st, err := ParseSeed(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return st, nil
}

// ParseSeed parses a world document. YAML is converted to JSON first, so
// the State's JSON field names are the only schema, and unknown fields are
// errors rather than silent typos.
func ParseSeed(data []byte) (*State, error) {
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	j, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	var st State
	if err := dec.Decode(&st); err != nil {
		return nil, err
	}
	if st.Version == 0 {
		st.Version = StateVersion
	}
	return &st, nil
}
