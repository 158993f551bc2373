package convert

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/zohoaep/zohoaep/scenarios"
)

// YAML renders the conversion as a catalogue file: a comment saying where
// it came from and its notes, then the scenario. The result parses with
// scenarios.Parse, or YAML returns an error.
func (c Conversion) YAML(source string) ([]byte, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Converted by zohoaep cassette scenario from %s.\n", oneLine(source))
	fmt.Fprintf(&buf, "# Read it before adding it to the catalogue; the conversion noted:\n")
	for _, n := range c.Notes {
		fmt.Fprintf(&buf, "#   - %s\n", oneLine(n))
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(c.Scenario); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	if _, err := scenarios.Parse(buf.Bytes()); err != nil {
		return nil, fmt.Errorf("convert: the scenario written does not parse back: %w", err)
	}
	return buf.Bytes(), nil
}

func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}
